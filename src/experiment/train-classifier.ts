import { GradscopeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { tensor, type Tensor } from "../core/tensor.js";
import { Network } from "../nn/network.js";
import type { NetworkSpec } from "../nn/network-spec.js";
import type { ClassificationData } from "./datasets/spirals.js";
import { Trainer, type TrainingSpec } from "./trainer.js";

/** A classifier training: the network (its input and output sizes come from the data), how it trains, and for how long. */
export interface ClassifierTraining {
  seed: number;
  network: Omit<NetworkSpec, "inputs" | "outputs">;
  training: Omit<TrainingSpec, "loss">;
  steps: number;
  batch: number;
}

/** What one step measured: loss, batch accuracy, lr, and ‖δ_l‖ = ‖∂L/∂h_l‖ for each hidden layer l = 1…depth. */
export interface StepRecord {
  step: number;
  loss: number;
  accuracy: number;
  lr: number;
  deltaNorms: number[];
  clipFired?: boolean;
}

function checkLength(t: ClassifierTraining): void {
  for (const field of ["steps", "batch"] as const) {
    const v = t[field];
    if (!Number.isInteger(v) || v < 1) throw new GradscopeError(`train.${field}: ${v} is not allowed; expected an integer ≥ 1`);
  }
}

/**
 * Trains a Network classifier with softmax cross-entropy on minibatches drawn with the seed,
 * calling `onStep` with each step's loss, accuracy and ‖δ_l‖ profile.
 */
export function trainClassifier(t: ClassifierTraining, data: ClassificationData, onStep: (r: StepRecord) => void): void {
  checkLength(t);
  const rng = new Rng(t.seed);
  const net = new Network({ ...t.network, inputs: data.features, outputs: data.classes }, rng.fork(1));
  try {
    const trainer = new Trainer(net, { ...t.training, loss: "softmaxCrossEntropy" });
    const batchRng = rng.fork(2);
    const xb = new Float64Array(t.batch * data.features);
    const yb = new Int32Array(t.batch);
    for (let step = 1; step <= t.steps; step++) {
      for (let i = 0; i < t.batch; i++) {
        const k = batchRng.int(data.n);
        for (let f = 0; f < data.features; f++) xb[i * data.features + f] = data.x[k * data.features + f];
        yb[i] = data.labels[k];
      }
      const x = tensor(xb, [t.batch, data.features]);
      let record: StepRecord | null = null;
      trainer.step(x, yb, batchRng, { onBackward: (o) => {
        record = {
          step: o.step,
          loss: o.loss,
          accuracy: accuracyOf(o.trace.output, yb),
          lr: o.lr,
          deltaNorms: o.trace.layers.map((l) => norm(l.pre.grad?.data)),
          ...(o.clip === null ? {} : { clipFired: o.clip.fired }),
        };
      } });
      x.dispose();
      onStep(record as unknown as StepRecord);
    }
  } finally {
    net.dispose();
  }
}

/** Euclidean norm of an array (0 for a missing gradient). */
function norm(d: ArrayLike<number> | undefined): number {
  if (d === undefined) return 0;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

/** Fraction of rows whose arg-max output is the label. */
function accuracyOf(logits: Tensor, labels: Int32Array): number {
  const [rows, cols] = logits.shape;
  const d = logits.data;
  let right = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if (d[i * cols + j] > d[i * cols + best]) best = j;
    if (best === labels[i]) right++;
  }
  return right / rows;
}
