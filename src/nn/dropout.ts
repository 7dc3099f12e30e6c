import { GradscopeError } from "../core/errors.js";
import { mul } from "../core/ops/arithmetic.js";
import { zeros, type Tensor } from "../core/tensor.js";
import type { ForwardContext } from "./parameter.js";

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
 * 1/(1 − p), y = x ⊙ m/(1 − p) with m ~ Bernoulli(1 − p) from the seeded generator; in
 * evaluation y = x.
 */
export function dropout(x: Tensor, p: number, ctx: ForwardContext): Tensor {
  if (!(p >= 0 && p < 1)) throw new GradscopeError(`dropout: rate ${p} must be in [0, 1)`);
  if (!ctx.training || p === 0) return x;
  const mask = zeros(x.shape, x.dtype);
  const m = mask.data;
  const keep = 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = ctx.rng.uniform() < p ? 0 : keep;
  return mul(x, mask);
}
