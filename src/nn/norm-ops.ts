import { recordOp } from "../core/tape.js";
import { empty, type Tensor } from "../core/tensor.js";

/** Statistics of a batch-norm training forward: per-column batch mean μ and biased variance σ² (float64). */
export interface BatchStats {
  mean: Float64Array;
  variance: Float64Array;
}

/**
 * Fused batch normalization in training, x [n, c] → y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε) per column
 * (μ, σ² over the batch, biased). Backward per column, with g = ∂y·γ:
 * ∂x = (g − mean(g) − x̂·mean(g·x̂))/√(σ² + ε), ∂γ = Σ ∂y·x̂, ∂β = Σ ∂y. Sums in float64.
 */
export function batchNormTrain(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): { y: Tensor; stats: BatchStats } {
  const [n, c] = x.shape;
  const y = empty(x.shape, x.dtype);
  const xhat = new Float64Array(n * c);
  const mean = new Float64Array(c), variance = new Float64Array(c), inv = new Float64Array(c);
  const xd = x.data;
  for (let i = 0; i < n; i++) for (let j = 0, k = i * c; j < c; j++, k++) mean[j] += xd[k];
  for (let j = 0; j < c; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0, k = i * c; j < c; j++, k++) { const d = xd[k] - mean[j]; variance[j] += d * d; }
  for (let j = 0; j < c; j++) { variance[j] /= n; inv[j] = 1 / Math.sqrt(variance[j] + eps); }
  writeAffine(x.data, y.data, xhat, n, c, mean, inv, gamma, beta);
  const inputs = affineInputs(x, gamma, beta);
  const out = recordOp("batchNorm", inputs, y, (dy) => {
    const [dx, dgamma, dbeta] = allocateGrads(x, gamma, beta);
    const dyd = dy.data;
    affineGrads(dyd, xhat, n, c, dgamma, dbeta);
    if (dx !== null) {
      const dxd = dx.data, g = scaleOf(gamma, c);
      const gMean = new Float64Array(c), gxMean = new Float64Array(c);
      for (let i = 0; i < n; i++) {
        for (let j = 0, k = i * c; j < c; j++, k++) {
          const gk = dyd[k] * g[j];
          gMean[j] += gk;
          gxMean[j] += gk * xhat[k];
        }
      }
      for (let j = 0; j < c; j++) { gMean[j] /= n; gxMean[j] /= n; }
      for (let i = 0; i < n; i++) {
        for (let j = 0, k = i * c; j < c; j++, k++) dxd[k] = (dyd[k] * g[j] - gMean[j] - xhat[k] * gxMean[j]) * inv[j];
      }
    }
    return gamma === null || beta === null ? [dx] : [dx, dgamma, dbeta];
  });
  return { y: out, stats: { mean, variance } };
}

/**
 * Batch normalization in evaluation, x [n, c] → y = γ·(x − m)/√(v + ε) + β with fixed per-column m, v
 * (the running statistics). ∂x = ∂y·γ/√(v + ε), ∂γ = Σ ∂y·x̂, ∂β = Σ ∂y.
 */
export function batchNormEval(x: Tensor, runningMean: Tensor, runningVar: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): Tensor {
  const [n, c] = x.shape;
  const y = empty(x.shape, x.dtype);
  const mean = Float64Array.from(runningMean.data);
  const inv = Float64Array.from(runningVar.data, (v) => 1 / Math.sqrt(v + eps));
  const xhat = new Float64Array(n * c);
  writeAffine(x.data, y.data, xhat, n, c, mean, inv, gamma, beta);
  return recordOp("batchNormEval", affineInputs(x, gamma, beta), y, (dy) => {
    const [dx, dgamma, dbeta] = allocateGrads(x, gamma, beta);
    const dyd = dy.data;
    affineGrads(dyd, xhat, n, c, dgamma, dbeta);
    if (dx !== null) {
      const dxd = dx.data, g = scaleOf(gamma, c);
      for (let i = 0; i < n; i++) for (let j = 0, k = i * c; j < c; j++, k++) dxd[k] = dyd[k] * g[j] * inv[j];
    }
    return gamma === null || beta === null ? [dx] : [dx, dgamma, dbeta];
  });
}

/**
 * Fused layer normalization, x [n, c] → y = γ·x̂ + β with x̂ = (x − μ_i)/√(σ²_i + ε) per row i (biased
 * variance over the c features). Backward per row, with g = ∂y·γ:
 * ∂x = (g − mean_row(g) − x̂·mean_row(g·x̂))/√(σ²_i + ε), ∂γ = Σ_rows ∂y·x̂, ∂β = Σ_rows ∂y.
 */
export function layerNormRows(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): Tensor {
  const [n, c] = x.shape;
  const y = empty(x.shape, x.dtype);
  const xhat = new Float64Array(n * c);
  const inv = new Float64Array(n);
  const xd = x.data;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0, k = i * c; j < c; j++, k++) m += xd[k];
    m /= c;
    let v = 0;
    for (let j = 0, k = i * c; j < c; j++, k++) { const d = xd[k] - m; v += d * d; }
    v /= c;
    const s = 1 / Math.sqrt(v + eps);
    inv[i] = s;
    for (let j = 0, k = i * c; j < c; j++, k++) xhat[k] = (xd[k] - m) * s;
  }
  const yd = y.data, g = scaleOf(gamma, c), b = shiftOf(beta, c);
  for (let i = 0; i < n; i++) for (let j = 0, k = i * c; j < c; j++, k++) yd[k] = g[j] * xhat[k] + b[j];
  return recordOp("layerNorm", affineInputs(x, gamma, beta), y, (dy) => {
    const [dx, dgamma, dbeta] = allocateGrads(x, gamma, beta);
    const dyd = dy.data;
    affineGrads(dyd, xhat, n, c, dgamma, dbeta);
    if (dx !== null) {
      const dxd = dx.data, g = scaleOf(gamma, c);
      for (let i = 0; i < n; i++) {
        let gm = 0, gxm = 0;
        for (let j = 0, k = i * c; j < c; j++, k++) {
          const gk = dyd[k] * g[j];
          gm += gk;
          gxm += gk * xhat[k];
        }
        gm /= c;
        gxm /= c;
        for (let j = 0, k = i * c; j < c; j++, k++) dxd[k] = (dyd[k] * g[j] - gm - xhat[k] * gxm) * inv[i];
      }
    }
    return gamma === null || beta === null ? [dx] : [dx, dgamma, dbeta];
  });
}

/** x̂ = (x − m_j)·s_j and y = γ_j·x̂ + β_j (or x̂) per column j. */
function writeAffine(xd: ArrayLike<number>, yd: Float32Array | Float64Array, xhat: Float64Array, n: number, c: number, m: Float64Array, s: Float64Array, gamma: Tensor | null, beta: Tensor | null): void {
  const g = scaleOf(gamma, c), b = shiftOf(beta, c);
  for (let i = 0; i < n; i++) {
    for (let j = 0, k = i * c; j < c; j++, k++) {
      const h = (xd[k] - m[j]) * s[j];
      xhat[k] = h;
      yd[k] = g[j] * h + b[j];
    }
  }
}

/** γ per column as float64, or ones without affine parameters (so the loops need no branch). */
function scaleOf(gamma: Tensor | null, c: number): Float64Array {
  return gamma === null ? new Float64Array(c).fill(1) : Float64Array.from(gamma.data);
}

/** β per column as float64, or zeros without affine parameters. */
function shiftOf(beta: Tensor | null, c: number): Float64Array {
  return beta === null ? new Float64Array(c) : Float64Array.from(beta.data);
}

/** The op's inputs: x, then γ and β when affine. */
function affineInputs(x: Tensor, gamma: Tensor | null, beta: Tensor | null): Tensor[] {
  return gamma === null || beta === null ? [x] : [x, gamma, beta];
}

/**
 * The gradient tensors of a backward, allocated before any view is taken (an allocation may grow
 * the wasm memory and detach earlier views): ∂x when x needs it, ∂γ and ∂β when trainable.
 */
function allocateGrads(x: Tensor, gamma: Tensor | null, beta: Tensor | null): [Tensor | null, Tensor | null, Tensor | null] {
  const dx = x.requiresGrad ? empty(x.shape, x.dtype) : null;
  const dgamma = gamma !== null && beta !== null && gamma.requiresGrad ? empty(gamma.shape, gamma.dtype) : null;
  const dbeta = gamma !== null && beta !== null && beta.requiresGrad ? empty(beta.shape, beta.dtype) : null;
  return [dx, dgamma, dbeta];
}

/** ∂γ = Σ_rows ∂y·x̂ into dgamma and ∂β = Σ_rows ∂y into dbeta (each skipped when null). */
function affineGrads(dyd: ArrayLike<number>, xhat: Float64Array, n: number, c: number, dgamma: Tensor | null, dbeta: Tensor | null): void {
  if (dgamma === null && dbeta === null) return;
  const dg = new Float64Array(c), db = new Float64Array(c);
  for (let i = 0; i < n; i++) for (let j = 0, k = i * c; j < c; j++, k++) { dg[j] += dyd[k] * xhat[k]; db[j] += dyd[k]; }
  if (dgamma !== null) dgamma.data.set(dg);
  if (dbeta !== null) dbeta.data.set(db);
}
