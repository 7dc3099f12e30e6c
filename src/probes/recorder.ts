import { allocatorFor } from "../core/backend.js";
import type { FloatArray } from "../core/dtype.js";
import { GradscopeError } from "../core/errors.js";
import type { Storage } from "../core/storage.js";
import type { Targets } from "../nn/losses.js";
import { UPDATE_SUMS, UpdateSum, type Optimizer } from "../nn/optim/optimizer.js";
import type { StepHooks, StepOutcome } from "../experiment/trainer.js";
import { accuracy } from "./accuracy.js";
import { ActOut, activationStats } from "./activation-stats.js";
import { createRecording, openRecord } from "./columns.js";
import { binning, defaultHistogram, type Binning, type HistogramSpec } from "./histogram.js";
import { statKernelsFor } from "./kernels-for.js";
import { layerInfoOf, probedParameters, type Observed, type ProbedParameter } from "./layout.js";
import type { Recording } from "./recording.js";
import { saturationRule, type SaturationRule } from "./saturation.js";
import { Sentinel } from "./sentinel.js";
import type { OwnedStatKernels } from "./wasm/wasm-stat-kernels.js";

/** How the recorder samples a run. */
export interface RecorderOptions {
  /** Cadence n ≥ 1: records step 1 and every step divisible by n (default 1: every step). */
  every?: number;
  /** Activation histogram bins (default 40 bins over [−4, 4) plus under- and overflow). */
  histogram?: Partial<HistogramSpec>;
  /** Check every step for NaN/±Inf and stop at the first (default true). */
  sentinel?: boolean;
  /** Records to allocate at first (default 64); the arrays double when full. */
  capacity?: number;
}

/** Whether step s (1-based) is recorded at cadence n: s = 1 or s divisible by n (n = 3: 1, 3, 6, 9, …). */
export function isRecordedStep(step: number, every: number): boolean {
  return step === 1 || step % every === 0;
}

/** Per hidden layer scratch, allocated once. */
interface LayerScratch {
  saturation: SaturationRule;
  /** Dead-unit flags (width bytes) for the ReLU family, else null. */
  alive: Uint8Array | null;
  /**
   * W_l before the update, for ‖ΔW_l‖, only where the optimizer cannot report its update sums
   * (in the backend's memory, so that the wasm kernels read it); else null.
   */
  saved: Storage | null;
}

/**
 * A Trainer's probes: attach as its StepHooks and it fills a columnar Recording with every
 * statistic of recording.ts at the configured cadence, and watches every step for NaN/±Inf.
 * It only reads tensors' `.data`. After the first non-finite value `stopped` is true: that
 * step's record is kept (NaN where a statistic is undefined) and later steps are ignored.
 *
 * NOTE: gradient norms are read after clipping (the gradient the optimizer uses); ‖W_l‖ and
 * ‖ΔW_l‖/‖W_l‖ use W_l before the update, and ΔW_l is the update applied (W_l after − W_l before,
 * as stored). Where the optimizer offers measureNextStep (every built-in one does), it reports
 * ‖W‖², ‖∂L/∂W‖² and ‖ΔW‖² from its own pass over the parameters, so nothing is copied. A step the cadence skips is still checked by the
 * sentinel, and recorded after all if it holds the first non-finite value.
 *
 * @example
 * const recorder = new Recorder(trainer, { every: 10 });
 * for (let s = 0; s < 1000 && !recorder.stopped; s++) trainer.step(x, y, rng, recorder.hooksFor(y));
 * const recording = recorder.recording;
 */
export class Recorder implements StepHooks {
  /** The statistics recorded so far. */
  readonly recording: Recording;
  readonly every: number;
  readonly sentinelEnabled: boolean;
  private readonly sentinel: Sentinel;
  private readonly params: ProbedParameter[];
  private readonly scratch: LayerScratch[];
  private readonly kernels: OwnedStatKernels;
  private readonly bins: Binning;
  /** The optimizer that reports its update sums, or null (the recorder then copies W_l itself). */
  private readonly optimizer: Optimizer | null;
  /** Per parameter (optimizer order), UPDATE_SUMS slots: Σθ² before, Σg², Σ(Δθ)² (see UpdateSum). */
  private readonly sums: Float64Array;
  /** Per hidden layer, the sums the sentinel reads: [Σ over h_l, Σ over a_l] in the forward hook, Σ δ_l² in the backward one. */
  private readonly tensorSums: Float64Array;
  private readonly act = new Float64Array(6);
  private readonly pair = new Float64Array(3);
  private targets: Targets | null = null;
  /** The targets of the current step. */
  private stepTargets: Targets | null = null;
  /** The current step's record, or −1 while the step is not recorded. */
  private row = -1;
  /** Whether the current step is observed at all (false after the sentinel stopped the run). */
  private live = false;
  /** Whether `sums` holds this step's gradient sums (and, after the update, its update sums). */
  private summed = false;
  /** Whether the recorder itself saved W_l before this step's update (no reporting optimizer). */
  private copied = false;
  /** Whether the gradient slots of `sums` hold Σg² (else, where the recorder summed them itself, only the sentinel's test). */
  private gradSquares = false;

  constructor(observed: Observed, options: RecorderOptions = {}) {
    const every = options.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new GradscopeError(`probes.every: ${every} is not allowed; expected an integer ≥ 1`);
    this.every = every;
    this.sentinelEnabled = options.sentinel ?? true;
    this.bins = binning({ ...defaultHistogram, ...options.histogram });
    const edges = this.bins.edges;
    const net = observed.net;
    this.recording = createRecording(layerInfoOf(net), edges, options.capacity);
    this.sentinel = new Sentinel(this.recording);
    this.params = probedParameters(observed);
    this.sums = new Float64Array(UPDATE_SUMS * this.params.length);
    this.tensorSums = new Float64Array(2 * net.layers.length);
    const optimizer = observed.optimizer;
    this.optimizer = optimizer !== undefined && typeof optimizer.measureNextStep === "function" ? optimizer : null;
    // NOTE: all scratch is allocated here: an allocation inside a hook could grow the wasm memory and detach the views being read.
    this.kernels = statKernelsFor(net.dtype, edges.length);
    this.scratch = net.layers.map(({ dense, activation }, l) => ({
      saturation: saturationRule(activation),
      alive: this.recording.layerInfo[l].canDie ? new Uint8Array(dense.outFeatures) : null,
      saved: this.optimizer !== null ? null : allocatorFor(dense.weight.dtype).allocate(dense.weight.dtype, dense.weight.size),
    }));
  }

  /** True once the sentinel saw a NaN or ±Inf: the training loop should end. */
  get stopped(): boolean {
    return this.recording.nonFinite !== null;
  }

  /** Releases the recorder's scratch memory (the recording stays valid); the hooks must not run afterwards. */
  dispose(): void {
    for (const s of this.scratch) s.saved?.release();
    this.kernels.dispose();
  }

  /** Gives the next step's targets (for accuracy: class indices) and returns the hooks to pass to Trainer.step. */
  hooksFor(targets: Targets | null): StepHooks {
    this.targets = targets;
    return this;
  }

  /** After the loss: activation statistics and the per-step scalars; checks h_l, a_l, loss. */
  onForward(o: StepOutcome): void {
    this.live = !this.stopped;
    this.row = -1;
    this.summed = false;
    this.copied = false;
    this.gradSquares = false;
    this.stepTargets = this.targets;
    this.targets = null;
    if (!this.live) return;
    if (isRecordedStep(o.step, this.every)) this.row = openRecord(this.recording, o.step);
    this.forward(o);
    this.replayIfStopped(o, 0);
  }

  /** After backward and clipping: ‖δ_l‖ and clipping telemetry, checks δ_l; asks the optimizer for its sums (or saves W_l). */
  onBackward(o: StepOutcome): void {
    if (!this.live) return;
    this.backward(o);
    this.replayIfStopped(o, 1);
  }

  /** After the update: gradient norms, ‖W_l‖ and ‖ΔW_l‖/‖W_l‖; checks every gradient, then every parameter. */
  onStepEnd(o: StepOutcome): void {
    if (!this.live) return;
    this.update(o);
    this.replayIfStopped(o, 2);
  }

  /**
   * Where the sentinel fired in a step the cadence skips: opens the step's record and runs the
   * phases so far again (0 forward, 1 backward, 2 update) to fill it.
   */
  private replayIfStopped(o: StepOutcome, phase: 0 | 1 | 2): void {
    if (this.row >= 0 || !this.stopped) return;
    this.row = openRecord(this.recording, o.step);
    this.forward(o);
    if (phase >= 1) this.backward(o);
    if (phase >= 2) this.update(o);
  }

  private forward(o: StepOutcome): void {
    const { recording: rec, sentinel, row } = this;
    const check = this.sentinelEnabled;
    const layers = o.trace.layers, sums = this.tensorSums;
    const { actMean, actStd, saturatedFraction, deadFraction } = rec.layers, counts = rec.histogram.counts, bins = rec.histogram.edges.length - 1;
    // NOTE: the last layers first, whose tensors were written last and are likeliest still in cache; the
    // sentinel then checks the sums in its own order (h_1, a_1, h_2, …).
    for (let l = layers.length - 1; l >= 0; l--) {
      const { pre, actIn, act } = layers[l];
      const a = act.data;
      if (row < 0) {
        sums[2 * l] = check ? this.squares(pre.data, false) : 0;
        sums[2 * l + 1] = check ? this.squares(a, false) : 0;
        continue;
      }
      const rows = act.shape[0], cols = act.size / rows;
      const s = this.scratch[l], out = this.act;
      // NOTE: h's finiteness test rides along the pass over a (same shape).
      activationStats(this.kernels, a, actIn, rows, cols, s.saturation, this.bins, counts[l], row * bins, s.alive, out, this.pair, check ? pre.data : null);
      sums[2 * l] = out[ActOut.Check];
      actMean[l][row] = out[ActOut.Mean];
      actStd[l][row] = out[ActOut.Std];
      saturatedFraction[l][row] = out[ActOut.Saturated];
      deadFraction[l][row] = out[ActOut.Dead];
      sums[2 * l + 1] = out[ActOut.SpreadSquares];
    }
    if (check) {
      for (let l = 0; l < layers.length; l++) {
        if (!Number.isFinite(sums[2 * l])) sentinel.tensor(sums[2 * l], layers[l].pre.data, o.step, l + 1, "forward", "h");
        if (!Number.isFinite(sums[2 * l + 1])) sentinel.tensor(sums[2 * l + 1], layers[l].act.data, o.step, l + 1, "forward", "a");
      }
    }
    if (check) sentinel.value(o.loss, o.step, 0, "forward", "loss");
    if (row < 0) return;
    const sc = rec.scalars;
    sc.loss[row] = o.loss;
    sc.lossData[row] = o.terms.data ?? NaN;
    sc.lossPenalty[row] = o.terms.penalty ?? 0;
    sc.accuracy[row] = accuracy(o.trace.output, this.stepTargets);
    sc.lr[row] = o.lr;
  }

  private backward(o: StepOutcome): void {
    const { recording: rec, sentinel, row } = this;
    const check = this.sentinelEnabled;
    if (row >= 0) {
      const clip = o.clip;
      rec.scalars.clipNormBefore[row] = clip === null ? NaN : clip.normBefore;
      rec.scalars.clipNormAfter[row] = clip === null ? NaN : clip.normAfter;
      rec.scalars.clipFired[row] = clip !== null && clip.fired ? 1 : 0;
    }
    const layers = o.trace.layers, deltas = this.tensorSums, deltaNorm = rec.layers.deltaNorm;
    // NOTE: δ_1 first, the last one backward wrote; the sentinel's order (δ_L … δ_1) afterwards.
    for (let l = 0; l < layers.length; l++) {
      const delta = layers[l].pre.grad;
      deltas[l] = 0;
      if (delta === null || (row < 0 && !check)) continue;
      const s = this.squares(delta.data, row >= 0);
      if (row >= 0) deltaNorm[l][row] = Math.sqrt(s);
      deltas[l] = s;
    }
    if (check) {
      for (let l = layers.length - 1; l >= 0; l--) {
        const delta = layers[l].pre.grad;
        if (delta !== null && !Number.isFinite(deltas[l])) sentinel.tensor(deltas[l], delta.data, o.step, l + 1, "backward", "delta");
      }
    }
    // A replay (the sentinel fired in a step the cadence skips) finds the sums already taken.
    if (this.summed || (row < 0 && !check)) return;
    this.summed = true;
    if (this.optimizer !== null) {
      this.optimizer.measureNextStep?.(this.sums);
      this.gradSquares = true;
      return;
    }
    const sums = this.sums;
    this.copied = this.gradSquares = row >= 0;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i], grad = p.value.grad, at = UPDATE_SUMS * i;
      const measured = row >= 0 && p.role !== "other";
      if (measured && p.role === "weight") this.scratch[p.layer - 1].saved?.view().set(p.value.data);
      sums[at + UpdateSum.Grad] = grad === null ? NaN : this.squares(grad.data, measured);
    }
  }

  /** Σ x² when measured, else only the sentinel's test (0 when finite, NaN otherwise), which is cheaper. */
  private squares(x: FloatArray, measured: boolean): number {
    if (measured) return this.kernels.sumOfSquares(x);
    return this.kernels.allFinite(x) ? 0 : NaN;
  }

  /**
   * The recorder's own sums of parameter i's update, where the optimizer gave none: from the saved
   * W_l, or exactly when it was not updated (no gradient). Returns false where they are only the
   * sentinel's test (0 or NaN), not the norms.
   */
  private ownUpdateSums(i: number, measured: boolean): boolean {
    const p = this.params[i], w = p.value.data, sums = this.sums, at = UPDATE_SUMS * i;
    const saved = this.copied && p.role === "weight" ? this.scratch[p.layer - 1].saved : null;
    const unchanged = p.value.grad === null;
    if (saved !== null && !unchanged) {
      this.kernels.squaredChange(w, saved.view(), this.pair);
      sums[at + UpdateSum.Before] = this.pair[0];
      sums[at + UpdateSum.Change] = this.pair[1];
      return true;
    }
    sums[at + UpdateSum.Before] = this.squares(w, measured && unchanged);
    sums[at + UpdateSum.Change] = 0;
    return unchanged;
  }

  private update(o: StepOutcome): void {
    const { recording: rec, sentinel, row, params, sums } = this;
    const check = this.sentinelEnabled;
    if (!this.summed) return;
    const { weightGradNorm, biasGradNorm, weightNorm, updateRatio } = rec.layers;
    // Every gradient first, then every parameter: the sentinel's order (sentinel.ts).
    for (let i = 0; i < params.length; i++) {
      const p = params[i], grad = p.value.grad;
      if (grad === null) continue;
      const measured = row >= 0 && p.role !== "other";
      const s = measured && !this.gradSquares ? this.kernels.sumOfSquares(grad.data) : sums[UPDATE_SUMS * i + UpdateSum.Grad];
      if (measured) (p.role === "weight" ? weightGradNorm : biasGradNorm)[p.layer - 1][row] = Math.sqrt(s);
      // NOTE: .data (a view lookup) only where the sum says there is something to find.
      if (check && !Number.isFinite(s)) sentinel.tensor(s, grad.data, o.step, p.layer, "backward", p.gradName);
    }
    for (let i = 0; i < params.length; i++) {
      const p = params[i], at = UPDATE_SUMS * i, measured = row >= 0 && p.role === "weight";
      const known = (this.optimizer !== null && p.value.grad !== null) || this.ownUpdateSums(i, measured);
      const before = sums[at + UpdateSum.Before], change = sums[at + UpdateSum.Change];
      if (measured && known) {
        const l = p.layer - 1, norm = Math.sqrt(before);
        weightNorm[l][row] = norm;
        updateRatio[l][row] = Math.sqrt(change) / norm;
      }
      // W after the update is non-finite only if W before or ΔW is: their sums say so, and only then is W scanned.
      if (check && !Number.isFinite(before + change)) sentinel.tensor(before + change, p.value.data, o.step, p.layer, "update", p.name);
    }
  }
}
