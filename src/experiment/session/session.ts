import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { Tape } from "../../core/tape.js";
import { tensor, type Tensor } from "../../core/tensor.js";
import { diagnose } from "../../diagnosis/diagnose.js";
import type { DiagnosisContext, Finding } from "../../diagnosis/finding.js";
import { lossFunction, type Targets } from "../../nn/losses.js";
import { Network } from "../../nn/network.js";
import { accuracy } from "../../probes/accuracy.js";
import { Recorder } from "../../probes/recorder.js";
import type { Recording } from "../../probes/recording.js";
import { toNetworkSpec, toRecorderOptions, toTrainingSpec } from "../config/adapters.js";
import type { ExperimentConfig } from "../config/types.js";
import { isClassification, type Dataset } from "../datasets/dataset.js";
import { Trainer } from "../trainer.js";
import type { PreparedData } from "./data.js";

/** Loss and accuracy of the network on a data split (accuracy NaN for regression). */
export interface Evaluation {
  step: number;
  loss: number;
  accuracy: number;
}

/** How a session ended: all steps done, stopped at the first NaN/Inf, or stopped by the caller. */
export type SessionStatus = "running" | "completed" | "nonfinite" | "stopped";

/** What one step reports to a progress display. */
export interface StepReport {
  step: number;
  totalSteps: number;
  loss: number;
  /** Batch accuracy (NaN for regression). */
  accuracy: number;
  lr: number;
  /** ‖δ_l‖ per hidden layer at the latest recorded step (length depth). */
  deltaNorms: Float64Array;
  /** The test evaluation made at this step, if any. */
  evaluation: Evaluation | null;
}

/** Everything a finished session measured. */
export interface SessionResult {
  config: ExperimentConfig;
  status: Exclude<SessionStatus, "running">;
  steps: number;
  recording: Recording;
  findings: Finding[];
  /** Test evaluations at the evalEvery cadence and at the end. */
  evaluations: Evaluation[];
  /** Train-split evaluation at the end. */
  finalTrain: Evaluation;
  /** Test-split evaluation at the end. */
  finalTest: Evaluation;
  /** Wall time of the training steps, ms. */
  trainMs: number;
}

/** The number of training steps of a config: train.steps, or epochs × ⌈n_train / batch⌉. */
export function totalStepsOf(config: ExperimentConfig, trainSize: number): number {
  const t = config.train;
  if (t.steps !== undefined) return t.steps;
  return (t.epochs ?? 1) * Math.ceil(trainSize / t.batch);
}

/** The DiagnosisContext of a config: its model and training, so that remedies are config patches. */
export function diagnosisContextOf(config: ExperimentConfig, widths: number[]): DiagnosisContext {
  const m = config.model;
  return {
    model: { activation: m.activation, init: m.init, biasInit: m.biasInit, norm: m.norm, residual: m.residual, widths },
    training: { lr: config.optimizer.lr, optimizer: config.optimizer, clip: config.clip, regularization: config.regularization },
  };
}

/**
 * One experiment, step by step: the network and trainer of a resolved config on prepared data,
 * with the probes recording at the config's cadence. Minibatches are drawn without replacement
 * from a seeded permutation of the train split each epoch. The same config, data and seed give
 * bit-identical numbers on the same engine. Call `dispose()` (or `finish()`) to release memory.
 *
 * @example
 * const s = new ExperimentSession(config, await prepareData(config));
 * while (!s.done) s.step();
 * const result = s.finish();
 */
export class ExperimentSession {
  readonly net: Network;
  readonly trainer: Trainer;
  readonly recorder: Recorder;
  readonly totalSteps: number;
  readonly evaluations: Evaluation[] = [];
  private readonly batchRng: Rng;
  private readonly stepRng: Rng;
  private readonly order: Int32Array;
  private cursor: number;
  private readonly xb: Float64Array;
  private readonly yb: Int32Array;
  private readonly tb: Float64Array;
  private stopped = false;
  private disposed = false;
  private trainMs = 0;
  private readonly lossOf: (z: Tensor, t: Targets) => Tensor;

  constructor(readonly config: ExperimentConfig, readonly data: PreparedData) {
    const root = new Rng(config.seed);
    this.net = new Network(toNetworkSpec(config, data.inputs, data.outputs), root.fork(1));
    this.trainer = new Trainer(this.net, toTrainingSpec(config));
    this.totalSteps = totalStepsOf(config, data.train.n);
    // the recording is allocated for the whole run up front: growing it mid-run touches fresh memory during steps
    const capacity = Math.ceil(this.totalSteps / config.probes.every) + 2;
    this.recorder = new Recorder(this.trainer, { ...toRecorderOptions(config), capacity: Math.min(capacity, 1 << 20) });
    this.batchRng = root.fork(2);
    this.stepRng = root.fork(3);
    this.lossOf = lossFunction(config.loss);
    const b = config.train.batch;
    if (b > data.train.n) throw new GradscopeError(`train.batch: ${b} is larger than the ${data.train.n} training examples of ${data.description}`);
    this.order = new Int32Array(data.train.n);
    this.cursor = data.train.n;
    this.xb = new Float64Array(b * data.inputs);
    this.yb = new Int32Array(b);
    this.tb = new Float64Array(b * data.outputs);
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.trainer.stepCount;
  }

  /** The status now. */
  get status(): SessionStatus {
    if (this.recorder.stopped) return "nonfinite";
    if (this.stopped) return "stopped";
    return this.stepCount >= this.totalSteps ? "completed" : "running";
  }

  /** Whether no more steps will be taken. */
  get done(): boolean {
    return this.status !== "running";
  }

  /** Ends the session early (the caller's stop: Ctrl-C, pause-and-close). */
  stop(): void {
    this.stopped = true;
  }

  /** Takes one training step (and a test evaluation at the evalEvery cadence); returns its report. */
  step(): StepReport {
    if (this.disposed) throw new GradscopeError("session: step() after dispose()");
    if (this.done) throw new GradscopeError(`session: step() after the session ended (${this.status})`);
    const x = this.nextBatch();
    const targets = this.batchTargets();
    const t0 = performance.now();
    let outcome;
    try {
      // the recorder takes class indices for the batch accuracy, whatever form the loss wants
      outcome = this.trainer.step(x, targets, this.stepRng, this.recorder.hooksFor(this.data.classification ? this.yb : null));
    } finally {
      x.dispose();
      if (!(targets instanceof Int32Array)) targets.dispose();
    }
    this.trainMs += performance.now() - t0;
    const rec = this.recorder.recording;
    const step = outcome.step;
    const every = this.config.train.evalEvery;
    let evaluation: Evaluation | null = null;
    if (!this.recorder.stopped && ((every > 0 && step % every === 0) || step === this.totalSteps)) {
      evaluation = this.evaluate(this.data.test);
      this.evaluations.push(evaluation);
    }
    const depth = rec.depth;
    const deltaNorms = new Float64Array(depth);
    if (rec.count > 0) for (let l = 0; l < depth; l++) deltaNorms[l] = rec.layers.deltaNorm[l][rec.count - 1];
    const accuracy = rec.count > 0 && rec.steps[rec.count - 1] === step ? rec.scalars.accuracy[rec.count - 1] : NaN;
    return { step, totalSteps: this.totalSteps, loss: outcome.loss, accuracy, lr: outcome.lr, deltaNorms, evaluation };
  }

  /** Loss and accuracy of the network in evaluation mode on a split, in chunks of 512 rows. */
  evaluate(split: Dataset = this.data.test): Evaluation {
    const f = this.data.inputs;
    let lossSum = 0;
    let right = 0;
    const chunk = 512;
    for (let start = 0; start < split.n; start += chunk) {
      const m = Math.min(chunk, split.n - start);
      const tape = new Tape();
      try {
        tape.run(() => {
          const x = tensor(split.x.slice(start * f, (start + m) * f), [m, f]);
          const z = this.net.forward(x, { training: false, rng: this.stepRng });
          const targets = this.targetsOf(split, start, m);
          lossSum += this.lossOf(z, targets).item() * m;
          if (isClassification(split)) right += Math.round(accuracy(z, split.labels.subarray(start, start + m)) * m);
        });
      } finally {
        tape.dispose();
      }
    }
    return { step: this.stepCount, loss: lossSum / split.n, accuracy: isClassification(split) ? right / split.n : NaN };
  }

  /** Diagnoses the recording so far (before any NaN step) with this config as context. */
  diagnose(): Finding[] {
    return diagnose(this.recorder.recording, diagnosisContextOf(this.config, this.net.spec.widths));
  }

  /** Ends the session: final evaluations and findings; releases the network. */
  finish(): SessionResult {
    if (this.disposed) throw new GradscopeError("session: finish() after dispose()");
    const status = this.status === "running" ? "stopped" : this.status;
    const finalTest = this.recorder.stopped ? { step: this.stepCount, loss: NaN, accuracy: NaN } : this.evaluate(this.data.test);
    const finalTrain = this.recorder.stopped ? { step: this.stepCount, loss: NaN, accuracy: NaN } : this.evaluate(this.data.train);
    if (!this.recorder.stopped && (this.evaluations.length === 0 || this.evaluations[this.evaluations.length - 1].step !== this.stepCount)) this.evaluations.push(finalTest);
    const findings = this.diagnose();
    const result: SessionResult = {
      config: this.config, status, steps: this.stepCount, recording: this.recorder.recording, findings,
      evaluations: this.evaluations, finalTrain, finalTest, trainMs: this.trainMs,
    };
    this.dispose();
    return result;
  }

  /** Releases the network's and the probes' memory. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.recorder.dispose();
    this.net.dispose();
  }

  /** The next minibatch x [batch, inputs] (and its rows' labels/targets in yb/tb). */
  private nextBatch(): Tensor {
    const d = this.data.train;
    const b = this.config.train.batch;
    const f = this.data.inputs;
    for (let i = 0; i < b; i++) {
      if (this.cursor >= d.n) this.shuffle();
      const k = this.order[this.cursor++];
      this.xb.set(d.x.subarray(k * f, k * f + f), i * f);
      if (isClassification(d)) this.yb[i] = d.labels[k];
      else this.tb.set(d.targets.subarray(k * d.outputs, (k + 1) * d.outputs), i * d.outputs);
    }
    return tensor(this.xb, [b, f]);
  }

  /** A fresh seeded permutation of the training rows (Fisher–Yates). */
  private shuffle(): void {
    const o = this.order;
    for (let i = 0; i < o.length; i++) o[i] = i;
    for (let i = o.length - 1; i > 0; i--) {
      const j = this.batchRng.int(i + 1);
      const t = o[i]; o[i] = o[j]; o[j] = t;
    }
    this.cursor = 0;
  }

  /** The current batch's targets in the form the loss takes. */
  private batchTargets(): Targets {
    const b = this.config.train.batch;
    if (!this.data.classification) return tensor(this.tb, [b, this.data.outputs]);
    return this.labelTargets(this.yb, 0, b);
  }

  /** Targets of rows [start, start+m) of a split. */
  private targetsOf(split: Dataset, start: number, m: number): Targets {
    if (isClassification(split)) return this.labelTargets(split.labels, start, m);
    return tensor(split.targets.slice(start * split.outputs, (start + m) * split.outputs), [m, split.outputs]);
  }

  /** Class labels as the loss wants them: indices, one-hot rows (MSE), or a 0/1 column (BCE). */
  private labelTargets(labels: Int32Array, start: number, m: number): Targets {
    const loss = this.config.loss;
    if (loss === "softmaxCrossEntropy") return labels.slice(start, start + m);
    const k = this.data.outputs;
    const t = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      if (loss === "binaryCrossEntropy") t[i] = labels[start + i];
      else t[i * k + labels[start + i]] = 1;
    }
    return tensor(t, [m, k]);
  }
}
