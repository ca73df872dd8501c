import type { ExaminerReport, ReportSignature } from './examinerReport';

/**
 * The report's charts as plain geometry (polylines in a box, y down), so that the HTML (SVG) and
 * the PDF renderings draw exactly the same picture. Pure.
 */

export interface Polyline {
  points: Array<[number, number]>;
  colour: string;
  width: number;
}

export interface Chart {
  title: string;
  width: number;
  height: number;
  lines: Polyline[];
  legend: Array<{ label: string; colour: string }>;
  /** Axis captions. */
  xLabel?: string;
  yLabel?: string;
}

export const COLOURS = { questioned: '#c0392b', nearest: '#1f5fa8', reference: '#9aa5b1', alignment: '#d5dbe1' };

const PAD = 8;

/** Splits a signature's points into pen-down runs (a time jump of more than 3 typical intervals is a pen lift). */
function penDownRuns(signature: ReportSignature): number[][] {
  const t = signature.profile.map((p) => p.t);
  const steps = t.slice(1).map((v, i) => v - t[i]!).filter((d) => d > 0).sort((a, b) => a - b);
  const typical = steps.length ? steps[steps.length >> 1]! : 1;
  const runs: number[][] = [[]];
  t.forEach((v, i) => {
    if (i > 0 && v - t[i - 1]! > 3 * typical) runs.push([]);
    runs.at(-1)!.push(i);
  });
  return runs.filter((r) => r.length > 1);
}

/** Questioned signature over its nearest reference, with the warping path's correspondences. */
export function overlayChart(report: ExaminerReport, width = 520, height = 260): Chart {
  const q = report.questioned;
  const r = report.references[report.nearest]!;
  const all = [...q.trajectory, ...r.trajectory];
  const fit = fitter(all.map((p) => p[0]), all.map((p) => p[1]), width, height, true);
  const lines: Polyline[] = report.alignment.map(([i, j]) => ({
    points: [fit(q.trajectory[i]![0], q.trajectory[i]![1]), fit(r.trajectory[j]![0], r.trajectory[j]![1])],
    colour: COLOURS.alignment,
    width: 0.6,
  }));
  const trace = (s: ReportSignature, colour: string, w: number) =>
    penDownRuns(s).map((run) => ({ points: run.map((k) => fit(s.trajectory[k]![0], s.trajectory[k]![1])), colour, width: w }));
  lines.push(...trace(r, COLOURS.nearest, 1.4), ...trace(q, COLOURS.questioned, 1.4));
  return {
    title: 'Aligned trajectories: questioned over the nearest reference (grey: points matched by the alignment)',
    width,
    height,
    lines,
    legend: [
      { label: 'questioned', colour: COLOURS.questioned },
      { label: `nearest reference (${r.name})`, colour: COLOURS.nearest },
    ],
  };
}

/** Pressure or speed over time: questioned, nearest reference, other references. */
export function profileChart(report: ExaminerReport, what: 'pressure' | 'speed', width = 520, height = 150): Chart {
  const signatures = [
    ...report.references.map((r, i) => ({ s: r as ReportSignature, colour: i === report.nearest ? COLOURS.nearest : COLOURS.reference, w: i === report.nearest ? 1.2 : 0.7 })),
    { s: report.questioned, colour: COLOURS.questioned, w: 1.3 },
  ];
  // Speed is a derivative over ±2 samples: at a stroke's ends it spans the pen-up jump, so those points are not drawn.
  const trim = what === 'speed' ? 2 : 0;
  const runsOf = (s: ReportSignature) => penDownRuns(s).map((run) => run.slice(trim, run.length - trim)).filter((run) => run.length > 1);
  const xs = signatures.flatMap(({ s }) => s.profile.map((p) => p.t));
  const ys = signatures.flatMap(({ s }) => runsOf(s).flat().map((k) => s.profile[k]![what]));
  const fit = fitter(xs, [0, ...ys], width, height, false, true);
  const lines = signatures.flatMap(({ s, colour, w }) =>
    runsOf(s).map((run) => ({ points: run.map((k) => fit(s.profile[k]!.t, s.profile[k]![what])), colour, width: w })),
  );
  return {
    title: what === 'pressure' ? 'Pressure over time (0–1 of each device\'s range)' : 'Pen speed over time (signature sizes per second)',
    width,
    height,
    lines,
    legend: [
      { label: 'questioned', colour: COLOURS.questioned },
      { label: 'nearest reference', colour: COLOURS.nearest },
      { label: 'other references', colour: COLOURS.reference },
    ],
    xLabel: `time, 0–${Math.round(Math.max(...xs))} ms`,
    yLabel: what,
  };
}

/** Maps data coordinates into the box; `flipY` puts larger values at the top (for profiles). */
function fitter(xs: number[], ys: number[], width: number, height: number, keepAspect: boolean, flipY = false): (x: number, y: number) => [number, number] {
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  let sx = (width - 2 * PAD) / (maxX - minX || 1);
  let sy = (height - 2 * PAD) / (maxY - minY || 1);
  if (keepAspect) sx = sy = Math.min(sx, sy);
  const ox = PAD + (width - 2 * PAD - sx * (maxX - minX)) / 2;
  const oy = PAD + (height - 2 * PAD - sy * (maxY - minY)) / 2;
  return (x, y) => [ox + (x - minX) * sx, flipY ? height - (oy + (y - minY) * sy) : oy + (y - minY) * sy];
}
