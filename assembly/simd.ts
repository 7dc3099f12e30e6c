/**
 * Vector helpers shared by every kernel. The build compiles the same sources twice: with
 * `--enable simd` and with `--enable simd,relaxed-simd`; ASC_FEATURE_RELAXED_SIMD is the
 * compile-time flag that tells the two apart.
 */

/**
 * a·b + c on f32x4: fused (one rounding) in the relaxed-SIMD build where the CPU has FMA, mul
 * then add otherwise. Only the matmul uses it; the elementwise kernels use plain mul and add in
 * both builds, so their results do not depend on the build or the CPU.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Byte address of element i of an f32 array at ptr. */
// @ts-ignore: decorator
@inline export function at(ptr: usize, i: i32): usize {
  return ptr + (<usize>i << 2);
}

/** Lanes 0 and 1 of an f32x4, widened to f64x2. */
// @ts-ignore: decorator
@inline export function lowF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 of an f32x4, widened to f64x2. */
// @ts-ignore: decorator
@inline export function highF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** The f32x4 [lo0, lo1, hi0, hi1] from two f64x2, each lane rounded once. */
// @ts-ignore: decorator
@inline export function joinF32(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** mask ? a : b, lane by lane, for a comparison mask. */
// @ts-ignore: decorator
@inline export function select(mask: v128, a: v128, b: v128): v128 {
  return v128.bitselect(a, b, mask);
}

/**
 * mask ? a : b for a mask whose lanes are all ones or all zeros (a comparison, or an arithmetic
 * shift by 31): one blendvps in the relaxed-SIMD build (relaxed_laneselect, exact for such masks),
 * v128.bitselect (three instructions on x86) otherwise. Both builds give the same bits.
 */
// @ts-ignore: decorator
@inline export function laneSelect(mask: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_laneselect(a, b, mask);
  return v128.bitselect(a, b, mask);
}

/** f32x4 with every lane equal to c. */
// @ts-ignore: decorator
@inline export function splat(c: f32): v128 {
  return f32x4.splat(c);
}
