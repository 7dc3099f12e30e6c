/**
 * The standard normal tail Q(a) = Φ(−a) = ½·erfc(a/√2) for a ≥ 0, in f64x2, to a relative error
 * of about 4e-13 (far below an f32 ulp), for gelu(x) = x·Φ(x) and its derivative Φ(x) + x·φ(x).
 * Q(a) = φ(a)·M(a) with the Mills ratio M(a) = t·G(t), t = 4/(4 + a); G is a degree-14
 * polynomial fitted (Lawson, relative weight) on a ∈ [0, 16]. Working in f64 makes a² and
 * e^(−a²/2) exact enough that the far tail (gelu(−14) ≈ −1.6e-43) keeps its accuracy.
 */

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 0.6931471803691238; // trailing zero bits: n·LN2_HI is exact for |n| < 2048
const LN2_LO: f64 = 1.9082149292705877e-10;
const INV_SQRT_2PI: f64 = 0.3989422804014327;
const MILLS_C: f64 = 4;
const MAGIC: f64 = 6755399441055744; // 1.5·2^52
const G0: f64 = 0.24999970698957558;
const G1: f64 = 0.2500103814995771;
const G2: f64 = 0.2342071767273997;
const G3: f64 = 0.20476618735440008;
const G4: f64 = 0.14832928379257865;
const G5: f64 = 0.15971255861987693;
const G6: f64 = -0.12034858042501614;
const G7: f64 = 0.48556951180901525;
const G8: f64 = -0.9247460504062514;
const G9: f64 = 1.3213851244345218;
const G10: f64 = -1.4279981296376547;
const G11: f64 = 1.0297141980620625;
const G12: f64 = -0.46158322005388264;
const G13: f64 = 0.11733026058225447;
const G14: f64 = -0.013034272032524732;

/** e^y for y ≤ 0 on f64x2, relative error below 1e-13; exactly 0 below −708 (and for −Inf). */
// @ts-ignore: decorator
@inline function expNonPositive(y: v128): v128 {
  const yc = f64x2.pmax(y, f64x2.splat(-708));
  const n = f64x2.nearest(f64x2.mul(yc, f64x2.splat(LOG2E)));
  let r = f64x2.sub(yc, f64x2.mul(n, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Taylor series to r^11 / 11! (|r| ≤ 0.35: truncation 2e-13)
  let p = f64x2.splat(1.0 / 39916800);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  // n + 1.5·2^52 holds the integer n in its low bits (cheaper than trunc_sat on x86)
  const ni = i64x2.sub(f64x2.add(n, f64x2.splat(MAGIC)), f64x2.splat(MAGIC));
  const scale = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52);
  return v128.bitselect(f64x2.splat(0), f64x2.mul(p, scale), f64x2.lt(y, f64x2.splat(-708)));
}

/** φ(a) = e^(−a²/2)/√(2π) on f64x2. */
// @ts-ignore: decorator
@inline export function normalPdf64(a: v128): v128 {
  return f64x2.mul(f64x2.splat(INV_SQRT_2PI), expNonPositive(f64x2.mul(f64x2.splat(-0.5), f64x2.mul(a, a))));
}

/** M(a) = Q(a)/φ(a), the Mills ratio, for a ≥ 0 on f64x2 (0 at a = +Inf). */
// @ts-ignore: decorator
@inline export function millsRatio64(a: v128): v128 {
  const t = f64x2.div(f64x2.splat(MILLS_C), f64x2.add(f64x2.splat(MILLS_C), a));
  let g = f64x2.splat(G14);
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G13));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G12));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G11));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G10));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G9));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G8));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G7));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G6));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G5));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G4));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G3));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G2));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G1));
  g = f64x2.add(f64x2.mul(g, t), f64x2.splat(G0));
  return f64x2.mul(t, g);
}

/** gelu(x) = x·Φ(x) on f64x2. */
// @ts-ignore: decorator
@inline export function gelu64(x: v128): v128 {
  const a = f64x2.abs(x);
  const q = f64x2.mul(normalPdf64(a), millsRatio64(a)); // Φ(−|x|)
  const cdf = v128.bitselect(f64x2.sub(f64x2.splat(1), q), q, f64x2.ge(x, f64x2.splat(0)));
  return f64x2.mul(x, cdf);
}

/** gelu'(x) = Φ(x) + x·φ(x) on f64x2; for x < 0 it is φ(|x|)·(M(|x|) − |x|). */
// @ts-ignore: decorator
@inline export function geluDerivative64(x: v128): v128 {
  const a = f64x2.abs(x);
  const pdf = normalPdf64(a);
  const q = f64x2.mul(pdf, millsRatio64(a));
  const cdf = v128.bitselect(f64x2.sub(f64x2.splat(1), q), q, f64x2.ge(x, f64x2.splat(0)));
  return f64x2.add(cdf, f64x2.mul(x, pdf));
}
