import type { Station } from '../../main/station';

/**
 * For tests that drive a composed station through its contract, as the windows do.
 *   const call = stationCaller(() => station); await call('teller', 'session.current')
 * A refusal throws an Error carrying the contract's code and words (err.code, err.words).
 */
export function stationCaller(station: () => Station) {
  return async (role: 'teller' | 'customer', name: string, payload: unknown = {}): Promise<any> => {
    const r = await station().dispatch(role, name, payload);
    if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { code: r.error.code, words: r.error.message });
    return r.payload;
  };
}

/** One pointer-events stroke of 40 points across the signature box (enough ink to count as a signature). */
export function pointerStroke(): unknown[] {
  return Array.from({ length: 40 }, (_, i) => {
    const nx = 0.1 + i * 0.02;
    const ny = 0.5 + 0.2 * Math.sin(i / 4);
    // 20 ms apart: the stroke takes 0.8 s, as a hand's does (a 0.2 s flick is refused as too quick).
    return { t: 1000 + i * 20, x: nx * 600, y: ny * 200, pressure: 0.6, nx, ny, np: 0.6, inRange: true, tip: i < 39, buttons: 0 };
  });
}
