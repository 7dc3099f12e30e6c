import type { FloatArray } from "../../core/dtype.js";
import { GradscopeError } from "../../core/errors.js";
import { booleanOr, checkNumber, numberOr } from "./check.js";
import { BaseOptimizer, type ParamState } from "./optimizer.js";

/** Options of Adam and AdamW; defaults are PyTorch's (AdamW's weight decay defaults to 0.01, Adam's to 0). */
export interface AdamOptions {
  /** (β₁, β₂), each in [0, 1) (default [0.9, 0.999]). */
  betas?: readonly [number, number] | readonly number[];
  /** ε ≥ 0 added to the bias-corrected root (default 1e-8). */
  eps?: number;
  /** λ ≥ 0, applied only to parameters with decay: true: Adam couples it (d = g + λθ), AdamW decouples it. */
  weightDecay?: number;
  /** Normalize by the running maximum of v (AMSGrad, default false). */
  amsgrad?: boolean;
}

function checkBetas(field: string, betas: AdamOptions["betas"]): [number, number] {
  if (betas === undefined) return [0.9, 0.999];
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new GradscopeError(`${field}.betas: ${JSON.stringify(betas)} is not allowed; expected two numbers [β₁, β₂], each in [0, 1)`);
  }
  const rule = { min: 0, max: 1, maxOpen: true };
  return [checkNumber(`${field}.betas[0]`, betas[0], rule), checkNumber(`${field}.betas[1]`, betas[1], rule)];
}

/**
 * Adam as torch.optim.Adam (torch 1.13; AdamW when `decoupled`), per element, t = this
 * parameter's update count (1 at its first update):
 *   d = g + λθ                    (Adam; decay params only)      θ ← θ·(1 − lr·λ)   (AdamW instead)
 *   m = β₁·m + (1 − β₁)·d
 *   v = β₂·v + (1 − β₂)·d²
 *   v̂ = max(v̂, v) (amsgrad) or v̂ = v
 *   θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * State: "exp_avg" m, "exp_avg_sq" v, "max_exp_avg_sq" (amsgrad); all start at 0.
 */
export class Adam extends BaseOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}, field = "optimizer", private readonly decoupled = false) {
    const [beta1, beta2] = checkBetas(field, options.betas);
    const eps = numberOr(`${field}.eps`, options.eps, 1e-8, { min: 0 });
    const weightDecay = numberOr(`${field}.weightDecay`, options.weightDecay, decoupled ? 0.01 : 0, { min: 0 });
    const amsgrad = booleanOr(`${field}.amsgrad`, options.amsgrad, false);
    super(decoupled ? "adamw" : "adam", { betas: [beta1, beta2], eps, weightDecay, amsgrad }, field);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
  }

  protected bufferNames(): readonly string[] {
    return this.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];
  }

  protected update(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean): void {
    const lambda = decay ? this.weightDecay : 0;
    if (this.decoupled && lambda !== 0) {
      const keep = 1 - lr * lambda;
      for (let i = 0; i < w.length; i++) w[i] *= keep;
    }
    const coupled = this.decoupled ? 0 : lambda;
    const b1 = this.beta1, b2 = this.beta2, eps = this.eps, t = state.step;
    const stepSize = lr / (1 - b1 ** t);
    const root2 = Math.sqrt(1 - b2 ** t);
    const { exp_avg: m, exp_avg_sq: v, max_exp_avg_sq: vmax } = state.buffers;
    for (let i = 0; i < w.length; i++) {
      const d = coupled === 0 ? g[i] : g[i] + coupled * w[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      let vhat = v[i];
      if (this.amsgrad) {
        if (vhat > vmax[i] || Number.isNaN(vhat)) vmax[i] = vhat;
        vhat = vmax[i];
      }
      w[i] += (-stepSize * m[i]) / (Math.sqrt(vhat) / root2 + eps);
    }
  }
}

/**
 * AdamW as torch.optim.AdamW (torch 1.13): Adam with decoupled weight decay θ ← θ·(1 − lr·λ)
 * before the moment update, λ defaulting to 0.01; decay params only.
 */
export class AdamW extends Adam {
  constructor(options: AdamOptions = {}, field = "optimizer") {
    super(options, field, true);
  }
}
