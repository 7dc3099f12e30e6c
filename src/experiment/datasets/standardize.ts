import { GradscopeError } from "../../core/errors.js";
import { assertFinite, type Dataset } from "./dataset.js";

/** Per-feature mean and standard deviation, [features] each: plain arrays, so they record as JSON. */
export interface Standardization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * The mean μ_j and population standard deviation σ_j = √(Σ_i (x_ij − μ_j)² / n) of each feature
 * of `d` (fit on the training part only); a constant feature (σ_j ≤ 10⁻¹² · max_i |x_ij|) gets σ_j = 1.
 */
export function fitStandardization(d: Dataset): Standardization {
  assertFinite(d);
  const { n, features: f, x } = d;
  if (n === 0) throw new GradscopeError(`data ${d.name}: no rows to fit a standardization on`);
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < f; j++) {
    let s = 0;
    let big = 0;
    for (let i = 0; i < n; i++) {
      s += x[i * f + j];
      big = Math.max(big, Math.abs(x[i * f + j]));
    }
    const mu = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i * f + j] - mu) ** 2;
    const sigma = Math.sqrt(ss / n);
    mean.push(mu);
    std.push(sigma <= 1e-12 * big ? 1 : sigma);
  }
  return { mean, std };
}

/** `d` with every feature mapped to (x_ij − μ_j) / σ_j; targets and labels unchanged. */
export function applyStandardization<D extends Dataset>(d: D, s: Standardization): D {
  const f = d.features;
  if (s.mean.length !== f || s.std.length !== f) throw new GradscopeError(`data ${d.name}: the standardization was fitted on ${s.mean.length} features; this data has ${f}`);
  const x = new Float64Array(d.x.length);
  for (let k = 0; k < x.length; k++) x[k] = (d.x[k] - s.mean[k % f]) / s.std[k % f];
  return { ...d, x };
}

/**
 * Standardizes `train` with its own statistics and `test` with the same ones (no peeking at the
 * test part); returns both and the parameters to record.
 */
export function standardize<D extends Dataset>(train: D, test?: D): { train: D; test: D | undefined; params: Standardization } {
  const params = fitStandardization(train);
  return { train: applyStandardization(train, params), test: test === undefined ? undefined : applyStandardization(test, params), params };
}
