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
    return () => {
      offPoints();
      offCleared();
    };
  }, [api]);

  return { strokes, version, pointCount: strokes.current.reduce((n, s) => n + s.length, 0) };
}
