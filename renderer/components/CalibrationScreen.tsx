import { useEffect, useRef, useState } from 'react';
import { calibrate, calibrationTargets, CalibrationError } from '../../native/calibration/fourPointCalibration';
import type { Language, PenCalibration } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { format } from '../i18n/customerMessages';
import { CalibrationTouches } from './calibrationTouches';
import { penMessages } from './penMessages';
import { windowSize, type CustomerPen } from './useCustomerPen';
import './reading/reading.css';

/**
 * The four-point calibration of the customer's pen display, started by the teller: four crosses
 * near the corners, one after the other; the pen touches each; the device → window mapping is
 * computed, stored per device by the station and used for the ink from then on. Covers the whole
 * window so that nothing else can be tapped by mistake.
 */
export function CalibrationScreen(props: { api: StationApi; pen: CustomerPen; language: Language; onClose: () => void }) {
  const { api, pen, language, onClose } = props;
  const t = penMessages[language];
  const [size] = useState(windowSize);
  const targets = calibrationTargets(size.width, size.height);
  const [step, setStep] = useState(0);
  const [message, setMessage] = useState<string>();
  const [finished, setFinished] = useState(false);
  const touches = useRef(new CalibrationTouches());
  const key = pen.state.kind === 'connected' ? pen.state.key : undefined;

  useEffect(() => {
    if (!key || finished) return;
    touches.current.reset();
    setStep(0);
    return pen.onSamples((samples) => {
      const n = touches.current.push(samples);
      if (n < 4) {
        setStep(n);
        return;
      }
      const touched = touches.current.touched.slice(0, 4);
      touches.current.reset();
      setStep(0);
      let result: PenCalibration;
      try {
        result = calibrate(key, size, targets, touched);
      } catch (err) {
        // A slipped pen: say why in words and start again from the first cross.
        setMessage(err instanceof CalibrationError ? err.message : t.calibrateFailed);
        return;
      }
      api
        .call('pen.saveCalibration', result)
        .then(() => {
          pen.setCalibration(result);
          setFinished(true);
          setMessage(t.calibrated);
          setTimeout(onClose, 2500);
        })
        .catch(() => setMessage(t.calibrateFailed));
    });
  }, [key, finished]);

  const cross = (i: number) => {
    const p = targets[i];
    const active = !finished && i === step && !!key;
    return (
      <div key={i} data-testid={`calibration-target-${i}`} data-active={active} aria-hidden="true"
        style={{ position: 'absolute', left: p.x - 24, top: p.y - 24, width: 48, height: 48, opacity: active ? 1 : 0.25 }}>
        <div style={{ position: 'absolute', left: 23, top: 0, width: 2, height: 48, background: active ? '#b00020' : '#555' }} />
        <div style={{ position: 'absolute', left: 0, top: 23, width: 48, height: 2, background: active ? '#b00020' : '#555' }} />
      </div>
    );
  };

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="calibration-title" data-testid="calibration-screen" data-step={step} data-finished={finished}
      style={{ position: 'fixed', inset: 0, background: '#fff', zIndex: 1000 }}>
      {targets.map((_, i) => cross(i))}
      {/* The words and buttons keep to the space inside the crosses (each cross 24 px from its centre, 24 px clear). */}
      <div className="calibration-text" data-testid="calibration-text">
        <h1 id="calibration-title">{t.calibrateTitle}</h1>
        <p className="large">{key ? t.calibrateHint : t.calibrateNoPen}</p>
        {key && !finished && <p aria-live="polite">{format(t.calibrateProgress, { n: step + 1 })}</p>}
        {message && <p className="notice" role="status">{message}</p>}
        <div className="calibration-actions">
          {!key && pen.state.kind !== 'unsupported' && <button className="primary" onClick={() => pen.choose()}>{t.connectPen}</button>}
          {!finished && <button onClick={onClose}>{t.cancel}</button>}
        </div>
      </div>
    </div>
  );
}
