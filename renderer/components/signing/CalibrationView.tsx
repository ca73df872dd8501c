import { calibrationTargets } from '../../../native/calibration/fourPointCalibration';
import type { Language } from '../../../preload/common/contract';
import type { CustomerCalibration } from '../../../preload/common/customerScreenState';
import { format } from '../../i18n/customerMessages';
import { penMessages } from '../penMessages';
import '../reading/reading.css';

/**
 * The calibration's four crosses and words as they are on the customer's screen: drawn from its
 * progress alone, so the customer's window (CalibrationScreen, which reads the pen) and the
 * teller's mirror (read-only) show the same. Covers the whole screen so that nothing else can be
 * tapped by mistake.
 */
export function CalibrationView(props: { language: Language; progress: CustomerCalibration; size: { width: number; height: number }; onConnect?: () => void; onCancel?: () => void }) {
  const { progress, size } = props;
  const t = penMessages[props.language];
  const targets = calibrationTargets(size.width, size.height);
  const ready = progress.pen !== 'absent' && progress.pen !== 'unsupported';
  const cross = (i: number) => {
    const p = targets[i];
    const active = !progress.finished && i === progress.step && ready;
    return (
      <div key={i} data-testid={`calibration-target-${i}`} data-active={active} aria-hidden="true"
        style={{ position: 'absolute', left: p.x - 24, top: p.y - 24, width: 48, height: 48, opacity: active ? 1 : 0.25 }}>
        <div style={{ position: 'absolute', left: 23, top: 0, width: 2, height: 48, background: active ? '#b00020' : '#555' }} />
        <div style={{ position: 'absolute', left: 0, top: 23, width: 48, height: 2, background: active ? '#b00020' : '#555' }} />
      </div>
    );
  };
  const interactive = Boolean(props.onCancel);
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="calibration-title" data-testid="calibration-screen" data-step={progress.step} data-finished={progress.finished}
      className="calibration-screen" style={{ position: interactive ? 'fixed' : 'absolute', inset: 0, background: '#fff', zIndex: 1000 }}>
      {targets.map((_, i) => cross(i))}
      {/* The words and buttons keep to the space inside the crosses (each cross 24 px from its centre, 24 px clear). */}
      <div className="calibration-text" data-testid="calibration-text">
        <h1 id="calibration-title">{t.calibrateTitle}</h1>
        <p className="large">{ready ? t.calibrateHint : t.calibrateNoPen}</p>
        {ready && !progress.finished && <p aria-live="polite">{format(t.calibrateProgress, { n: progress.step + 1 })}</p>}
        {progress.message && <p className="notice" role="status">{progress.message}</p>}
        <div className="calibration-actions">
          {progress.pen === 'absent' && <button className="primary" disabled={!interactive} onClick={props.onConnect}>{t.connectPen}</button>}
          {!progress.finished && <button disabled={!interactive} onClick={props.onCancel}>{t.cancel}</button>}
        </div>
      </div>
    </div>
  );
}
