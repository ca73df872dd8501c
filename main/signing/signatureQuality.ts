import type { InkPoint } from '../../native/pen/penSample';
import type { SignatureRefusal } from '../../preload/common/customerScreenState';

/** The least a signature must be (desk settings `signing.*`); see stationConfigSchema.ts. */
export interface SignatureMinimums {
  durationMs: number;
  points: number;
  strokes: number;
  /** Width and height of the ink, each in heights of the signature box. */
  extent: number;
  /** The ink's spread across its main direction over its spread along it (a straight line: about 0). */
  thickness: number;
}

/** Only "something was drawn": what a session composed without the desk's settings asks. */
export const noMinimums: SignatureMinimums = { durationMs: 0, points: 1, strokes: 1, extent: 0, thickness: 0 };

/**
 * Whether the ink is enough of a signature to seal, or why not. The ink is in box coordinates
 * (0..1 across and down); `boxAspect` (the box's width over its height) puts x and y in one unit —
 * heights of the box — so a flat line stays flat whatever the box's shape. The rule is only about
 * size and effort, never about who wrote it: a dot, a straight line in any direction, a two-point
 * scribble or a flick are refused; a handwritten signature passes.
 *
 * Order of the reasons: nothing drawn; too quick or too few points (barely touched); too small
 * (a dot, a tiny mark); too simple (a straight line: its points spread along one direction only,
 * measured by their principal axes; or fewer strokes than the desk asks); then too low or narrow.
 */
export function judgeSignature(strokes: readonly (readonly InkPoint[])[], boxAspect: number, min: SignatureMinimums): SignatureRefusal | undefined {
  const drawn = strokes.filter((s) => s.length > 0);
  const points = drawn.flat();
  if (points.length === 0) return 'empty';
  const aspect = Number.isFinite(boxAspect) && boxAspect > 0 ? boxAspect : 1;
  const xs = points.map((p) => p.x * aspect);
  const ys = points.map((p) => p.y);
  const ts = points.map((p) => p.t);
  if (Math.max(...ts) - Math.min(...ts) < min.durationMs || points.length < min.points) return 'too-short';
  const width = Math.max(...xs) - Math.min(...xs);
  const height = Math.max(...ys) - Math.min(...ys);
  if (Math.max(width, height) < min.extent) return 'too-small';
  const [along, across] = principalSpreads(xs, ys);
  if (across < min.thickness * along || drawn.length < min.strokes) return 'too-simple';
  if (Math.min(width, height) < min.extent) return 'too-small';
  return undefined;
}

/** Standard deviations of the points along their main axis and across it (the covariance's eigenvalues). */
function principalSpreads(xs: number[], ys: number[]): [number, number] {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  [sxx, syy, sxy] = [sxx / n, syy / n, sxy / n];
  const mean = (sxx + syy) / 2;
  const spread = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
  return [Math.sqrt(mean + spread), Math.sqrt(Math.max(0, mean - spread))];
}
