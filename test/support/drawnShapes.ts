/**
 * Known shapes for the geometry tests, each drawn as one closed line the way a hand would trace
 * it: a wide rectangle (3.8 : 1, the issue's measurement) and a circle. Points are [x, y] with y
 * down, in whatever unit the caller gives the sizes in (millimetres on a device, CSS pixels in a
 * window), about `step` apart.
 */
export type Polyline = [number, number][];

export interface DrawnShape {
  name: 'wide rectangle' | 'circle';
  /** Width / height of the line's centre. */
  aspect: number;
  points: Polyline;
}

export function wideRectangle(left: number, top: number, width: number, height: number, step: number): DrawnShape {
  const corners: [number, number][] = [[left, top], [left + width, top], [left + width, top + height], [left, top + height], [left, top]];
  const points: Polyline = [];
  for (let c = 0; c < 4; c++) {
    const [ax, ay] = corners[c];
    const [bx, by] = corners[c + 1];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let i = 0; i < n; i++) points.push([ax + ((bx - ax) * i) / n, ay + ((by - ay) * i) / n]);
  }
  points.push([left, top]);
  return { name: 'wide rectangle', aspect: width / height, points };
}

export function circle(cx: number, cy: number, radius: number, step: number): DrawnShape {
  const n = Math.max(24, Math.ceil((2 * Math.PI * radius) / step));
  // One turn and a little more, so that the line closes as a hand's does.
  const points: Polyline = Array.from({ length: n + 3 }, (_, i) => [cx + radius * Math.cos((2 * Math.PI * i) / n), cy + radius * Math.sin((2 * Math.PI * i) / n)]);
  return { name: 'circle', aspect: 1, points };
}

/** The two shapes of the issue, centred in a surface of this size (same unit as its sides). */
export function issueShapes(surface: { width: number; height: number }, step: number): DrawnShape[] {
  const w = Math.min(surface.width * 0.8, surface.height * 0.7 * 3.8);
  const h = w / 3.8;
  const r = Math.min(surface.width, surface.height) * 0.35;
  return [
    wideRectangle((surface.width - w) / 2, (surface.height - h) / 2, w, h, step),
    circle(surface.width / 2, surface.height / 2, r, step),
  ];
}
