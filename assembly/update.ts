/** The SGD update with the sums the probes read from it, in one pass. */
import { highF64, lowF64 } from "./simd";

/** Σ yᵢ² before the update, Σ xᵢ², Σ (Δyᵢ)² of the last axpySums call (three f64). */
const SUMS: usize = memory.data(32, 16);

/** Address of the three f64 results of axpySums: Σ y_before², Σ x², Σ (y_after − y_before)². */
export function axpySumsSlot(): usize {
  return SUMS;
}

/** a·b + c on f64x2 (fused in the relaxed build): only for the sums, never for the update itself. */
// @ts-ignore: decorator
@inline function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/**
 * y[i] += alpha·x[i] with exactly the arithmetic of axpy (f64 product and sum, rounded once to
 * f32), and in the same pass the f64 sums Σ y_before², Σ x² and Σ (y_after − y_before)², the
 * difference taken between the stored f32 values; written to axpySumsSlot().
 */
export function axpySums(alpha: f64, x: usize, y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let sy0 = f64x2.splat(0), sy1 = f64x2.splat(0), sx0 = f64x2.splat(0), sx1 = f64x2.splat(0);
  let sd0 = f64x2.splat(0), sd1 = f64x2.splat(0);
  // NOTE: pointers step by 16 bytes (4 elements) through the whole vectors, then a scalar tail.
  const vend = x + (<usize>(n & ~3) << 2);
  let px = x, py = y;
  for (; px < vend; px += 16, py += 16) {
    const xv = v128.load(px), yv = v128.load(py);
    const ylo = lowF64(yv), yhi = highF64(yv), xlo = lowF64(xv), xhi = highF64(xv);
    const lo = f32x4.demote_f64x2_zero(f64x2.add(ylo, f64x2.mul(a, xlo)));
    const hi = f32x4.demote_f64x2_zero(f64x2.add(yhi, f64x2.mul(a, xhi)));
    v128.store(py, i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    const dlo = f64x2.sub(f64x2.promote_low_f32x4(lo), ylo), dhi = f64x2.sub(f64x2.promote_low_f32x4(hi), yhi);
    sy0 = madd64(ylo, ylo, sy0); sy1 = madd64(yhi, yhi, sy1);
    sx0 = madd64(xlo, xlo, sx0); sx1 = madd64(xhi, xhi, sx1);
    sd0 = madd64(dlo, dlo, sd0); sd1 = madd64(dhi, dhi, sd1);
  }
  const sy = f64x2.add(sy0, sy1), sx = f64x2.add(sx0, sx1), sd = f64x2.add(sd0, sd1);
  let ty = f64x2.extract_lane(sy, 0) + f64x2.extract_lane(sy, 1);
  let tx = f64x2.extract_lane(sx, 0) + f64x2.extract_lane(sx, 1);
  let td = f64x2.extract_lane(sd, 0) + f64x2.extract_lane(sd, 1);
  const end = x + (<usize>n << 2);
  for (; px < end; px += 4, py += 4) {
    const yo = <f64>load<f32>(py), xo = <f64>load<f32>(px);
    const yn = <f32>(yo + alpha * xo);
    store<f32>(py, yn);
    const d = <f64>yn - yo;
    ty += yo * yo; tx += xo * xo; td += d * d;
  }
  store<f64>(SUMS, ty);
  store<f64>(SUMS, tx, 8);
  store<f64>(SUMS, td, 16);
}
