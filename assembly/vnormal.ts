/**
 * gelu(x) = x·Φ(x) and gelu'(x) = Φ(x) + x·φ(x) from the normal tail Q(a) = Φ(−a) = ½·erfc(a/√2),
 * a = |x|, written Q(a) = K(a)·e^(−a²/2) with K(a) = M(a)/√(2π) (M the Mills ratio):
 * - e^(−a²/2) in f32 lanes, four at a time: a = ah + al with ah of 12 significant bits, so that
 *   −a²/2 = A − b with A = −ah²/2 exact and b = al·(ah + al/2) small; then the expMantissaOf
 *   machinery of vexp.ts (magicExponent, two-step reduction, expm1Poly6), kept as q = e^r − 1
 *   and 2^(n+64) so that no f32 rounding of 1 + q or of a subnormal e^(−a²/2) happens;
 * - K(a) = t·G(t), t = 4/(4 + a), G of degree 9 in f64 lanes (scripts/fit_mills_ratio.py: own
 *   Lawson fit, relative error 8.8e-9 on [0, 14.7]), where the rounding of t costs nothing;
 * - the products and the final 1 − Q in f64, rounded to f32 once.
 * The previous kernel did all of it in f64 lanes (f64 exp, an f64 division, K of degree 14).
 */
import { expm1Poly6, LN2_HI, LN2_LO, magicExponent, magicInt, pow2Plus64, TWO_M64 } from "./vexp";

const INV_SQRT_2PI: f64 = 0.3989422804014327;
/** |x| beyond which gelu(−|x|) and gelu'(−|x|) are below 2^-151 and gelu(|x|) = |x|: a is clamped to it. */
export const GELU_CLAMP: f32 = 14.7;
const MILLS_C: f64 = 4;
const G0: f64 = 0.09974576785501774;
const G1: f64 = 0.09953185921208957;
const G2: f64 = 0.0952052452709663;
const G3: f64 = 0.07338264441877784;
const G4: f64 = 0.08282133168718107;
const G5: f64 = 0.019587934693052138;
const G6: f64 = 0.02045206965862398;
const G7: f64 = 0.05745235445829591;
const G8: f64 = -0.06518875564882547;
const G9: f64 = 0.01700955279691114;

/** ah: a with its low 12 mantissa bits cleared, so that ah² is exact in f32. */
// @ts-ignore: decorator
@inline export function splitHigh(a: v128): v128 {
  return v128.and(a, i32x4.splat(0xfffff000));
}

/** A = −ah²/2, exact. */
// @ts-ignore: decorator
@inline export function halfSquareHigh(ah: v128): v128 {
  return f32x4.mul(f32x4.mul(ah, ah), f32x4.splat(-0.5));
}

/** b = al·(ah + al/2) with al = a − ah (exact): −a²/2 = −ah²/2 − b, |b| ≤ 2^-11·a². */
// @ts-ignore: decorator
@inline export function halfSquareLow(a: v128, ah: v128): v128 {
  const al = f32x4.sub(a, ah);
  return f32x4.mul(al, f32x4.add(ah, f32x4.mul(al, f32x4.splat(0.5))));
}

/**
 * q = e^r − 1 with r = −a²/2 − n·ln2 for m = magicExponent(A − b), A = −ah²/2 (exact), b =
 * halfSquareLow: (A − n·LN2_HI) is exact, b and n·LN2_LO are subtracted after it.
 */
// @ts-ignore: decorator
@inline export function gaussExpm1Reduced(hA: v128, b: v128, m: v128): v128 {
  const n = magicInt(m);
  const r = f32x4.sub(f32x4.sub(f32x4.sub(hA, f32x4.mul(n, f32x4.splat(LN2_HI))), b), f32x4.mul(n, f32x4.splat(LN2_LO)));
  return expm1Poly6(r);
}

/** c0 + c1·t on f64x2. */
// @ts-ignore: decorator
@inline function linear64(c0: f64, c1: f64, t: v128): v128 {
  return f64x2.add(f64x2.splat(c0), f64x2.mul(f64x2.splat(c1), t));
}

/** t = 4/(4 + a) = 1/d, d = 1 + a/4 (exact), on f64x2 from t0, its f32 value widened: one Newton step t0·(2 − d·t0), relative error ≈ 2^-46. */
// @ts-ignore: decorator
@inline export function millsT64(a: v128, t0: v128): v128 {
  const d = f64x2.add(f64x2.splat(1), f64x2.mul(a, f64x2.splat(1 / MILLS_C)));
  return f64x2.mul(t0, f64x2.sub(f64x2.splat(2), f64x2.mul(d, t0)));
}

/**
 * K(a) = Q(a)·e^(a²/2) = M(a)/√(2π) for 0 ≤ a ≤ 14.7 on f64x2: t·G(t), t = millsT64, G by
 * Estrin's scheme (pairs, then t², t⁴): a dependency chain of 8 operations instead of Horner's 18.
 */
// @ts-ignore: decorator
@inline export function millsK64(t: v128): v128 {
  const t2 = f64x2.mul(t, t), t4 = f64x2.mul(t2, t2);
  const g03 = f64x2.add(linear64(G0, G1, t), f64x2.mul(t2, linear64(G2, G3, t)));
  const g47 = f64x2.add(linear64(G4, G5, t), f64x2.mul(t2, linear64(G6, G7, t)));
  const g49 = f64x2.add(g47, f64x2.mul(t4, linear64(G8, G9, t)));
  return f64x2.mul(t, f64x2.add(g03, f64x2.mul(t4, g49)));
}

/** e^(−a²/2) = (1 + q)·2^(n+64)·2^-64 on f64x2, from f32 lanes q and s = 2^(n+64) widened: exact products. */
// @ts-ignore: decorator
@inline export function gauss64(q: v128, s: v128): v128 {
  return f64x2.mul(f64x2.add(f64x2.splat(1), q), f64x2.mul(s, f64x2.splat(<f64>TWO_M64)));
}

/** gelu(x) = x < 0 ? −a·Q(a) : x·(1 − Q(a)) on f64x2, with Q = K·E, K = millsK64(t), t = 4/(4 + a), E = e^(−a²/2). */
// @ts-ignore: decorator
@inline export function gelu64(x: v128, a: v128, t: v128, e: v128): v128 {
  const q = f64x2.mul(millsK64(t), e);
  return v128.bitselect(f64x2.neg(f64x2.mul(a, q)), f64x2.mul(x, f64x2.sub(f64x2.splat(1), q)), f64x2.lt(x, f64x2.splat(0)));
}

/** gelu'(x)·dy on f64x2: D = E·(K − a/√(2π)) is Q(a) − a·φ(a), so gelu' = x < 0 ? D : 1 − D. */
// @ts-ignore: decorator
@inline export function geluBackward64(x: v128, a: v128, t: v128, e: v128, dy: v128): v128 {
  const d = f64x2.mul(e, f64x2.sub(millsK64(t), f64x2.mul(a, f64x2.splat(INV_SQRT_2PI))));
  return f64x2.mul(dy, v128.bitselect(d, f64x2.sub(f64x2.splat(1), d), f64x2.lt(x, f64x2.splat(0))));
}
