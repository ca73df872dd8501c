import { useEffect, useRef, useState } from 'react';
import type { PenCalibration } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import type { PenSample } from '../../native/pen/penSample';
import { browserWebHid, WebHidPen, type WebHidPenState } from './webHidPen';

export type CustomerPenState = WebHidPenState | { kind: 'unsupported' };

/** The customer page's own pen (WebHID), its stored calibration, and a way to listen to its samples. */
export interface CustomerPen {
  state: CustomerPenState;
  /** Set when the last "Connect pen" found nothing or failed (a message key of penMessages). */
  problem?: 'penNotChosen' | 'penFailed';
  choose(): void;
  onSamples(listener: (samples: PenSample[]) => void): () => void;
  calibration?: PenCalibration;
  setCalibration(calibration: PenCalibration): void;
}

export const windowSize = () => ({ width: Math.round(window.innerWidth), height: Math.round(window.innerHeight) });

export function useCustomerPen(api: StationApi): CustomerPen {
  const pen = useRef<WebHidPen>(undefined);
  const [state, setState] = useState<CustomerPenState>({ kind: 'unsupported' });
  const [problem, setProblem] = useState<CustomerPen['problem']>();
  const [calibration, setCalibration] = useState<PenCalibration>();

  useEffect(() => {
    // In Electron the station itself reads the pens over USB: a second reader here would double them.
    const hid = api.transport === 'browser' ? browserWebHid() : undefined;
    if (!hid) return;
    const p = new WebHidPen(hid, setState);
    pen.current = p;
    setState(p.state);
    // A pen granted on an earlier visit opens without a gesture.
    p.open().catch(() => setState({ kind: 'failed' }));
    return () => {
      pen.current = undefined;
      void p.close();
    };
  }, [api]);

  // "No pen was chosen" answers one tap of one customer: the next session (or the screen going
  // back to idle) starts without it.
  useEffect(() => {
    let shown: string | undefined;
    return api.on('customer.sessionChanged', (view) => {
      if (shown !== undefined && view.sessionId !== shown) setProblem(undefined);
      shown = view.sessionId;
    });
  }, [api]);

  // The stored calibration of this pen display, for this window size.
  const key = state.kind === 'connected' ? state.key : undefined;
  useEffect(() => {
    setCalibration(undefined);
    if (!key) return;
    let live = true;
    api.call('pen.calibration', { device: key, window: windowSize() }).then((r) => live && setCalibration(r.calibration)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, key]);

  return {
    state,
    problem,
    choose: () => {
      setProblem(undefined);
      pen.current?.choose().then((ok) => !ok && setProblem('penNotChosen')).catch(() => setProblem('penFailed'));
    },
    onSamples: (listener) => pen.current?.onSamples(listener) ?? (() => undefined),
    calibration,
    setCalibration,
  };
}
