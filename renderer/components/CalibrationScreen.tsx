import { useEffect, useRef, useState } from 'react';
import { calibrate, calibrationTargets, CalibrationError } from '../../native/calibration/fourPointCalibration';
import type { Language, PenCalibration } from '../../preload/common/contract';
import type { CustomerCalibration } from '../../preload/common/customerScreenState';
import type { StationApi } from '../../preload/common/stationApi';
import { CalibrationTouches } from './calibrationTouches';
import { penMessages } from './penMessages';
import { CalibrationView } from './signing/CalibrationView';
import { windowSize, type CustomerPen } from './useCustomerPen';
import './reading/reading.css';

/**
 * The four-point calibration of the customer's pen display, started by the teller: four crosses
 * near the corners, one after the other; the pen touches each; the device → window mapping is
 * computed, stored per device by the station and used for the ink from then on. Its progress goes
 * to the station (`onProgress`), which shows the same crosses in the teller's mirror.
 */
export function CalibrationScreen(props: { api: StationApi; pen: CustomerPen; language: Language; onClose: () => void; onProgress: (p: CustomerCalibration) => void }) {
  const { api, pen, language, onClose } = props;
  const t = penMessages[language];
  const [size] = useState(windowSize);
  const targets = calibrationTargets(size.width, size.height);
  const [step, setStep] = useState(0);
  const [message, setMessage] = useState<string>();
  const [finished, setFinished] = useState(false);
  const touches = useRef(new CalibrationTouches());
  const key = pen.state.kind === 'connected' ? pen.state.key : undefined;
  const progress: CustomerCalibration = { step, finished, message, pen: key ? 'ready' : pen.state.kind === 'unsupported' ? 'unsupported' : 'absent' };

  useEffect(() => {
    props.onProgress(progress);
  }, [step, finished, message, progress.pen]);

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

  return <CalibrationView language={language} progress={progress} size={size} onConnect={() => pen.choose()} onCancel={onClose} />;
}
