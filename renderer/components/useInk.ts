import { useEffect, useRef, useState } from 'react';
import type { InkPoint } from '../../native/pen/penSample';
import type { StationApi } from '../../preload/common/stationApi';

/** The ink of the current session, kept in a ref (no copy per sample) with a version to redraw on. */
export function useInk(api: StationApi) {
  const strokes = useRef<InkPoint[][]>([]);
  const sessionId = useRef<string>('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const offPoints = api.on('ink.points', (e) => {
      if (e.sessionId !== sessionId.current) {
        sessionId.current = e.sessionId;
        strokes.current = [];
      }
      e.strokes.forEach((s, i) => {
        if (i === 0 && e.continuesLastStroke && strokes.current.length) strokes.current[strokes.current.length - 1].push(...s);
        else strokes.current.push([...s]);
      });
      bump();
    });
    const offCleared = api.on('ink.cleared', () => {
      strokes.current = [];
      bump();
    });
    // A window that (re)connects or mounts mid-signature (reload, network blip, teller unlocking)
    // starts from the ink the station holds, so both screens show the same signature.
    const offConnection = api.onConnection((connected) => {
      if (!connected) return;
      api.call('ink.current', {}).then((current) => {
        sessionId.current = current.sessionId;
        strokes.current = current.strokes.map((s) => [...s]);
        bump();
      }).catch(() => undefined);
    });
    return () => {
      offPoints();
      offCleared();
      offConnection();
    };
  }, [api]);

  return { strokes, version, pointCount: strokes.current.reduce((n, s) => n + s.length, 0) };
}
