import { kernelsFor } from "../backend.js";
import type { UnaryKind } from "../kernels/kernels.js";
import { recordOp } from "../tape.js";
import { empty, type Tensor } from "../tensor.js";

/**
 * An elementwise op y = f(x; alpha) on the backend's unary kernel; backward ∂x = ∂y·f'(x),
 * where f' may read the saved output y (tanh: 1 − y², sigmoid: y(1 − y)).
 */
export function unary(kind: UnaryKind, x: Tensor, alpha = 0): Tensor {
  const kernels = kernelsFor(x.dtype);
  const y = empty(x.shape, x.dtype);
  kernels.unary(kind, x.data, y.data, alpha);
  return recordOp(kind, [x], y, (dy) => {
    const dx = empty(x.shape, x.dtype);
    kernels.unaryBackward(kind, x.data, y.data, dy.data, dx.data, alpha);
    return [dx];
  });
}

/** −x. */
export const neg = (x: Tensor): Tensor => unary("neg", x);
/** eˣ. */
export const exp = (x: Tensor): Tensor => unary("exp", x);
/** ln x. */
export const log = (x: Tensor): Tensor => unary("log", x);
/** √x. */
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
/** |x|; derivative sign(x), 0 at 0. */
export const abs = (x: Tensor): Tensor => unary("abs", x);
/** x². */
export const square = (x: Tensor): Tensor => unary("square", x);
/** 1/x. */
export const reciprocal = (x: Tensor): Tensor => unary("reciprocal", x);
/** x, unchanged (a copy with its own gradient node). */
export const identity = (x: Tensor): Tensor => unary("identity", x);
/** σ(x) = 1/(1 + e⁻ˣ); σ' = y(1 − y), at most 1/4. */
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
/** tanh x; derivative 1 − y². */
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
/** max(0, x); derivative 1 for x > 0, else 0. */
export const relu = (x: Tensor): Tensor => unary("relu", x);
/** x for x > 0, slope·x otherwise (default slope 0.01, as PyTorch). */
export const leakyRelu = (x: Tensor, slope = 0.01): Tensor => unary("leakyRelu", x, slope);
/** x for x > 0, α(eˣ − 1) otherwise (default α = 1). */
export const elu = (x: Tensor, alpha = 1): Tensor => unary("elu", x, alpha);
/** λ·elu(x; α) with the self-normalising λ ≈ 1.0507, α ≈ 1.6733. */
export const selu = (x: Tensor): Tensor => unary("selu", x);
/** x·Φ(x) with the exact Gaussian CDF (PyTorch's default GELU). */
export const gelu = (x: Tensor): Tensor => unary("gelu", x);
/** x·σ(x) (SiLU, swish). */
export const silu = (x: Tensor): Tensor => unary("silu", x);
/** ln(1 + eˣ), computed stably (x for x > 20, as PyTorch). */
export const softplus = (x: Tensor): Tensor => unary("softplus", x);
/** clamp(x, −1, 1); derivative 1 strictly inside. */
export const hardTanh = (x: Tensor): Tensor => unary("hardTanh", x);
