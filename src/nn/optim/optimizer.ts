import { allocArray, type FloatArray } from "../../core/dtype.js";
import { GradscopeError, ShapeError, formatShape } from "../../core/errors.js";
import type { Parameter } from "../parameter.js";
import { checkNumber } from "./check.js";

/** One parameter's optimizer state: how many updates it has had and its buffers, each the parameter's size. */
export interface ParamState {
  /** Updates applied to this parameter so far (Adam's t after the current update). */
  step: number;
  /** Buffers under PyTorch's state names: "momentum_buffer", "square_avg", "grad_avg", "exp_avg", "exp_avg_sq", "max_exp_avg_sq". */
  buffers: Record<string, FloatArray>;
}

/** Everything needed to resume an optimizer: its name, full options, and the state of every parameter by name. */
export interface OptimizerStateDict {
  name: string;
  options: Record<string, unknown>;
  state: Record<string, ParamState>;
}

/**
 * An update rule θ ← U(θ, ∂L/∂θ, state; lr). `step` reads each `p.value.grad`, skips parameters
 * whose gradient is null (their state is neither created nor advanced), and writes
 * `p.value.data` in place. State is keyed by parameter name, so names must be unique.
 */
export interface Optimizer {
  /** The config name ("sgd", "rmsprop", "adam", "adamw"). */
  readonly name: string;
  /** The options with every default filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Applies one update with learning rate lr ≥ 0. */
  step(params: readonly Parameter[], lr: number): void;
  /** A deep copy of the state (for checkpoints). */
  stateDict(): OptimizerStateDict;
  /** Restores a state written by stateDict() of an optimizer with the same name. */
  loadStateDict(dict: OptimizerStateDict): void;
  /**
   * Asks the next step() (that one only) to report, for params[i], the sums
   * sums[3i + UpdateSum.*] over the parameter's elements: Σθ² before the update, Σg² of the
   * gradient it used, and Σ(Δθ)² of the update it applied, Δθ = θ_after − θ_before as stored
   * (so exact whatever the rule); NaN for a parameter without gradient. Summed in float64, or
   * within 67·2⁻²⁴ of that where a wasm kernel sums float32 data in float32 blocks (plain SGD's
   * axpySums); non-finite exactly when a summed value is. The probes' hook: it
   * does not change the update. `sums` needs 3 · params.length slots.
   */
  measureNextStep?(sums: Float64Array): void;
}

/** Slots per parameter of the sums step() reports after measureNextStep, and their order. */
export const UPDATE_SUMS = 3;
export const enum UpdateSum {
  /** Σθ² before the update. */
  Before = 0,
  /** Σg² of the gradient used. */
  Grad = 1,
  /** Σ(Δθ)² of the applied update. */
  Change = 2,
}

function copyState(s: ParamState): ParamState {
  const buffers: Record<string, FloatArray> = {};
  for (const [k, v] of Object.entries(s.buffers)) buffers[k] = v.slice();
  return { step: s.step, buffers };
}

/**
 * The loop every optimizer shares: checks lr, walks the parameters with a gradient, finds or
 * creates their state (zeroed buffers of the parameter's dtype), then calls `update` with the
 * raw arrays. Subclasses write the per-element rule only.
 */
export abstract class BaseOptimizer implements Optimizer {
  private readonly states = new Map<string, ParamState>();
  /** The sums the next step reports (measureNextStep), or null. */
  private pendingSums: Float64Array | null = null;
  /** The parameters checkNames last passed (a copy of the list). */
  private checked: readonly Parameter[] = [];
  /** bufferNames(), asked once (the options that decide it are fixed). */
  private buffersNeeded: readonly string[] | null = null;
  /** Scratch for updateMeasured's copy of θ, by dtype (grown as needed, on the JavaScript heap). */
  private saved: { float32: Float32Array; float64: Float64Array } = { float32: new Float32Array(0), float64: new Float64Array(0) };

  constructor(
    readonly name: string,
    readonly options: Readonly<Record<string, unknown>>,
    /** Where this optimizer's options live in the config (error messages), e.g. "optimizer". */
    protected readonly field: string,
  ) {}

  /** The buffers a parameter needs, by state name. */
  protected abstract bufferNames(): readonly string[];

  /**
   * Updates w in place from g. `state.step` already counts this update; `decay` is the
   * parameter's flag (weight decay applies only when it is true).
   */
  protected abstract update(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean): void;

  measureNextStep(sums: Float64Array): void {
    this.pendingSums = sums;
  }

  /**
   * update() that also writes out[at + UpdateSum.*] (see measureNextStep). This default copies θ
   * first; subclasses may compute the sums within their own pass, with the same update.
   */
  protected updateMeasured(w: FloatArray, g: FloatArray, state: ParamState, lr: number, decay: boolean, out: Float64Array, at: number): void {
    const dtype = w instanceof Float32Array ? "float32" : "float64";
    if (this.saved[dtype].length < w.length) this.saved = { ...this.saved, [dtype]: allocArray(dtype, w.length) };
    // NOTE: the scratch may be longer than w; only its first w.length elements are used.
    const saved = this.saved[dtype];
    saved.set(w);
    this.update(w, g, state, lr, decay);
    let before = 0, grad = 0, change = 0;
    for (let i = 0; i < w.length; i++) {
      const b = saved[i], d = w[i] - b, gi = g[i];
      before += b * b;
      grad += gi * gi;
      change += d * d;
    }
    out[at + UpdateSum.Before] = before;
    out[at + UpdateSum.Grad] = grad;
    out[at + UpdateSum.Change] = change;
  }

  step(params: readonly Parameter[], lr: number): void {
    checkNumber(`${this.field}.lr`, lr, { min: 0 });
    const sums = this.pendingSums;
    this.pendingSums = null;
    if (sums !== null && sums.length < UPDATE_SUMS * params.length) {
      throw new GradscopeError(`${this.name}: measureNextStep got ${sums.length} slots for ${params.length} parameters; expected ${UPDATE_SUMS * params.length}`);
    }
    this.checkNames(params);
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const grad = p.value.grad;
      if (grad === null) {
        if (sums !== null) sums.fill(NaN, UPDATE_SUMS * i, UPDATE_SUMS * (i + 1));
        continue;
      }
      if (grad.size !== p.value.size) {
        throw new ShapeError(`${this.name}: gradient ${formatShape(grad.shape)} of "${p.name}" does not match the parameter ${formatShape(p.value.shape)}`);
      }
      const state = this.stateOf(p);
      state.step++;
      // NOTE: views are taken after stateOf, which may allocate.
      if (sums === null) this.update(p.value.data, grad.data, state, lr, p.decay);
      else this.updateMeasured(p.value.data, grad.data, state, lr, p.decay, sums, UPDATE_SUMS * i);
    }
  }

  /**
   * Refuses a parameter list with a name twice (state is keyed by name). The same parameters as
   * last time, as a Trainer passes every step, are only compared by reference, not hashed again.
   */
  private checkNames(params: readonly Parameter[]): void {
    const last = this.checked;
    let same = params.length === last.length;
    for (let i = 0; same && i < params.length; i++) same = params[i] === last[i];
    if (same) return;
    const seen = new Set<string>();
    for (const p of params) {
      if (seen.has(p.name)) throw new GradscopeError(`${this.name}: parameter name "${p.name}" appears twice; optimizer state is keyed by name`);
      seen.add(p.name);
    }
    this.checked = params.slice();
  }

  private stateOf(p: Parameter): ParamState {
    let s = this.states.get(p.name);
    if (s === undefined) {
      s = { step: 0, buffers: {} };
      this.states.set(p.name, s);
    }
    this.buffersNeeded ??= this.bufferNames();
    for (const b of this.buffersNeeded) {
      const buf = s.buffers[b];
      if (buf === undefined) s.buffers[b] = allocArray(p.value.dtype, p.value.size);
      else if (buf.length !== p.value.size) {
        throw new ShapeError(`${this.name}: state "${b}" of "${p.name}" has ${buf.length} elements, the parameter ${p.value.size}`);
      }
    }
    return s;
  }

  stateDict(): OptimizerStateDict {
    const state: Record<string, ParamState> = {};
    for (const [name, s] of this.states) state[name] = copyState(s);
    return { name: this.name, options: { ...this.options }, state };
  }

  loadStateDict(dict: OptimizerStateDict): void {
    if (dict.name !== this.name) throw new GradscopeError(`${this.name}: cannot load the state of a "${dict.name}" optimizer`);
    this.states.clear();
    for (const [name, s] of Object.entries(dict.state)) this.states.set(name, copyState(s));
  }
}
