import type { DType } from "../core/dtype.js";
import { GradscopeError } from "../core/errors.js";
import { add } from "../core/ops/arithmetic.js";
import { scale } from "../core/ops/pointwise.js";
import { sum } from "../core/ops/reduce.js";
import { abs, square } from "../core/ops/unary.js";
import { scalar, type Tensor } from "../core/tensor.js";
import { numberOr } from "./optim/check.js";
import type { Parameter } from "./parameter.js";

/** Penalty coefficients (the `regularization` section of the experiment config); both default to 0. */
export interface RegularizationSpec {
  /** λ₁ ≥ 0 of the L1 term λ₁·Σ|w|. */
  l1?: number;
  /** λ₂ ≥ 0 of the L2 term (λ₂/2)·Σw², whose gradient λ₂·w is PyTorch's coupled weight_decay = λ₂. */
  l2?: number;
}

/**
 * The penalty R = λ₁·Σ|w| + (λ₂/2)·Σw², summed over every element of every parameter with
 * decay: true (weights; never biases or normalization parameters), as a scalar tensor built
 * from tape ops: inside `tape.run` it is differentiable (∂R/∂w = λ₁·sign(w) + λ₂·w, with
 * sign(0) = 0) and can be added to the data loss and reported as its own term. With no
 * decaying parameter, or λ₁ = λ₂ = 0, it is a constant 0 (no gradient). Errors name
 * `field.l1` / `field.l2`.
 *
 * @example
 * const loss = tape.run(() => {
 *   const reg = penalty(net.parameters(), { l2: 1e-4 });
 *   return add(dataLoss, reg);
 * });
 */
export function penalty(params: readonly Parameter[], spec: RegularizationSpec, field = "regularization"): Tensor {
  const l1 = numberOr(`${field}.l1`, spec.l1, 0, { min: 0 });
  const l2 = numberOr(`${field}.l2`, spec.l2, 0, { min: 0 });
  const decaying = params.filter((p) => p.decay);
  const dtype: DType = decaying[0]?.value.dtype ?? params[0]?.value.dtype ?? "float32";
  const terms: Tensor[] = [];
  for (const p of decaying) {
    if (p.value.dtype !== dtype) throw new GradscopeError(`${field}: parameter "${p.name}" is ${p.value.dtype}, the others ${dtype}`);
    if (l1 > 0) terms.push(scale(sum(abs(p.value)), l1));
    if (l2 > 0) terms.push(scale(sum(square(p.value)), l2 / 2));
  }
  return terms.length === 0 ? scalar(0, dtype) : terms.reduce((a, b) => add(a, b));
}
