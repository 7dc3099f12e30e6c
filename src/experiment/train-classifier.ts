import { kernelsFor } from "../core/backend.js";
import { GradscopeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { Tape, zeroGrad } from "../core/tape.js";
import { tensor, type Tensor } from "../core/tensor.js";
import { lossFunction } from "../nn/losses.js";
import { Network } from "../nn/network.js";
import type { NetworkSpec } from "../nn/network-spec.js";
import type { ClassificationData } from "./datasets/spirals.js";

/** Settings of a plain classifier training: the network, and SGD on seeded minibatches. */
export interface ClassifierTraining {
  seed: number;
  network: Omit<NetworkSpec, "inputs" | "outputs">;
  steps: number;
  batch: number;
  learningRate: number;
}

/** What one step measured: loss, batch accuracy and ‖δ_l‖ = ‖∂L/∂h_l‖ for each hidden layer l = 1…depth. */
export interface StepRecord {
  step: number;
  loss: number;
  accuracy: number;
  deltaNorms: number[];
}

function checkTraining(t: ClassifierTraining): void {
  const intAtLeast = (field: "steps" | "batch", min: number) => {
    const v = t[field];
    if (!Number.isInteger(v) || v < min) throw new GradscopeError(`train.${field}: ${v} is not allowed; expected an integer ≥ ${min}`);
  };
  intAtLeast("steps", 1);
  intAtLeast("batch", 1);
  if (!(t.learningRate > 0 && Number.isFinite(t.learningRate))) throw new GradscopeError(`optimizer.lr: ${t.learningRate} is not allowed; expected a positive number`);
}

/**
 * Trains a Network classifier with softmax cross-entropy and plain SGD on minibatches drawn
 * with the seed, calling `onStep` with each step's loss and ‖δ_l‖ profile.
 */
export function trainClassifier(t: ClassifierTraining, data: ClassificationData, onStep: (r: StepRecord) => void): void {
  checkTraining(t);
  const rng = new Rng(t.seed);
  const net = new Network({ ...t.network, inputs: data.features, outputs: data.classes }, rng.fork(1));
  const params = net.parameters();
  const loss = lossFunction("softmaxCrossEntropy");
  const batchRng = rng.fork(2);
  const kernels = kernelsFor("float32");
  const xb = new Float64Array(t.batch * data.features);
  const yb = new Int32Array(t.batch);
  try {
    for (let step = 1; step <= t.steps; step++) {
      for (let i = 0; i < t.batch; i++) {
        const k = batchRng.int(data.n);
        for (let f = 0; f < data.features; f++) xb[i * data.features + f] = data.x[k * data.features + f];
        yb[i] = data.labels[k];
      }
      const tape = new Tape();
      const { value, trace } = tape.run(() => {
        const trace = net.forwardTrace(tensor(xb, [t.batch, data.features]), { training: true, rng: batchRng });
        return { value: loss(trace.output, yb), trace };
      });
      tape.backward(value);
      const record: StepRecord = {
        step,
        loss: value.item(),
        accuracy: accuracyOf(trace.output, yb),
        deltaNorms: trace.layers.map((l) => norm(l.pre.grad?.data)),
      };
      for (const p of params) if (p.value.grad !== null) kernels.axpy(-t.learningRate, p.value.grad.data, p.value.data);
      zeroGrad(params.map((p) => p.value));
      tape.dispose();
      onStep(record);
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
