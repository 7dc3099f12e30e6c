/**
 * Every UnaryKind as an f32x4 class: `f(x, alpha)` is y = f(x; alpha) and `b(x, y, dy, alpha)`
 * is dx = dy·f'(x), with y = f(x) the saved output. The definitions are those of
 * src/core/kernels/reference/unary-functions.ts, including the derivative at kinks and how a
 * NaN passes a comparison; the tests hold each to a few ulp of the float64 reference.
 * The drivers in elementwise.ts call these on a null instance (the methods never read `this`).
 */
import {
  EXP_LO, expm1NonPositive, expm1Poly6, expMantissaOf, halfExpm1Twice, magicExponent, pow2Plus64, reduceLn2, scaledExp,
  TWO_64, TWO_M64, vexp, vsigmoid,
} from "./vexp";
import { vlog, vlog1pUnit } from "./vlog";
import {
  gauss64, gaussExpm1Reduced, gelu64, GELU_CLAMP, geluBackward64, halfSquareHigh, halfSquareLow, millsT64, splitHigh,
} from "./vnormal";
import { highF64, joinF32, laneSelect, lowF64, select, splat } from "./simd";

const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA: f32 = 1.7580993408473768599402175208123; // scale·alpha, rounded once
const SOFTPLUS_THRESHOLD: f32 = 20;
/** |x| beyond which tanh x is computed as tanh 9: 1 − tanh|x| ≤ 3.05e-8 ≈ 0.51·2^-24 there. */
const TANH_CLAMP: f32 = 9;
/** Below this |x|, tanh x = x + x³·P(x²) instead of h/(h + 1), whose three roundings cost up to 2.5 ulp there. */
const TANH_SMALL: f32 = 0.5;
const T0: f32 = -0.3333314387357318;
const T1: f32 = 0.13325878294749005;
const T2: f32 = -0.053045440737612755;
const T3: f32 = 0.017241363674769975;

/** x < EXP_LO: lanes where e^x < 2^-150 and the formulas are evaluated with e^x = 0 exactly. */
// @ts-ignore: decorator
@inline function deepTail(x: v128): v128 {
  return f32x4.lt(x, splat(EXP_LO));
}

/** −|x| clamped to EXP_LO, NaN kept: the argument of t = e^(−|x|) in the sigmoid family. */
// @ts-ignore: decorator
@inline function negAbsClamped(x: v128): v128 {
  return f32x4.pmax(v128.or(x, splat(-0.0)), splat(EXP_LO));
}

/**
 * tanh x for 0 ≤ x < 0.5 as x + x³·P(x²), P of degree 3: own Lawson fit (relative weight) of
 * (tanh x − x)/x³ on (0, 0.5], relative error 1.5e-8 in tanh before rounding to f32.
 */
// @ts-ignore: decorator
@inline function tanhSmall(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(z, splat(T3)), splat(T2));
  p = f32x4.add(f32x4.mul(z, p), splat(T1));
  p = f32x4.add(f32x4.mul(z, p), splat(T0));
  return f32x4.add(x, f32x4.mul(f32x4.mul(x, z), p));
}

/** y = x; dx = dy. */
export class Identity {
  @inline f(x: v128, a: v128): v128 { return x; }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return dy; }
}

/** y = −x; dx = −dy. */
export class Neg {
  @inline f(x: v128, a: v128): v128 { return f32x4.neg(x); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return f32x4.neg(dy); }
}

/** y = e^x; dx = dy·y. */
export class Exp {
  @inline f(x: v128, a: v128): v128 { return vexp(x); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return f32x4.mul(dy, y); }
}

/** y = ln x; dx = dy/x. */
export class Log {
  @inline f(x: v128, a: v128): v128 { return vlog(x); }
  // dy·(1/x) rounded once
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return f32x4.div(dy, x); }
}

/** y = √x; dx = dy/(2y). */
export class Sqrt {
  @inline f(x: v128, a: v128): v128 { return f32x4.sqrt(x); }
  // dy·1/(2y) rounded once; 2y is exact
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return f32x4.div(dy, f32x4.add(y, y)); }
}

/** y = |x|; dx = dy·sign(x), sign(0) = 0. */
export class Abs {
  @inline f(x: v128, a: v128): v128 { return f32x4.abs(x); }
  // sign(x): 1, −1, or 0 for ±0 and NaN
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    const sign = select(f32x4.gt(x, splat(0)), splat(1), select(f32x4.lt(x, splat(0)), splat(-1), splat(0)));
    return f32x4.mul(dy, sign);
  }
}

/** y = x²; dx = 2x·dy. */
export class Square {
  @inline f(x: v128, a: v128): v128 { return f32x4.mul(x, x); }
  // (x·dy)·2: one rounding, and no overflow of 2x that the exact product would not have
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { const t = f32x4.mul(x, dy); return f32x4.add(t, t); }
}

/** y = 1/x; dx = −dy·y². */
export class Reciprocal {
  @inline f(x: v128, a: v128): v128 { return f32x4.div(splat(1), x); }
  // −dy·y² in f64 (y² exact there), rounded once
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    const lo = lowF64(y), hi = highF64(y);
    return joinF32(
      f64x2.neg(f64x2.mul(lowF64(dy), f64x2.mul(lo, lo))),
      f64x2.neg(f64x2.mul(highF64(dy), f64x2.mul(hi, hi))));
  }
}

/** y = σ(x) = 1/(1 + e^−x); dx = dy·y(1 − y). */
export class Sigmoid {
  // vsigmoid: one exp, one division, the power of two in two exact-or-once-rounded products;
  // max error 2.402 ulp over every f32 (bench/unary-ulp.js), the same as the version it replaced
  @inline f(x: v128, a: v128): v128 { return vsigmoid(x); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(splat(1), y)));
  }
}

/** y = tanh x; dx = dy·(1 − y²). */
export class Tanh {
  // sign(x)·t with a = min(|x|, 9) and t = a + a³·P(a²) below 0.5 (tanhSmall), else h/(h + 1)
  // with h = (e^(2a) − 1)/2 (halfExpm1Twice); both are computed, a lane select picks one: about 45
  // x86 instructions a vector, about half the previous kernel's time. Max error 1.499 ulp over
  // every f32 (bench/unary-ulp.js), as before. tanh(±0) = ±0, |x| ≤ 2^-12 (subnormals too) gives x
  // exactly, ±Inf gives ±tanh 9 (within 2^-24 of ±1), NaN stays NaN.
  @inline f(x: v128, a: v128): v128 {
    const ax = f32x4.pmin(v128.andnot(x, splat(-0.0)), splat(TANH_CLAMP)); // |x| in one andnot
    const h = halfExpm1Twice(ax);
    const t = laneSelect(f32x4.lt(ax, splat(TANH_SMALL)), tanhSmall(ax), f32x4.div(h, f32x4.add(h, splat(1))));
    return v128.or(t, v128.and(x, splat(-0.0)));
  }
  // 1 − y² as (1 − y)(1 + y): exact factors near |y| = 1 where 1 − y·y would cancel
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    return f32x4.mul(dy, f32x4.mul(f32x4.sub(splat(1), y), f32x4.add(splat(1), y)));
  }
}

/** y = x ≤ 0 ? 0 : x; dx = dy·(x ≤ 0 ? 0 : 1). */
export class Relu {
  @inline f(x: v128, a: v128): v128 { return select(f32x4.le(x, splat(0)), splat(0), x); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    return f32x4.mul(dy, select(f32x4.le(x, splat(0)), splat(0), splat(1)));
  }
}

/** y = x > 0 ? x : alpha·x; dx = dy·(x > 0 ? 1 : alpha). */
export class LeakyRelu {
  @inline f(x: v128, a: v128): v128 { return select(f32x4.gt(x, splat(0)), x, f32x4.mul(a, x)); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    return f32x4.mul(dy, select(f32x4.gt(x, splat(0)), splat(1), a));
  }
}

/** a·e^x for x ≤ 0, rounded once even when subnormal; a·0 in the deep tail x < EXP_LO. */
// @ts-ignore: decorator
@inline function scaledExpNonPositive(x: v128, a: v128): v128 {
  return laneSelect(deepTail(x), f32x4.mul(a, splat(0)), scaledExp(f32x4.pmax(x, splat(EXP_LO)), a));
}

/** y = x > 0 ? x : alpha·(e^x − 1); dx = dy·(x ≤ 0 ? alpha·e^x : 1). */
export class Elu {
  @inline f(x: v128, a: v128): v128 {
    return laneSelect(f32x4.gt(x, splat(0)), x, f32x4.mul(a, expm1NonPositive(x)));
  }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    return f32x4.mul(dy, laneSelect(f32x4.le(x, splat(0)), scaledExpNonPositive(x, a), splat(1)));
  }
}

/** y = scale·(x > 0 ? x : 1.6733·(e^x − 1)); dx = dy·scale·(x ≤ 0 ? 1.6733·e^x : 1). */
export class Selu {
  @inline f(x: v128, a: v128): v128 {
    const neg = f32x4.mul(splat(SELU_SCALE_ALPHA), expm1NonPositive(x));
    return laneSelect(f32x4.gt(x, splat(0)), f32x4.mul(splat(SELU_SCALE), x), neg);
  }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    const d = laneSelect(f32x4.le(x, splat(0)), scaledExpNonPositive(x, splat(SELU_SCALE_ALPHA)), splat(SELU_SCALE));
    return f32x4.mul(dy, d);
  }
}

/** min(|x|, GELU_CLAMP), NaN kept. */
// @ts-ignore: decorator
@inline function geluAbs(x: v128): v128 {
  return f32x4.pmin(f32x4.abs(x), splat(GELU_CLAMP));
}

/**
 * gelu(x) (backward false) or dy·gelu'(x) (backward true, a constant at each call, so the other
 * branch folds away): e^(−a²/2) = (1 + q)·2^(n+64)·2^-64 from f32 lanes, the rest in f64 lanes
 * rounded once (assembly/vnormal.ts). gelu(−Inf) = −Inf·0 = NaN, and gelu'(±Inf) = Φ + (±Inf)·0 =
 * NaN (added as x − x, 0 for finite x), as the reference.
 */
// @ts-ignore: decorator
@inline function geluLanes(x: v128, dy: v128, backward: bool): v128 {
  const ac = geluAbs(x), ah = splitHigh(ac), hA = halfSquareHigh(ah), b = halfSquareLow(ac, ah);
  const m = magicExponent(f32x4.sub(hA, b));
  const q = gaussExpm1Reduced(hA, b, m), s = pow2Plus64(m);
  const t = f32x4.div(splat(4), f32x4.add(splat(4), ac));
  const lo = lowF64(ac), hi = highF64(ac);
  const tLo = millsT64(lo, lowF64(t)), tHi = millsT64(hi, highF64(t));
  const gLo = gauss64(lowF64(q), lowF64(s)), gHi = gauss64(highF64(q), highF64(s));
  if (backward) {
    const dx = joinF32(geluBackward64(lowF64(x), lo, tLo, gLo, lowF64(dy)), geluBackward64(highF64(x), hi, tHi, gHi, highF64(dy)));
    return f32x4.add(dx, f32x4.sub(x, x));
  }
  const y = joinF32(gelu64(lowF64(x), lo, tLo, gLo), gelu64(highF64(x), hi, tHi, gHi));
  return laneSelect(f32x4.eq(x, splat(-Infinity)), splat(NaN), y);
}

/** y = x·Φ(x); dx = dy·(Φ(x) + x·φ(x)). */
export class Gelu {
  @inline f(x: v128, a: v128): v128 { return geluLanes(x, x, false); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return geluLanes(x, dy, true); }
}

/** y = x·σ(x); dx = dy·σ(x)(1 + x(1 − σ(x))). */
export class Silu {
  // as vsigmoid, with x multiplied into the numerator before the power of two of x < 0 is applied:
  // x·(x < 0 ? p : 1)/(1 + t) · (x < 0 ? 2^n : 1), t = e^(−|x|) = p·2^n, x·p = x + x·q with q = p − 1
  // unrounded (max error over every f32 3.39 → 2.83 ulp; the kernel before this branch 3.19); x·0 below EXP_LO
  @inline f(x: v128, a: v128): v128 {
    const xc = negAbsClamped(x);
    const m = magicExponent(xc);
    const q = expm1Poly6(reduceLn2(xc, m)), s = pow2Plus64(m);
    const t = f32x4.mul(f32x4.mul(f32x4.add(splat(1), q), s), splat(TWO_M64));
    const negative = i32x4.shr_s(x, 31);
    const frac = f32x4.div(laneSelect(negative, f32x4.add(x, f32x4.mul(x, q)), x), f32x4.add(splat(1), t));
    const y = laneSelect(negative, f32x4.mul(f32x4.mul(frac, s), splat(TWO_M64)), frac);
    return laneSelect(deepTail(x), f32x4.mul(x, splat(0)), y);
  }
  // σ(x)·(1 + x·(1 − σ(x))), with 1 − σ(x) = σ(−x) = (x < 0 ? 1 : t)/(1 + t) free of cancellation
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    const xc = negAbsClamped(x);
    const m = magicExponent(xc);
    const p = expMantissaOf(xc, m), s = pow2Plus64(m);
    const t = f32x4.mul(f32x4.mul(p, s), splat(TWO_M64));
    const negative = i32x4.shr_s(x, 31);
    const d = f32x4.add(splat(1), t);
    const frac = f32x4.div(laneSelect(negative, p, splat(1)), d);
    const complement = f32x4.div(laneSelect(negative, splat(1), t), d);
    const inner = f32x4.add(splat(1), f32x4.mul(x, complement));
    const scale = laneSelect(negative, s, splat(TWO_64));
    const d1 = f32x4.mul(f32x4.mul(f32x4.mul(frac, inner), scale), splat(TWO_M64));
    return f32x4.mul(dy, laneSelect(deepTail(x), f32x4.mul(x, splat(0)), d1));
  }
}

/** y = x > 20 ? x : ln(1 + e^x); dx = dy·(x > 20 ? 1 : σ(x)). */
export class Softplus {
  // x above the threshold, else max(x, 0) + log1p(e^(−|x|)), e^(−|x|) = (p·2^(n+64))·2^-64
  @inline f(x: v128, a: v128): v128 {
    const xc = negAbsClamped(x);
    const m = magicExponent(xc);
    const t = f32x4.mul(f32x4.mul(expMantissaOf(xc, m), pow2Plus64(m)), splat(TWO_M64));
    const sp = f32x4.add(f32x4.pmax(x, splat(0)), vlog1pUnit(t));
    return laneSelect(f32x4.gt(x, splat(SOFTPLUS_THRESHOLD)), x, sp);
  }
  // σ(x) rounds to 1 above 17.33, so the threshold needs no select; σ(NaN) = NaN
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 { return f32x4.mul(dy, vsigmoid(x)); }
}

/** y = clamp(x, −1, 1); dx = dy·(−1 < x < 1 ? 1 : 0). */
export class HardTanh {
  @inline f(x: v128, a: v128): v128 { return f32x4.pmax(f32x4.pmin(x, splat(1)), splat(-1)); }
  @inline b(x: v128, y: v128, dy: v128, a: v128): v128 {
    const edge = v128.or(f32x4.le(x, splat(-1)), f32x4.ge(x, splat(1)));
    return f32x4.mul(dy, select(edge, splat(0), splat(1)));
  }
}
