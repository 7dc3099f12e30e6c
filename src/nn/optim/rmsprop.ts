import type { FloatArray } from "../../core/dtype.js";
import { booleanOr, numberOr } from "./check.js";
import { BaseOptimizer, type ParamState } from "./optimizer.js";

/** Options of RMSprop; every one defaults to PyTorch's torch.optim.RMSprop default. */
export interface RmspropOptions {
  /** Smoothing constant α in [0, 1] of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** ε ≥ 0 added to the root, outside the square root (default 1e-8). */
  eps?: number;
  /** μ ≥ 0 (default 0). */
  momentum?: number;
  /** Divide by the estimated standard deviation instead of the root mean square (default false). */
  centered?: boolean;
  /** Coupled λ ≥ 0 (default 0), d = g + λθ, applied only to parameters with decay: true. */
  weightDecay?: number;
}

/**
 * RMSprop as torch.optim.RMSprop (torch 1.13), per element:
 *   d = g + λθ                                  (decay params only)
 *   v = α·v + (1 − α)·d²
 *   c = α·c + (1 − α)·d,  s = √(v − c²) + ε     (centered)   or   s = √v + ε
 *   b = μ·b + d/s,  θ ← θ − lr·b                (μ > 0)      or   θ ← θ − lr·d/s
 * State: "square_avg" v, "grad_avg" c (centered), "momentum_buffer" b (μ > 0); all start at 0.
 */
export class Rmsprop extends BaseOptimizer {
  private readonly alpha: number;
  private readonly eps: number;
  private readonly momentum: number;
  private readonly centered: boolean;
  private readonly weightDecay: number;

  constructor(options: RmspropOptions = {}, field = "optimizer") {
    const alpha = numberOr(`${field}.alpha`, options.alpha, 0.99, { min: 0, max: 1 });
    const eps = numberOr(`${field}.eps`, options.eps, 1e-8, { min: 0 });
    const momentum = numberOr(`${field}.momentum`, options.momentum, 0, { min: 0 });
    const centered = booleanOr(`${field}.centered`, options.centered, false);
    const weightDecay = numberOr(`${field}.weightDecay`, options.weightDecay, 0, { min: 0 });
    super("rmsprop", { alpha, eps, momentum, centered, weightDecay }, field);
    this.alpha = alpha;
    this.eps = eps;
    this.momentum = momentum;
    this.centered = centered;
    this.weightDecay = weightDecay;
  }

  protected bufferNames(): readonly string[] {
    const names = ["square_avg"];
    if (this.momentum > 0) names.push("momentum_buffer");
    if (this.centered) names.push("grad_avg");
    return names;
  }

  protected update(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean): void {
    const lambda = decay ? this.weightDecay : 0;
    const a = this.alpha, rest = 1 - a, eps = this.eps, mu = this.momentum;
    const { square_avg: v, grad_avg: c, momentum_buffer: b } = state.buffers;
    for (let i = 0; i < w.length; i++) {
      const d = lambda === 0 ? g[i] : g[i] + lambda * w[i];
      v[i] = a * v[i] + rest * d * d;
      let s: number;
      if (this.centered) {
        c[i] = a * c[i] + rest * d;
        s = Math.sqrt(v[i] - c[i] * c[i]) + eps;
      } else {
        s = Math.sqrt(v[i]) + eps;
      }
      if (mu > 0) {
        b[i] = mu * b[i] + d / s;
        w[i] += -lr * b[i];
      } else {
        w[i] += (-lr * d) / s;
      }
    }
  }
}
