/**
 * e^x and e^x − 1 on f32x4, to about one ulp: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite
 * two-part ln2, exact first step), expm1(r) by a degree-7 minimax polynomial, and the 2^n
 * scaling split in two powers so that subnormal results are rounded once. Coefficients are a
 * weighted least-squares (Lawson) fit of (expm1(r) − r − r²/2)/r³ on [−0.349, 0.349],
 * relative error 4e-10 before rounding to f32.
 */

import { laneSelect } from "./simd";

const LOG2E: f32 = 1.4426950408889634;
/** ln2 in two parts for Cody–Waite reductions: LN2_HI has 15 significant bits (n·LN2_HI is exact for |n| < 512), LN2_LO = ln2 − LN2_HI. */
export const LN2_HI: f32 = 0.693145751953125;
export const LN2_LO: f32 = 1.4286068203094173e-6;
const E3: f32 = 0.1666666567325592;
const E4: f32 = 0.04166647791862488;
const E5: f32 = 0.008333421312272549;
const E6: f32 = 0.0013933758018538356;
const E7: f32 = 0.00019823932962026447;

/** 1.5·2^23: adding it to an integer-valued f32 of magnitude below 2^22 puts the integer in the low mantissa bits. */
const MAGIC: f32 = 12582912;

/** The i32x4 of an integer-valued f32x4 n (|n| < 2^22): two cheap operations instead of trunc_sat's NaN handling. */
// @ts-ignore: decorator
@inline export function toInt(n: v128): v128 {
  return i32x4.sub(f32x4.add(n, f32x4.splat(MAGIC)), f32x4.splat(MAGIC));
}

/** round(x·log2 e), the power of two of e^x, as an integer-valued f32x4. */
// @ts-ignore: decorator
@inline export function expExponent(x: v128): v128 {
  return f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
}

/** expm1(x − n·ln2), the reduced argument's e^r − 1, for n = expExponent(x). */
// @ts-ignore: decorator
@inline export function expm1Reduced(x: v128, n: v128): v128 {
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(r, f32x4.splat(E7)), f32x4.splat(E6));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(E5));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(E4));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(E3));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(0.5));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p));
}

/** p·2^n for integer-valued n in [−162, 129]: two exact power-of-two factors, one final rounding. */
// @ts-ignore: decorator
@inline export function scaleByPow2(p: v128, n: v128): v128 {
  const ni = toInt(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** The lower clamp of exp arguments: |x|·e^x < 2^-150 below it, so e^x and x·e^x both round to 0. */
export const EXP_LO: f32 = -112;
/** The upper clamp: e^89 overflows f32. */
export const EXP_HI: f32 = 89;

/**
 * x clamped to [EXP_LO, EXP_HI]. NOTE: every clamp in these kernels is pmin/pmax with x as the
 * first operand: pmax(x, lo) = x < lo ? lo : x keeps a NaN x, in one instruction, where the
 * IEEE-style min/max need a long sequence on x86.
 */
// @ts-ignore: decorator
@inline export function expClamp(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
}

/** e^x on f32x4; +Inf above 88.72, 0 below −103.97, NaN for NaN. */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  const xc = expClamp(x);
  const n = expExponent(xc);
  return scaleByPow2(f32x4.add(f32x4.splat(1), expm1Reduced(xc, n)), n);
}

/** ln 2 rounded to f32: n·LN2 for the one-step reduction of halfExpm1Twice (n ≤ 26). */
const LN2_F32: f32 = 0.6931471805599453;
const F3: f32 = 0.16666548720721958;
const F4: f32 = 0.041666854267846234;
const F5: f32 = 0.008366039193934707;
const F6: f32 = 0.001389821331050185;
/** ½, used by its bit pattern 0x3F000000 = 126·2^23: adding n·2^23 to it makes the f32 2^(n−1). */
const HALF_BITS: f32 = 0.5;

/**
 * expm1(r) = r + r²·(½ + r·P(r)) for |r| ≤ ln2/2, P of degree 3: own Lawson fit of
 * (expm1 r − r − r²/2)/r³ on |r| ≤ 0.3466, relative error 1.4e-8 before rounding to f32.
 */
// @ts-ignore: decorator
@inline export function expm1Poly6(r: v128): v128 {
  let p = f32x4.add(f32x4.mul(r, f32x4.splat(F6)), f32x4.splat(F5));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(F4));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(F3));
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(0.5));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p));
}

/**
 * x·log2 e + 1.5·2^23 for |x·log2 e| < 2^22: the sum rounds x·log2 e to an integer n and keeps
 * it in the low mantissa bits, so (this − 1.5·2^23) is n as an f32, and this shifted left by 23
 * as an i32 is n·2^23 (the bits of 1.5·2^23, 0x4B400000, vanish in the shift): rounding and
 * conversion in two operations, without nearest or trunc_sat.
 */
// @ts-ignore: decorator
@inline export function magicExponent(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
}

/**
 * (e^(2a) − 1)/2 for a in [0, 9] (tanh's range), in 22 vector operations: 2a = n·ln2 + r with n
 * from magicExponent (0 ≤ n ≤ 26), a one-step reduction r = 2a − n·ln2_f32 (the subtraction is
 * exact; n·ln2_f32 is off ln2·n by at most 2^-20 at n = 26 and 2^-23 for n ≤ 3, the relative
 * error it gives e^(2a), which tanh's h/(h + 1) damps by 1/(h + 1)), q = expm1Poly6(r), and
 * h = 2^(n−1)·q + (2^(n−1) − ½) with both terms exact: exactly half of the f32 sum
 * 2^n·q + (2^n − 1). Halved so that tanh needs the constants ½ and 1 only, which other code keeps
 * live anyway. No clamping and no overflow handling: the caller bounds a.
 */
// @ts-ignore: decorator
@inline export function halfExpm1Twice(a: v128): v128 {
  const x2 = f32x4.add(a, a);
  const m = magicExponent(x2);
  const r = f32x4.sub(x2, f32x4.mul(f32x4.sub(m, f32x4.splat(MAGIC)), f32x4.splat(LN2_F32)));
  const q = expm1Poly6(r);
  const t = i32x4.add(i32x4.shl(m, 23), f32x4.splat(HALF_BITS)); // 2^(n−1)
  return f32x4.add(f32x4.mul(t, q), f32x4.sub(t, f32x4.splat(0.5)));
}

/** 2^64 and 2^-64: a power of two 2^k, k ≥ −190, applied as (v·2^(k+64))·2^-64 rounds once even when subnormal. */
export const TWO_64: f32 = 18446744073709551616.0;
export const TWO_M64: f32 = 5.421010862427522170037264e-20;

/** The integer n of m = magicExponent(x), as an f32x4. */
// @ts-ignore: decorator
@inline export function magicInt(m: v128): v128 {
  return f32x4.sub(m, f32x4.splat(MAGIC));
}

/** r = x − n·ln2 for n = magicInt(m), in two Cody–Waite steps (n·LN2_HI exact): |r| ≤ ln2/2. */
// @ts-ignore: decorator
@inline export function reduceLn2(x: v128, m: v128): v128 {
  const n = magicInt(m);
  const r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  return f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
}

/** 2^(n+64) for n = magicInt(m) ≥ −190, built from the bits: 2^64 = 191·2^23 as an i32, plus n·2^23. */
// @ts-ignore: decorator
@inline export function pow2Plus64(m: v128): v128 {
  return i32x4.add(i32x4.shl(m, 23), f32x4.splat(TWO_64));
}

/**
 * e^x = p·2^n for x ∈ [−190·ln2, 64·ln2] (the caller clamps): returns p = 1 + expm1(r) ∈ [0.7, 1.42]
 * and leaves m = magicExponent(x) to the caller, which builds 2^n or 2^(n+64) from it.
 */
// @ts-ignore: decorator
@inline export function expMantissaOf(x: v128, m: v128): v128 {
  return f32x4.add(f32x4.splat(1), expm1Poly6(reduceLn2(x, m)));
}

/**
 * σ(x) = 1/(1 + e^−x) on f32x4: t = e^(−|x|) = p·2^n (|x| clamped to 112, two-part Cody–Waite
 * reduction, p = 1 + expm1Poly6(r)), σ = (x ≥ 0 ? 1 : p)/(1 + t) · (x ≥ 0 ? 1 : 2^n), the
 * power of two applied as 2^(n+64)·2^-64 so that a subnormal σ is rounded once. The sign test is
 * the sign bit (−0 counts as negative and gives p = 1, t = 1, σ = ½). NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  const xc = f32x4.pmax(v128.or(x, f32x4.splat(-0.0)), f32x4.splat(EXP_LO)); // −|x| ≥ −112
  const m = magicExponent(xc);
  const p = expMantissaOf(xc, m);
  const s = pow2Plus64(m); // 2^(n+64), n ≥ −162
  const t = f32x4.mul(f32x4.mul(p, s), f32x4.splat(TWO_M64));
  const negative = i32x4.shr_s(x, 31);
  const frac = f32x4.div(laneSelect(negative, p, f32x4.splat(1)), f32x4.add(f32x4.splat(1), t));
  return f32x4.mul(f32x4.mul(frac, laneSelect(negative, s, f32x4.splat(TWO_64))), f32x4.splat(TWO_M64));
}

/**
 * e^x − 1 for x ≤ 0 on f32x4 (lanes with x > 0 give garbage: the caller selects them away; NaN
 * stays NaN): x clamped to −30 (expm1(−30) rounds to −1), n = round(x·log2 e) ∈ [−44, 0] by
 * magicExponent, q = expm1Poly6(r) after the two-step reduction, and 2^n·q + (2^n − 1) with
 * 2^n built from the bits of m and both terms exact for n ≥ −24; the sign bit of x is or'ed in so
 * that expm1(−0) = −0. About 24 vector operations,
 * against 35 for the general expm1 it replaced (no nearest, no branch for n = 128).
 */
// @ts-ignore: decorator
@inline export function expm1NonPositive(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(-30));
  const m = magicExponent(xc);
  const q = expm1Poly6(reduceLn2(xc, m));
  const t = i32x4.add(i32x4.shl(m, 23), f32x4.splat(1)); // 2^n: 127·2^23 plus n·2^23
  const s = f32x4.add(f32x4.mul(t, q), f32x4.sub(t, f32x4.splat(1)));
  return v128.or(s, v128.and(x, f32x4.splat(-0.0))); // expm1(−0) = −0; s < 0 for every other x < 0
}

/**
 * c·e^x on f32x4 for x ∈ [EXP_LO, 0] (the caller clamps; lanes above 43 give garbage):
 * (c·p)·2^(n+64)·2^-64, the power of two in two exact-or-once-rounded products so that a
 * subnormal result is rounded once.
 */
// @ts-ignore: decorator
@inline export function scaledExp(x: v128, c: v128): v128 {
  const m = magicExponent(x);
  const p = expMantissaOf(x, m);
  return f32x4.mul(f32x4.mul(f32x4.mul(c, p), pow2Plus64(m)), f32x4.splat(TWO_M64));
}
