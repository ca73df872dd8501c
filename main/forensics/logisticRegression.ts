/**
 * L2-regularised logistic regression, fitted by Newton's method (IRLS). It turns a dissimilarity
 * vector into calibrated log-odds "same writer vs not": a monotone, inspectable model whose weights
 * an examiner can read, trained on development writers only.
 */

export interface LogisticModel {
  /** Input names, for checking that a stored model matches the code. */
  names: readonly string[];
  /** Standardisation applied before the weights. */
  mean: number[];
  sd: number[];
  weights: number[];
  intercept: number;
}

export interface FitOptions {
  /** L2 penalty on the standardised weights. */
  l2?: number;
  iterations?: number;
  /** Per-sample weights (e.g. to balance classes). */
  sampleWeights?: readonly number[];
}

export function fitLogistic(names: readonly string[], rows: readonly Float64Array[], labels: readonly number[], options: FitOptions = {}): LogisticModel {
  const n = rows.length;
  const d = names.length;
  if (n === 0 || labels.length !== n) throw new Error('logistic regression: need one label per row and at least one row');
  const l2 = options.l2 ?? 1;
  const sw = options.sampleWeights ?? new Array<number>(n).fill(1);
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j]! / n;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j] += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  const X = rows.map((r) => {
    const z = new Float64Array(d + 1);
    for (let j = 0; j < d; j++) z[j] = (r[j]! - mean[j]!) / sd[j]!;
    z[d] = 1;
    return z;
  });
  const w = new Float64Array(d + 1);
  const dim = d + 1;
  for (let iter = 0; iter < (options.iterations ?? 30); iter++) {
    const grad = new Float64Array(dim);
    const hess = new Float64Array(dim * dim);
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      let s = 0;
      for (let j = 0; j < dim; j++) s += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const g = (p - labels[i]!) * sw[i]!;
      const h = Math.max(p * (1 - p), 1e-9) * sw[i]!;
      for (let j = 0; j < dim; j++) {
        grad[j] += g * x[j]!;
        const hx = h * x[j]!;
        for (let k = j; k < dim; k++) hess[j * dim + k] += hx * x[k]!;
      }
    }
    for (let j = 0; j < dim; j++) for (let k = 0; k < j; k++) hess[j * dim + k] = hess[k * dim + j]!;
    for (let j = 0; j < d; j++) {
      grad[j] += l2 * w[j]!;
      hess[j * dim + j] += l2;
    }
    const step = solve(hess, grad, dim);
    let change = 0;
    for (let j = 0; j < dim; j++) {
      w[j] -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) break;
  }
  return { names: [...names], mean, sd, weights: Array.from(w.subarray(0, d)), intercept: w[d]! };
}

/** Log-odds of the positive class. */
export function logisticLogOdds(model: LogisticModel, row: Float64Array): number {
  let s = model.intercept;
  for (let j = 0; j < model.weights.length; j++) s += model.weights[j]! * ((row[j]! - model.mean[j]!) / model.sd[j]!);
  return s;
}

/** Gaussian elimination with partial pivoting (the systems are small: one row per input). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[pivot * n + c]!)) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[pivot * n + k]] = [m[pivot * n + k]!, m[c * n + k]!];
      [x[c], x[pivot]] = [x[pivot]!, x[c]!];
    }
    const diag = m[c * n + c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / diag;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k]!;
      x[r] -= f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * x[k]!;
    x[r] = s / (m[r * n + r]! || 1e-12);
  }
  return x;
}
