import type { DType } from "../core/dtype.js";
import { GradscopeError } from "../core/errors.js";
import { withScope } from "../core/scope.js";
import { ones, zeros, type Tensor } from "../core/tensor.js";
import { batchNormEval, batchNormTrain, layerNormRows } from "./norm-ops.js";
import type { Buffer, ForwardContext, Parameter } from "./parameter.js";

/** Settings shared by batch and layer norm. */
export interface NormOptions {
  /** Added to the variance before the square root (PyTorch default 1e-5). */
  eps: number;
  /** Batch norm: running ← (1 − momentum)·running + momentum·batch statistic (PyTorch default 0.1). */
  momentum: number;
  /** Learnable scale γ and shift β (PyTorch's `affine`, default true). */
  affine: boolean;
}

/** γ, β as parameters named `${name}.weight`, `${name}.bias` (not decayed). */
function affineParams(name: string, width: number, affine: boolean, dtype: DType): { gamma: Tensor | null; beta: Tensor | null; params: Parameter[] } {
  if (!affine) return { gamma: null, beta: null, params: [] };
  const gamma = withScope(null, () => ones([width], dtype).trainable());
  const beta = withScope(null, () => zeros([width], dtype).trainable());
  return { gamma, beta, params: [{ name: `${name}.weight`, value: gamma, decay: false }, { name: `${name}.bias`, value: beta, decay: false }] };
}


/**
 * Batch normalization over the batch axis of x [batch, width]: in training x̂ = (x − μ_B)/√(σ²_B + ε)
 * with the batch mean and biased variance, and the running statistics updated with the unbiased
 * variance (as PyTorch); in evaluation the running statistics replace the batch ones.
 */
export class BatchNorm {
  readonly gamma: Tensor | null;
  readonly beta: Tensor | null;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  private readonly params: Parameter[];

  constructor(readonly name: string, readonly width: number, readonly options: NormOptions, dtype: DType = "float32") {
    const a = affineParams(name, width, options.affine, dtype);
    this.gamma = a.gamma;
    this.beta = a.beta;
    this.params = a.params;
    this.runningMean = withScope(null, () => zeros([width], dtype));
    this.runningVar = withScope(null, () => ones([width], dtype));
  }

  /** Normalizes x [batch, width] per feature. */
  forward(x: Tensor, ctx: ForwardContext): Tensor {
    if (!ctx.training) return batchNormEval(x, this.runningMean, this.runningVar, this.gamma, this.beta, this.options.eps);
    if (x.shape[0] < 2) {
      throw new GradscopeError(`${this.name}: batch norm in training needs more than 1 example per batch, got ${x.shape[0]} (use a larger batch or layer norm)`);
    }
    const { y, stats } = batchNormTrain(x, this.gamma, this.beta, this.options.eps);
    this.updateRunning(stats.mean, stats.variance, x.shape[0]);
    return y;
  }

  private updateRunning(bm: Float64Array, bv: Float64Array, n: number): void {
    const m = this.options.momentum;
    const rm = this.runningMean.data, rv = this.runningVar.data;
    const unbias = n > 1 ? n / (n - 1) : 1;
    for (let j = 0; j < this.width; j++) {
      rm[j] = (1 - m) * rm[j] + m * bm[j];
      rv[j] = (1 - m) * rv[j] + m * bv[j] * unbias;
    }
  }

  parameters(): Parameter[] {
    return this.params;
  }

  /** running_mean and running_var, PyTorch's buffer names. */
  buffers(): Buffer[] {
    return [{ name: `${this.name}.running_mean`, value: this.runningMean }, { name: `${this.name}.running_var`, value: this.runningVar }];
  }
}

/** Layer normalization over the feature axis of x [batch, width]: x̂ = (x − μ_row)/√(σ²_row + ε), the same in training and evaluation. */
export class LayerNorm {
  readonly gamma: Tensor | null;
  readonly beta: Tensor | null;
  private readonly params: Parameter[];

  constructor(readonly name: string, readonly width: number, readonly options: NormOptions, dtype: DType = "float32") {
    const a = affineParams(name, width, options.affine, dtype);
    this.gamma = a.gamma;
    this.beta = a.beta;
    this.params = a.params;
  }

  /** Normalizes each row of x [batch, width]. */
  forward(x: Tensor): Tensor {
    return layerNormRows(x, this.gamma, this.beta, this.options.eps);
  }

  parameters(): Parameter[] {
    return this.params;
  }

  buffers(): Buffer[] {
    return [];
  }
}

/** Either normalization layer. */
export type Norm = BatchNorm | LayerNorm;
