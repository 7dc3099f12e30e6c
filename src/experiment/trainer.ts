import { add } from "../core/ops/arithmetic.js";
import type { Rng } from "../core/rng.js";
import { Tape, zeroGrad } from "../core/tape.js";
import type { Tensor } from "../core/tensor.js";
import { clipGradients, type ClipReport, type ClipSpec } from "../nn/clipping.js";
import { lossFunction, type LossName, type Targets } from "../nn/losses.js";
import type { Network, ForwardTrace } from "../nn/network.js";
import { createOptimizer, type Optimizer, type OptimizerSpec, type OptimizerName } from "../nn/optim/index.js";
import type { Parameter } from "../nn/parameter.js";
import { penalty, type RegularizationSpec } from "../nn/regularization.js";
import { learningRate, validateSchedule, type ScheduleName, type ScheduleSpec } from "../nn/schedules.js";

/** How a network is trained: loss, update rule, learning-rate schedule, clipping and penalties. */
export interface TrainingSpec {
  loss: LossName;
  optimizer: OptimizerSpec | OptimizerName;
  /** Base learning rate, shaped over steps by `schedule`. */
  lr: number;
  schedule: ScheduleSpec | ScheduleName;
  /** Gradient clipping, or null for none. */
  clip: ClipSpec | null;
  regularization: RegularizationSpec;
}

/** Everything one training step measured, before the tape is released. */
export interface StepOutcome {
  /** 1-based step index. */
  step: number;
  /** Total loss = data loss + penalty. */
  loss: number;
  /** The loss terms by name: "data" and, with L1/L2, "penalty". */
  terms: Record<string, number>;
  /** The learning rate this step used. */
  lr: number;
  /** Clipping telemetry, or null without clipping (set after backward). */
  clip: ClipReport | null;
  /** The forward trace (h_l, φ inputs and outputs; their .grad hold ∂L/∂· after backward) — valid only inside the hooks. */
  trace: ForwardTrace;
}

/**
 * Optional observers of a step (the probes' hooks). Each sees the step's tensors while they are
 * alive; none may change them. `onForward` runs after the loss is computed, `onBackward` after
 * backward and clipping (gradients present, weights not yet updated), `onStepEnd` after the
 * optimizer update (gradients still readable).
 */
export interface StepHooks {
  onForward?(o: StepOutcome): void;
  onBackward?(o: StepOutcome): void;
  onStepEnd?(o: StepOutcome): void;
}

/**
 * One training step of a Network: forward with trace, loss (+ penalty), backward, clipping,
 * optimizer update with the scheduled learning rate. `inspect` sees the step's tensors and
 * gradients through `hooks` before they are released (the probes' window).
 *
 * @example
 * const trainer = new Trainer(net, { loss: "softmaxCrossEntropy", optimizer: "sgd", lr: 0.1, schedule: "constant", clip: null, regularization: {} });
 * const outcome = trainer.step(x, labels, rng);
 */
export class Trainer {
  readonly optimizer: Optimizer;
  private readonly params: Parameter[];
  private readonly lossOf: (z: Tensor, t: Targets) => Tensor;
  private readonly regularized: boolean;
  private steps = 0;

  constructor(readonly net: Network, readonly spec: TrainingSpec) {
    this.optimizer = createOptimizer(spec.optimizer);
    this.lossOf = lossFunction(spec.loss);
    validateSchedule(spec.schedule);
    this.params = net.parameters();
    this.regularized = (spec.regularization.l1 ?? 0) > 0 || (spec.regularization.l2 ?? 0) > 0;
    if (spec.clip !== null) clipGradients([], spec.clip);
  }

  /** The parameters the optimizer updates, with their PyTorch-style names. */
  get parameters(): readonly Parameter[] {
    return this.params;
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Trains on one batch x [batch, inputs] with its targets; returns what the step measured. */
  step(x: Tensor, targets: Targets, rng: Rng, hooks: StepHooks = {}): StepOutcome {
    const step = ++this.steps;
    const lr = learningRate(step - 1, this.spec.lr, this.spec.schedule);
    const tape = new Tape();
    try {
      const { total, data, reg, trace } = tape.run(() => {
        const trace = this.net.forwardTrace(x, { training: true, rng });
        const data = this.lossOf(trace.output, targets);
        const reg = this.regularized ? penalty(this.params, this.spec.regularization) : null;
        return { total: reg === null ? data : add(data, reg), data, reg, trace };
      });
      const terms: Record<string, number> = { data: data.item() };
      if (reg !== null) terms.penalty = reg.item();
      const outcome: StepOutcome = { step, loss: total.item(), terms, lr, clip: null, trace };
      hooks.onForward?.(outcome);
      tape.backward(total);
      outcome.clip = this.spec.clip === null ? null : clipGradients(this.params, this.spec.clip);
      hooks.onBackward?.(outcome);
      this.optimizer.step(this.params, lr);
      hooks.onStepEnd?.(outcome);
      zeroGrad(this.params.map((p) => p.value));
      return outcome;
    } finally {
      tape.dispose();
    }
  }
}
