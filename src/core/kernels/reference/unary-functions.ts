import type { UnaryKind } from "../kernels.js";
import { normalTail } from "./erf.js";

/**
 * The scalar math of every UnaryKind, forward f(x; alpha) and derivative f'(x) side by side,
 * in float64. Definitions follow PyTorch, including the value of the derivative at kinks and
 * how NaN passes through a comparison. The derivative gets the saved output y = f(x) and uses
 * it where PyTorch does (tanh, sigmoid, exp, sqrt, reciprocal).
 */
export interface UnaryFunction {
  /** y = f(x; alpha). */
  readonly f: (x: number, alpha: number) => number;
  /** f'(x), given x and y = f(x). */
  readonly df: (x: number, y: number, alpha: number) => number;
}

/** SELU's scale λ (Klambauer et al. 2017), as in PyTorch. */
export const SELU_SCALE = 1.0507009873554804934193349852946;
/** SELU's α, the saturation value of the negative part. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
/** PyTorch's softplus threshold (beta = 1): above it softplus(x) = x. */
export const SOFTPLUS_THRESHOLD = 20;

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/** σ(x) = 1/(1 + e^−x), evaluated without overflow for either sign of x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Φ(x), the standard normal CDF, = ½·erfc(−x/√2), with full relative accuracy in the left tail. */
export function normalCdf(x: number): number {
  return x >= 0 ? 1 - normalTail(x) : normalTail(-x);
}

/** φ(x) = e^(−x²/2)/√(2π), the standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** sign(x) ∈ {−1, 0, 1}; 0 for ±0 and NaN, as PyTorch's sign. */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** The name table: one entry per UnaryKind. */
export const unaryFunctions: Readonly<Record<UnaryKind, UnaryFunction>> = {
  identity: { f: (x) => x, df: () => 1 },
  neg: { f: (x) => -x, df: () => -1 },
  exp: { f: (x) => Math.exp(x), df: (_x, y) => y },
  log: { f: (x) => Math.log(x), df: (x) => 1 / x },
  sqrt: { f: (x) => Math.sqrt(x), df: (_x, y) => 1 / (2 * y) },
  abs: { f: (x) => Math.abs(x), df: (x) => sign(x) },
  square: { f: (x) => x * x, df: (x) => 2 * x },
  reciprocal: { f: (x) => 1 / x, df: (_x, y) => -(y * y) },
  sigmoid: { f: (x) => sigmoid(x), df: (_x, y) => y * (1 - y) },
  tanh: { f: (x) => Math.tanh(x), df: (_x, y) => 1 - y * y },
  // NOTE: written as PyTorch's threshold: relu(NaN) = NaN, relu'(0) = 0, relu'(NaN) = 1.
  relu: { f: (x) => (x <= 0 ? 0 : x), df: (x) => (x <= 0 ? 0 : 1) },
  leakyRelu: { f: (x, a) => (x > 0 ? x : a * x), df: (x, _y, a) => (x > 0 ? 1 : a) },
  elu: { f: (x, a) => (x > 0 ? x : a * Math.expm1(x)), df: (x, _y, a) => (x <= 0 ? a * Math.exp(x) : 1) },
  selu: {
    f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    df: (x) => (x <= 0 ? SELU_SCALE * SELU_ALPHA * Math.exp(x) : SELU_SCALE),
  },
  // gelu(x) = x·Φ(x) with the exact erf (PyTorch's approximate="none").
  gelu: { f: (x) => x * normalCdf(x), df: (x) => normalCdf(x) + x * normalPdf(x) },
  silu: { f: (x) => x * sigmoid(x), df: (x) => { const s = sigmoid(x); return s * (1 + x * (1 - s)); } },
  softplus: {
    f: (x) => (x > SOFTPLUS_THRESHOLD ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
    df: (x) => (x > SOFTPLUS_THRESHOLD ? 1 : sigmoid(x)),
  },
  // clamp to [−1, 1]; the derivative is 1 strictly inside and 0 at or beyond the edges.
  hardTanh: { f: (x) => (x < -1 ? -1 : x > 1 ? 1 : x), df: (x) => (x <= -1 || x >= 1 ? 0 : 1) },
};

/** y = f(x; alpha) for the given kind, in float64. */
export function unaryForward(kind: UnaryKind, x: number, alpha: number): number {
  return unaryFunctions[kind].f(x, alpha);
}

/** f'(x) for the given kind, in float64; y must be f(x) (the saved output). */
export function unaryDerivative(kind: UnaryKind, x: number, y: number, alpha: number): number {
  return unaryFunctions[kind].df(x, y, alpha);
}
