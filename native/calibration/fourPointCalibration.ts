/**
 * Four-point calibration of a pen display: the customer (or the teller) touches four crosses near
 * the corners; the device coordinates recorded there and the crosses' window coordinates give a
 * projective transform (homography) device → window. A homography also absorbs a display that is
 * slightly rotated, offset or keystoned against its digitizer, which an axis scale cannot.
 * Pure math: the calibration screen (renderer) shows the targets and stores the result per device.
 */
export interface Point {
  x: number;
  y: number;
}

/** Row-major 3×3 matrix; h[8] is 1. */
export type Homography = [number, number, number, number, number, number, number, number, number];

export interface FourPointCalibration {
  /** 'vid:pid' (or another stable device key) the calibration belongs to. */
  device: string;
  /** Window size the targets were shown in: a change of resolution invalidates the calibration. */
  window: { width: number; height: number };
  matrix: Homography;
  /** Largest distance (window px) between a target and where its own touch maps: a quality figure. */
  maxErrorPx: number;
  createdAt: string;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

/** Where the calibration screen draws its four crosses: `inset` (0..0.5) of the size from each edge. */
export function calibrationTargets(width: number, height: number, inset = 0.1): [Point, Point, Point, Point] {
  const ix = width * inset;
  const iy = height * inset;
  return [
    { x: ix, y: iy },
    { x: width - ix, y: iy },
    { x: width - ix, y: height - iy },
    { x: ix, y: height - iy },
  ];
}

/** Solves A·x = b by Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** The homography taking the four `from` points onto the four `to` points. */
export function solveHomography(from: readonly Point[], to: readonly Point[]): Homography {
  if (from.length !== 4 || to.length !== 4) throw new CalibrationError('four points are needed');
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i];
    const { x: u, y: v } = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(a, b);
  if (!h || h.some((v) => !Number.isFinite(v))) {
    throw new CalibrationError('the four touches do not span an area (three in a line, or two on the same spot): please calibrate again');
  }
  return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

/**
 * Builds a calibration from the device coordinates touched at the four targets. Refuses touches
 * that cannot be right (a target missed by more than `maxErrorFraction` of the window's diagonal
 * after an affine check), so a slip of the pen does not become the station's calibration.
 */
export function calibrate(
  device: string,
  window: { width: number; height: number },
  targets: readonly Point[],
  touched: readonly Point[],
  options: { now?: () => Date; maxErrorFraction?: number } = {},
): FourPointCalibration {
  const matrix = solveHomography(touched, targets);
  // With exactly four points the fit is exact; check instead that the mapping is sane: it keeps
  // the touches in the same order around the quadrilateral (no fold) and maps the centre inside.
  const mapped = touched.map((p) => applyHomography(matrix, p));
  const maxErrorPx = Math.max(...mapped.map((p, i) => Math.hypot(p.x - targets[i].x, p.y - targets[i].y)));
  const sign = (p: readonly Point[]) => {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      const a = p[i];
      const b = p[(i + 1) % 4];
      const c = p[(i + 2) % 4];
      s += Math.sign((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x));
    }
    return s;
  };
  if (Math.abs(sign(touched)) !== 4) throw new CalibrationError('the touches do not form a convex shape: a target was missed, please calibrate again');
  const centre = applyHomography(matrix, { x: touched.reduce((s, p) => s + p.x, 0) / 4, y: touched.reduce((s, p) => s + p.y, 0) / 4 });
  const limit = (options.maxErrorFraction ?? 0.25) * Math.hypot(window.width, window.height);
  if (Math.hypot(centre.x - window.width / 2, centre.y - window.height / 2) > limit) {
    throw new CalibrationError('the calibration would move the ink too far: please calibrate again');
  }
  return { device, window: { ...window }, matrix, maxErrorPx, createdAt: (options.now?.() ?? new Date()).toISOString() };
}
