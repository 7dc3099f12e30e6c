/** The SGD update with the sums the probes read from it, in one pass. */
import { highF64, lowF64, madd } from "./simd";

/** Σ yᵢ² before the update, Σ xᵢ², Σ (Δyᵢ)² of the last axpySums call (three f64). */
const SUMS: usize = memory.data(32, 16);

/** Address of the three f64 results of axpySums: Σ y_before², Σ x², Σ (y_after − y_before)². */
export function axpySumsSlot(): usize {
  return SUMS;
}

/** Bytes of one block of axpySums: 256 floats, 64 per lane of the f32x4 sums. */
const BLOCK: usize = 1024;

/** The current block's y before its update, kept for the float64 recount of a block whose float32 sums overflow. */
const SAVED: usize = memory.data(<i32>BLOCK, 16);

/**
 * The least f32 block sum taken as it is: below it, f32's subnormal rounding (at most 2⁻¹⁴⁹ per
 * element, 2⁻¹⁴¹ per block) could exceed 2⁻⁴¹ of the sum, so the block is counted in f64.
 */
const TINY: f64 = 7.888609052210118e-31; // 2⁻¹⁰⁰

/** Σ of the four lanes of an f32x4, in f64. */
// @ts-ignore: decorator
@inline function laneSum(v: v128): f64 {
  const s = f64x2.add(lowF64(v), highF64(v));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/**
 * y[i] += alpha·x[i] with exactly the arithmetic of axpy (f64 product and sum, rounded once to
 * f32), and in the same pass the sums Σ y_before², Σ x² and Σ (y_after − y_before)², written as
 * three f64 to axpySumsSlot(). Each lane sums its squares in f32 over blocks of 256 elements
 * (fused multiply-adds in the relaxed build, which is what makes this pass cheap) and the block
 * sums are added in f64: a relative error of at most 67·2⁻²⁴ ≈ 4e-6 (64 additions, the rounded
 * square, and the f32 difference y_after − y_before). A block with an f32 sum that is not
 * finite or is below TINY is counted again in f64 from its saved values: so a sum is finite
 * exactly when every value is, and squares that underflow f32 (|v| < 1e-19: vanishing
 * gradients) keep their float64 value.
 */
export function axpySums(alpha: f64, x: usize, y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  let ty: f64 = 0, tx: f64 = 0, td: f64 = 0;
  // NOTE: pointers step by 16 bytes (4 elements) through the whole vectors, then a scalar tail.
  const vend = x + (<usize>(n & ~3) << 2);
  let px = x, py = y;
  while (px < vend) {
    const x0 = px, y0 = py, bend = min(vend, px + BLOCK);
    let sy = f32x4.splat(0), sx = f32x4.splat(0), sd = f32x4.splat(0);
    for (let ps = SAVED; px < bend; px += 16, py += 16, ps += 16) {
      const xv = v128.load(px), yv = v128.load(py);
      v128.store(ps, yv);
      const lo = f32x4.demote_f64x2_zero(f64x2.add(lowF64(yv), f64x2.mul(a, lowF64(xv))));
      const hi = f32x4.demote_f64x2_zero(f64x2.add(highF64(yv), f64x2.mul(a, highF64(xv))));
      const yn = i32x4.shuffle(lo, hi, 0, 1, 4, 5);
      v128.store(py, yn);
      const d = f32x4.sub(yn, yv);
      sy = madd(yv, yv, sy);
      sx = madd(xv, xv, sx);
      sd = madd(d, d, sd);
    }
    const by = laneSum(sy), bx = laneSum(sx), bd = laneSum(sd);
    if (isFinite<f64>(by + bx + bd) && min(by, min(bx, bd)) >= TINY) {
      ty += by; tx += bx; td += bd;
      continue;
    }
    for (let i: usize = 0; i < px - x0; i += 4) {
      const yo = <f64>load<f32>(SAVED + i), xo = <f64>load<f32>(x0 + i), d = <f64>load<f32>(y0 + i) - yo;
      ty += yo * yo; tx += xo * xo; td += d * d;
    }
  }
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
