/**
 * Why does a plain DTW reach a few per cent on one measurement and twice that on another? The
 * standard variants of "plain DTW (x, y, dx, dy, pressure, z-scored)" side by side on the 20
 * development writers, with the reference draws of the cross-validation (the plain DTW learns
 * nothing, so no fold is needed: the competition and per-writer figures do not depend on folds).
 *
 *   node bin/run-ts.mjs bench/sigPlainDtwVariants.ts [--reps 10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { svc2004Task2Dir } from '../main/forensics/svc2004Corpus';
import { equalErrorRate, sample, seededRandom } from '../main/forensics/verificationProtocol';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] || 10) || 10;
const dir = svc2004Task2Dir();

/** The raw rows of an SVC2004 file: x y t button azimuth altitude pressure. */
function readRows(u: number, s: number): number[][] {
  const lines = readFileSync(join(dir, `U${u}S${s}.TXT`), 'utf8').trim().split(/\r?\n/);
  return lines.slice(1).map((l) => l.trim().split(/\s+/).map(Number));
}

type Recipe = (rows: number[][]) => number[][];
const zscore = (cols: number[][]) =>
  cols.map((c) => {
    const m = c.reduce((a, b) => a + b, 0) / c.length;
    const sd = Math.sqrt(c.reduce((a, b) => a + (b - m) ** 2, 0) / c.length) || 1;
    return c.map((v) => (v - m) / sd);
  });
const diff = (c: number[]) => c.map((v, i) => (i === 0 ? 0 : v - c[i - 1]!));
/** Second-order regression derivative over ±2 samples. */
const regress = (c: number[]) => c.map((_, i) => {
  const at = (k: number) => c[Math.min(c.length - 1, Math.max(0, i + k))]!;
  return (at(1) - at(-1) + 2 * (at(2) - at(-2))) / 10;
});
const recipes: Record<string, Recipe> = {
  'x y dx dy p (plain diff)': (r) => {
    const x = r.map((v) => v[0]!), y = r.map((v) => v[1]!), p = r.map((v) => v[6]!);
    return zscore([x, y, diff(x), diff(y), p]);
  },
  'x y dx dy p (regression diff)': (r) => {
    const x = r.map((v) => v[0]!), y = r.map((v) => v[1]!), p = r.map((v) => v[6]!);
    return zscore([x, y, regress(x), regress(y), p]);
  },
  'x y p': (r) => zscore([r.map((v) => v[0]!), r.map((v) => v[1]!), r.map((v) => v[6]!)]),
};

interface Dtw { name: string; l2: boolean; norm: 'path' | 'n+m' | 'none' }
const dtws: Dtw[] = [
  { name: 'L2 /path', l2: true, norm: 'path' },
  { name: 'L2 /(n+m)', l2: true, norm: 'n+m' },
  { name: 'L2 raw', l2: true, norm: 'none' },
  { name: 'L1 /path', l2: false, norm: 'path' },
];

function dtw(a: number[][], b: number[][], o: Dtw): number {
  const n = a[0]!.length, m = b[0]!.length, dims = a.length;
  let prev = new Float64Array(m + 1).fill(Infinity), cur = new Float64Array(m + 1);
  let prevL = new Float64Array(m + 1), curL = new Float64Array(m + 1);
  prev[0] = 0;
  for (let i = 1; i <= n; i++) {
    cur.fill(Infinity);
    for (let j = 1; j <= m; j++) {
      let d = 0;
      for (let k = 0; k < dims; k++) {
        const e = a[k]![i - 1]! - b[k]![j - 1]!;
        d += o.l2 ? e * e : Math.abs(e);
      }
      if (o.l2) d = Math.sqrt(d);
      let best = prev[j - 1]!, len = prevL[j - 1]!;
      if (prev[j]! < best) (best = prev[j]!), (len = prevL[j]!);
      if (cur[j - 1]! < best) (best = cur[j - 1]!), (len = curL[j - 1]!);
      cur[j] = best + d;
      curL[j] = len + 1;
    }
    [prev, cur] = [cur, prev];
    [prevL, curL] = [curL, prevL];
  }
  const cost = prev[m]!;
  return o.norm === 'path' ? cost / prevL[m]! : o.norm === 'n+m' ? cost / (n + m) : cost;
}

type Score = (toRefs: number[], refPairs: number[], refLoo: number[]) => number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const scores: Record<string, Score> = {
  '-min': (d) => -Math.min(...d),
  '-mean': (d) => -mean(d),
  '-min/refmean': (d, p) => -Math.min(...d) / mean(p),
  '-mean/refmean': (d, p) => -mean(d) / mean(p),
  '-z(mean) vs LOO': (d, _p, loo) => {
    const m = mean(loo), sd = Math.sqrt(mean(loo.map((v) => (v - m) ** 2))) || 1e-9;
    return -(mean(d) - m) / sd;
  },
};

const users = Array.from({ length: 20 }, (_, i) => i + 1);
const rows = users.map((u) => Array.from({ length: 40 }, (_, s) => readRows(u, s + 1)));
for (const [recipeName, recipe] of Object.entries(recipes)) {
  const seqs = rows.map((w) => w.map(recipe));
  for (const o of dtws) {
    const t0 = performance.now();
    // dist[w][r][s]: reference r (0..9) against signature s (0..39) of writer w.
    const dist = seqs.map((w) => w.slice(0, 10).map((ref, r) => w.map((sig, s) => (s === r ? 0 : s < r && s < 10 ? NaN : dtw(ref, sig, o)))));
    dist.forEach((w) => w.forEach((row, r) => row.forEach((v, s) => { if (Number.isNaN(v)) row[s] = w[s]![r]!; })));
    const ms = performance.now() - t0;
    for (const [scoreName, score] of Object.entries(scores)) {
      let comp = 0, compN = 0;
      const perWriter: number[] = [];
      const pooledG: number[][] = Array.from({ length: reps }, () => []), pooledF: number[][] = Array.from({ length: reps }, () => []);
      users.forEach((_, wi) => {
        const wg: number[] = [], wf: number[] = [];
        for (let rep = 0; rep < reps; rep++) {
          const refs = sample([...Array(10).keys()], 5, seededRandom(2004 + 1000 * wi + rep));
          const pairs: number[] = [];
          const loo = refs.map((r) => mean(refs.filter((q) => q !== r).map((q) => dist[wi]![r]![q]!)));
          refs.forEach((a, i) => refs.slice(i + 1).forEach((b) => pairs.push(dist[wi]![a]![b]!)));
          const sc = (s: number) => score(refs.map((r) => dist[wi]![r]![s]!), pairs, loo);
          const g = Array.from({ length: 10 }, (_, k) => sc(10 + k)), f = Array.from({ length: 20 }, (_, k) => sc(20 + k));
          comp += equalErrorRate(g, f);
          compN++;
          wg.push(...g); wf.push(...f);
          pooledG[rep]!.push(...g); pooledF[rep]!.push(...f);
        }
        perWriter.push(equalErrorRate(wg, wf));
      });
      const pooled = mean(pooledG.map((g, i) => equalErrorRate(g, pooledF[i]!)));
      const pct = (x: number) => `${(100 * x).toFixed(2)}`.padStart(6);
      console.log(`${recipeName.padEnd(32)} ${o.name.padEnd(10)} ${scoreName.padEnd(16)} comp ${pct(comp / compN)}  perWriter ${pct(mean(perWriter))}  pooled20 ${pct(pooled)}   (${(ms / 1000).toFixed(1)} s DTW)`);
    }
  }
}
