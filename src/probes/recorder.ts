import { allocatorFor } from "../core/backend.js";
import type { FloatArray } from "../core/dtype.js";
import { GradscopeError } from "../core/errors.js";
import type { Storage } from "../core/storage.js";
import type { Targets } from "../nn/losses.js";
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
  /** W_l before the update, for ‖ΔW_l‖ (in the backend's memory, so that the wasm kernels read it). */
  saved: Storage;
}

/**
 * A Trainer's probes: attach as its StepHooks and it fills a columnar Recording with every
 * statistic of recording.ts at the configured cadence, and watches every step for NaN/±Inf.
 * It only reads tensors' `.data`. After the first non-finite value `stopped` is true: that
 * step's record is kept (NaN where a statistic is undefined) and later steps are ignored.
 *
 * NOTE: gradient norms are read after clipping (the gradient the optimizer uses); ‖W_l‖ and
 * ‖ΔW_l‖/‖W_l‖ use W_l before the update. A step the cadence skips is still checked by the
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
  private readonly act = new Float64Array(5);
  private readonly pair = new Float64Array(2);
  private targets: Targets | null = null;
  /** The targets of the current step. */
  private stepTargets: Targets | null = null;
  /** The current step's record, or −1 while the step is not recorded. */
  private row = -1;
  /** Whether the current step is observed at all (false after the sentinel stopped the run). */
  private live = false;
  /** Whether W_l was saved before this step's update. */
  private saved = false;

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
    // NOTE: all scratch is allocated here: an allocation inside a hook could grow the wasm memory and detach the views being read.
    this.kernels = statKernelsFor(net.dtype, edges.length);
    this.scratch = net.layers.map(({ dense, activation }, l) => ({
      saturation: saturationRule(activation),
      alive: this.recording.layerInfo[l].canDie ? new Uint8Array(dense.outFeatures) : null,
      saved: allocatorFor(dense.weight.dtype).allocate(dense.weight.dtype, dense.weight.size),
    }));
  }

  /** True once the sentinel saw a NaN or ±Inf: the training loop should end. */
  get stopped(): boolean {
    return this.recording.nonFinite !== null;
  }

  /** Releases the recorder's scratch memory (the recording stays valid); the hooks must not run afterwards. */
  dispose(): void {
    for (const s of this.scratch) s.saved.release();
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
    this.saved = false;
    this.stepTargets = this.targets;
    this.targets = null;
    if (!this.live) return;
    if (isRecordedStep(o.step, this.every)) this.row = openRecord(this.recording, o.step);
    this.forward(o);
    if (this.row < 0 && this.stopped) {
      this.row = openRecord(this.recording, o.step);
      this.forward(o);
    }
  }

  /** After backward and clipping: ‖δ_l‖, gradient norms, clipping telemetry; saves W_l; checks δ_l and every gradient. */
  onBackward(o: StepOutcome): void {
    if (!this.live) return;
    this.backward(o, true);
    if (this.row < 0 && this.stopped) {
      this.row = openRecord(this.recording, o.step);
      this.forward(o);
      this.backward(o, true);
    }
  }

  /** After the update: ‖W_l‖ and ‖ΔW_l‖/‖W_l‖; checks every parameter. */
  onStepEnd(o: StepOutcome): void {
    if (!this.live) return;
    this.update(o);
    if (this.row < 0 && this.stopped) {
      this.row = openRecord(this.recording, o.step);
      this.forward(o);
      this.backward(o, false);
      this.update(o);
    }
  }

  private forward(o: StepOutcome): void {
    const { recording: rec, sentinel, row } = this;
    const check = this.sentinelEnabled;
    const layers = o.trace.layers;
    for (let l = 0; l < layers.length; l++) {
      const { pre, actIn, act } = layers[l];
      if (check) {
        const h = pre.data;
        sentinel.tensor(this.squares(h, false), h, o.step, l + 1, "forward", "h");
      }
      const a = act.data;
      if (row < 0) {
        if (check) sentinel.tensor(this.squares(a, false), a, o.step, l + 1, "forward", "a");
        continue;
      }
      const rows = act.shape[0], cols = act.size / rows, bins = rec.histogram.edges.length - 1;
      const s = this.scratch[l], out = this.act;
      activationStats(this.kernels, a, actIn, rows, cols, s.saturation, this.bins, rec.histogram.counts[l], row * bins, s.alive, out, this.pair);
      rec.layers.actMean[l][row] = out[ActOut.Mean];
      rec.layers.actStd[l][row] = out[ActOut.Std];
      rec.layers.saturatedFraction[l][row] = out[ActOut.Saturated];
      rec.layers.deadFraction[l][row] = out[ActOut.Dead];
      if (check) sentinel.tensor(out[ActOut.SpreadSquares], a, o.step, l + 1, "forward", "a");
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

  private backward(o: StepOutcome, save: boolean): void {
    const { recording: rec, sentinel, row } = this;
    const check = this.sentinelEnabled;
    if (row >= 0) {
      const clip = o.clip;
      rec.scalars.clipNormBefore[row] = clip === null ? NaN : clip.normBefore;
      rec.scalars.clipNormAfter[row] = clip === null ? NaN : clip.normAfter;
      rec.scalars.clipFired[row] = clip !== null && clip.fired ? 1 : 0;
    }
    const layers = o.trace.layers;
    for (let l = layers.length - 1; l >= 0; l--) {
      const delta = layers[l].pre.grad;
      if (delta === null || (row < 0 && !check)) continue;
      const d = delta.data, s = this.squares(d, row >= 0);
      if (row >= 0) rec.layers.deltaNorm[l][row] = Math.sqrt(s);
      if (check) sentinel.tensor(s, d, o.step, l + 1, "backward", "delta");
    }
    for (const p of this.params) {
      const measured = row >= 0 && p.role !== "other";
      if (measured && save && p.role === "weight") this.scratch[p.layer - 1].saved.view().set(p.value.data);
      const grad = p.value.grad;
      if (grad === null || (!measured && !check)) continue;
      const g = grad.data, s = this.squares(g, measured);
      if (measured) (p.role === "weight" ? rec.layers.weightGradNorm : rec.layers.biasGradNorm)[p.layer - 1][row] = Math.sqrt(s);
      if (check) sentinel.tensor(s, g, o.step, p.layer, "backward", p.gradName);
    }
    this.saved = row >= 0 && save;
  }

  /** Σ x² when measured, else only the sentinel's test (0 when finite, NaN otherwise), which is cheaper. */
  private squares(x: FloatArray, measured: boolean): number {
    if (measured) return this.kernels.sumOfSquares(x);
    return this.kernels.allFinite(x) ? 0 : NaN;
  }

  private update(o: StepOutcome): void {
    const { recording: rec, sentinel, row } = this;
    const check = this.sentinelEnabled;
    for (const p of this.params) {
      const w = p.value.data;
      if (this.saved && p.role === "weight") {
        const l = p.layer - 1, pair = this.pair;
        this.kernels.squaredChange(w, this.scratch[l].saved.view(), pair);
        const norm = Math.sqrt(pair[0]);
        rec.layers.weightNorm[l][row] = norm;
        rec.layers.updateRatio[l][row] = Math.sqrt(pair[1]) / norm;
        if (check) sentinel.tensor(pair[1], w, o.step, p.layer, "update", p.name);
      } else if (check) {
        sentinel.tensor(this.squares(w, false), w, o.step, p.layer, "update", p.name);
      }
    }
  }
}
