/** Row-vector kernels on [rows, cols] f32 matrices and the axpy update. */
import { at, highF64, joinF32, lowF64 } from "./simd";

/** y[r,c] = x[r,c] + b[c]; an f32 add is the correctly rounded sum, equal to the reference bit for bit. */
export function addRowVector(x: usize, b: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * cols), yr = at(y, r * cols);
    let c = 0;
    for (; c + 4 <= cols; c += 4) v128.store(at(yr, c), f32x4.add(v128.load(at(xr, c)), v128.load(at(b, c))));
    for (; c < cols; c++) store<f32>(at(yr, c), load<f32>(at(xr, c)) + load<f32>(at(b, c)));
  }
}

/**
 * out[c] (+)= Σ_r x[r,c], summed in f64 over r in order and rounded once: the same operations
 * as the reference, so the result is equal bit for bit. Columns go 8 at a time (four f64x2 sums).
 */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let p = at(x, c);
    for (let r = 0; r < rows; r++) {
      const v = v128.load(p), w = v128.load(p, 16);
      s0 = f64x2.add(s0, lowF64(v)); s1 = f64x2.add(s1, highF64(v));
      s2 = f64x2.add(s2, lowF64(w)); s3 = f64x2.add(s3, highF64(w));
      p += <usize>cols << 2;
    }
    if (accumulate) {
      const o = v128.load(at(out, c)), q = v128.load(at(out, c + 4));
      s0 = f64x2.add(lowF64(o), s0); s1 = f64x2.add(highF64(o), s1);
      s2 = f64x2.add(lowF64(q), s2); s3 = f64x2.add(highF64(q), s3);
    }
    v128.store(at(out, c), joinF32(s0, s1));
    v128.store(at(out, c + 4), joinF32(s2, s3));
  }
  for (; c < cols; c++) {
    let s: f64 = 0;
    for (let r = 0; r < rows; r++) s += <f64>load<f32>(at(x, r * cols + c));
    store<f32>(at(out, c), <f32>(accumulate ? <f64>load<f32>(at(out, c)) + s : s));
  }
}

/** y[i] += alpha·x[i], computed in f64 (alpha unrounded) and rounded once, as the reference does. */
export function axpy(alpha: f64, x: usize, y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xv = v128.load(at(x, i)), yv = v128.load(at(y, i));
    const lo = f64x2.add(lowF64(yv), f64x2.mul(a, lowF64(xv)));
    const hi = f64x2.add(highF64(yv), f64x2.mul(a, highF64(xv)));
    v128.store(at(y, i), joinF32(lo, hi));
  }
  for (; i < n; i++) store<f32>(at(y, i), <f32>(<f64>load<f32>(at(y, i)) + alpha * <f64>load<f32>(at(x, i))));
}
