import { kernelsFor } from "../../core/backend.js";
import type { FloatArray } from "../../core/dtype.js";
import { GradscopeError } from "../../core/errors.js";
import { booleanOr, numberOr } from "./check.js";
import type { AxpySums } from "../../core/kernels/wasm/wasm-kernels.js";
import { BaseOptimizer, type ParamState } from "./optimizer.js";

/** Options of SGD; every one defaults to PyTorch's torch.optim.SGD default. */
export interface SgdOptions {
  /** μ ≥ 0 (default 0: no momentum buffer). */
  momentum?: number;
  /** τ in [0, 1] (default 0): the buffer adds (1 − τ)·d from the second step on. */
  dampening?: number;
  /** Nesterov momentum (default false; needs μ > 0 and τ = 0, as PyTorch). */
  nesterov?: boolean;
  /** λ ≥ 0 (default 0), applied only to parameters with decay: true. */
  weightDecay?: number;
  /** false (default): λ is PyTorch's coupled weight_decay, d = g + λθ. true: SGDW, θ ← θ·(1 − lr·λ) before the step and d = g. */
  decoupledWeightDecay?: boolean;
}

/**
 * Stochastic gradient descent as torch.optim.SGD (torch 1.13), per element:
 *   d = g + λθ                      (coupled weight decay; decay params only)
 *   b = d at the first step, else b = μ·b + (1 − τ)·d       (when μ > 0)
 *   d = d + μ·b (Nesterov) or d = b
 *   θ ← θ − lr·d
 * With decoupledWeightDecay, θ ← θ·(1 − lr·λ) first and d = g (Loshchilov & Hutter's SGDW).
 * State: "momentum_buffer" (when μ > 0).
 *
 * @example
 * const opt = new Sgd({ momentum: 0.9, nesterov: true });
 * opt.step(net.parameters(), 0.1);
 */
export class Sgd extends BaseOptimizer {
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(options: SgdOptions = {}, field = "optimizer") {
    const momentum = numberOr(`${field}.momentum`, options.momentum, 0, { min: 0 });
    const dampening = numberOr(`${field}.dampening`, options.dampening, 0, { min: 0, max: 1 });
    const nesterov = booleanOr(`${field}.nesterov`, options.nesterov, false);
    const weightDecay = numberOr(`${field}.weightDecay`, options.weightDecay, 0, { min: 0 });
    const decoupled = booleanOr(`${field}.decoupledWeightDecay`, options.decoupledWeightDecay, false);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new GradscopeError(`${field}.nesterov: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum ${momentum}, dampening ${dampening})`);
    }
    super("sgd", { momentum, dampening, nesterov, weightDecay, decoupledWeightDecay: decoupled }, field);
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  protected bufferNames(): readonly string[] {
    return this.momentum > 0 ? ["momentum_buffer"] : [];
  }

  /** The plain rule θ ← θ − lr·g (no momentum, no decay on this parameter) measures in the update's own pass where the kernels can (wasm). */
  protected override updateMeasured(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean, out: Float64Array, at: number): void {
    if (this.momentum === 0 && !(decay && this.weightDecay !== 0)) {
      const kernels = kernelsFor(w instanceof Float32Array ? "float32" : "float64") as Partial<AxpySums>;
      if (kernels.axpySums?.(-lr, g, w, out, at) === true) return;
    }
    super.updateMeasured(w, g, state, lr, decay, out, at);
  }

  protected update(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean): void {
    const lambda = decay ? this.weightDecay : 0;
    if (this.decoupled && lambda !== 0) {
      const keep = 1 - lr * lambda;
      for (let i = 0; i < w.length; i++) w[i] *= keep;
    }
    const coupled = this.decoupled ? 0 : lambda;
    const mu = this.momentum;
    if (mu === 0 && coupled === 0) {
      kernelsFor(w instanceof Float32Array ? "float32" : "float64").axpy(-lr, g, w);
      return;
    }
    const buf = state.buffers.momentum_buffer;
    const first = state.step === 1, keepGrad = 1 - this.dampening;
    for (let i = 0; i < w.length; i++) {
      let d = coupled === 0 ? g[i] : g[i] + coupled * w[i];
      if (mu !== 0) {
        buf[i] = first ? d : mu * buf[i] + keepGrad * d;
        d = this.nesterov ? d + mu * buf[i] : buf[i];
      }
      w[i] += -lr * d;
    }
  }
}
