/**
 * ln x and ln(1 + u) on f32x4, to about one ulp. Both reduce to log(1 + f) with
 * f ∈ [−0.293, 0.5]: with s = f/(2 + f), log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) where
 * R(z) = z·(L1 + z·(L2 + z·(L3 + z·L4))) ≈ 2z/3 + 2z²/5 + …; the coefficients are a Lawson
 * fit on z ∈ [0, 0.04] (relative error 2e-11).
 */

import { LN2_HI, LN2_LO } from "./vexp";

const L1: f32 = 0.6666666269302368;
const L2: f32 = 0.4000086784362793;
const L3: f32 = 0.28506794571876526;
const L4: f32 = 0.2410348355770111;

/** log(1 + f) − f = s·(f²/2 + R(s²)) − f²/2: the small terms of log(1 + f). */
// @ts-ignore: decorator
@inline function log1pTail(f: v128): v128 {
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2), f));
  const z = f32x4.mul(s, s);
  let r = f32x4.add(f32x4.mul(z, f32x4.splat(L4)), f32x4.splat(L3));
  r = f32x4.add(f32x4.mul(z, r), f32x4.splat(L2));
  r = f32x4.add(f32x4.mul(z, r), f32x4.splat(L1));
  r = f32x4.mul(z, r);
  const hfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), f), f);
  return f32x4.sub(f32x4.mul(s, f32x4.add(hfsq, r)), hfsq);
}

/** ln x on f32x4: −Inf at ±0, NaN below 0 and for NaN, +Inf at +Inf; subnormal x are scaled by 2^23 first. */
// @ts-ignore: decorator
@inline export function vlog(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(1.1754943508222875e-38)); // below the smallest normal
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608)), x, tiny);
  const ix = i32x4.sub(xs, i32x4.splat(0x3f3504f3)); // bits of x relative to √½
  const e = i32x4.shr_s(ix, 23);
  const m = i32x4.sub(xs, i32x4.shl(e, 23)); // mantissa in [√½, √2)
  const k = f32x4.convert_i32x4_s(i32x4.sub(e, v128.and(tiny, i32x4.splat(23))));
  const f = f32x4.sub(m, f32x4.splat(1));
  // ((tail + k·LN2_LO) + f) + k·LN2_HI, smallest terms first
  let y = f32x4.add(log1pTail(f), f32x4.mul(k, f32x4.splat(LN2_LO)));
  y = f32x4.add(f32x4.add(y, f), f32x4.mul(k, f32x4.splat(LN2_HI)));
  y = v128.bitselect(f32x4.splat(-Infinity), y, f32x4.eq(x, f32x4.splat(0)));
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.eq(x, f32x4.splat(Infinity)));
  const invalid = v128.or(f32x4.lt(x, f32x4.splat(0)), f32x4.ne(x, x));
  return v128.bitselect(f32x4.splat(NaN), y, invalid);
}

/** ln(1 + u) for u ∈ [0, 1] (and NaN): f = u below ½, else 1 + u = 2·(1 + (u − 1)/2) with u − 1 exact. */
// @ts-ignore: decorator
@inline export function vlog1pUnit(u: v128): v128 {
  const big = f32x4.ge(u, f32x4.splat(0.5));
  const f = v128.bitselect(f32x4.mul(f32x4.sub(u, f32x4.splat(1)), f32x4.splat(0.5)), u, big);
  const tail = f32x4.add(log1pTail(f), v128.and(big, f32x4.splat(LN2_LO)));
  return f32x4.add(f32x4.add(tail, f), v128.and(big, f32x4.splat(LN2_HI)));
}
