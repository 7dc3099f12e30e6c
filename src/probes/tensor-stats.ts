import type { FloatArray } from "../core/dtype.js";

// Whole-tensor reductions in float64 over float32 (or float64) data: the definitions of the
// statistics kernels, each one pass with interleaved partial sums (so the additions do not wait
// on each other).
//
// NOTE: a sum of squares of float32 values is finite exactly when every value is finite (the
// largest square, 1.2e77, cannot overflow a double even summed over 2⁵³ terms), so these sums
// are also the NaN/Inf sentinel's test. For float64 data a non-finite sum may be an overflow of
// finite values; firstNonFinite then tells the two apart.

/** Σᵢ xᵢ² in float64 (‖x‖² of the flattened tensor). */
export function sumOfSquares(x: FloatArray): number {
  const n = x.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    const a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < n; i++) s0 += x[i] * x[i];
  return (s0 + s1) + (s2 + s3);
}

/**
 * The update of a tensor from a saved copy, in one pass: out[0] = Σ before², out[1] = Σ (after − before)²
 * (‖W‖² before the update and ‖ΔW‖²; the difference is taken elementwise, so a tiny ΔW is exact).
 */
export function squaredChange(after: FloatArray, before: FloatArray, out: Float64Array): void {
  const n = after.length;
  let w0 = 0, w1 = 0, d0 = 0, d1 = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    const b0 = before[i], b1 = before[i + 1];
    const e0 = after[i] - b0, e1 = after[i + 1] - b1;
    w0 += b0 * b0;
    w1 += b1 * b1;
    d0 += e0 * e0;
    d1 += e1 * e1;
  }
  if (i < n) {
    const b0 = before[i], e0 = after[i] - b0;
    w0 += b0 * b0;
    d0 += e0 * e0;
  }
  out[0] = w0 + w1;
  out[1] = d0 + d1;
}

/** The shifted moments of x in one pass: out[0] = Σ (xᵢ − shift), out[1] = Σ (xᵢ − shift)² (mean and variance without cancellation). */
export function shiftedMoments(x: FloatArray, shift: number, out: Float64Array): void {
  const n = x.length;
  let a0 = 0, a1 = 0, b0 = 0, b1 = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    const d0 = x[i] - shift, d1 = x[i + 1] - shift;
    a0 += d0;
    a1 += d1;
    b0 += d0 * d0;
    b1 += d1 * d1;
  }
  if (i < n) {
    const d0 = x[i] - shift;
    a0 += d0;
    b0 += d0 * d0;
  }
  out[0] = a0 + a1;
  out[1] = b0 + b1;
}

/** Index of the first NaN or ±Inf element of x, or −1 when every element is finite. */
export function firstNonFinite(x: FloatArray): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return i;
  }
  return -1;
}
