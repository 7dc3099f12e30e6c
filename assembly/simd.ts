/**
 * Vector helpers shared by every kernel. The build compiles the same sources twice: with
 * `--enable simd` and with `--enable simd,relaxed-simd`; ASC_FEATURE_RELAXED_SIMD is the
 * compile-time flag that tells the two apart.
 */

/** a·b + c on f32x4: fused (one rounding) in the relaxed-SIMD build where the CPU has FMA, mul then add otherwise. */
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
