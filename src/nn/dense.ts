import type { DType } from "../core/dtype.js";
import { linear } from "../core/ops/linear.js";
import { matmul } from "../core/ops/matmul.js";
import type { Rng } from "../core/rng.js";
import { withScope } from "../core/scope.js";
import { tensor, type Tensor } from "../core/tensor.js";
import { initialize, initializeBias, type InitSpec } from "./initializers.js";
import type { Parameter } from "./parameter.js";

/**
 * A fully connected layer h = x·Wᵀ + b: x [batch, in], W [out, in] (PyTorch's nn.Linear
 * layout), b [out], h [batch, out].
 */
export class Dense {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    init: InitSpec | string,
    biasInit: InitSpec | string | null,
    field: string,
    dtype: DType = "float32",
  ) {
    const w = initialize(init, outFeatures, inFeatures, rng, `${field}.init`);
    const b = biasInit === null ? null : initializeBias(biasInit, outFeatures, inFeatures, rng, `${field}.biasInit`);
    // NOTE: parameters outlive any tape, so they are created outside every scope.
    this.weight = withScope(null, () => tensor(w, [outFeatures, inFeatures], dtype).trainable());
    this.bias = b === null ? null : withScope(null, () => tensor(b, [outFeatures], dtype).trainable());
  }

  /** h = x·Wᵀ + b. */
  forward(x: Tensor): Tensor {
    return this.bias === null ? matmul(x, this.weight, { transB: true }) : linear(x, this.weight, this.bias);
  }

  /** weight (decayed) and bias (not decayed), named `${name}.weight` / `${name}.bias`. */
  parameters(): Parameter[] {
    const ps: Parameter[] = [{ name: `${this.name}.weight`, value: this.weight, decay: true }];
    if (this.bias !== null) ps.push({ name: `${this.name}.bias`, value: this.bias, decay: false });
    return ps;
  }
}
