import { kernelsFor } from "../core/backend.js";
import { GradscopeError } from "../core/errors.js";
import type { UnaryKind } from "../core/kernels/kernels.js";
import { add, matmul, mean, neg, logSoftmax, pickPerRow, unary } from "../core/ops/index.js";
import { Rng } from "../core/rng.js";
import { Tape, zeroGrad } from "../core/tape.js";
import { tensor, type Tensor } from "../core/tensor.js";
import type { ClassificationData } from "./datasets/spirals.js";

/** The settings of a plain MLP training: depth hidden layers of `width` units, N(0, σ_w²/fan_in) weights. */
export interface MlpTrainingConfig {
  seed: number;
  depth: number;
  width: number;
  activation: UnaryKind;
  /** σ_w: weights are drawn N(0, σ_w²/fan_in). */
  weightScale: number;
  steps: number;
  batch: number;
  learningRate: number;
}

/** What one step measured: loss, batch accuracy and ‖δ_l‖ = ‖∂L/∂h_l‖ for each hidden layer l = 1…depth. */
export interface MlpStepRecord {
  step: number;
  loss: number;
  accuracy: number;
  deltaNorms: number[];
}

const activations: readonly UnaryKind[] = ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu", "gelu", "silu", "softplus", "hardTanh", "identity"];

/** Throws a clear error for a setting outside its allowed range, naming the field. */
function validate(c: MlpTrainingConfig): void {
  const intAtLeast = (field: keyof MlpTrainingConfig, min: number) => {
    const v = c[field] as number;
    if (!Number.isInteger(v) || v < min) throw new GradscopeError(`${field}: ${v} is not allowed; expected an integer ≥ ${min}`);
  };
  intAtLeast("depth", 1);
  intAtLeast("width", 1);
  intAtLeast("steps", 1);
  intAtLeast("batch", 1);
  if (!activations.includes(c.activation)) throw new GradscopeError(`activation: "${c.activation}" is not one of ${activations.join(", ")}`);
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) throw new GradscopeError(`learningRate: ${c.learningRate} is not allowed; expected a positive number`);
  if (!(c.weightScale > 0 && Number.isFinite(c.weightScale))) throw new GradscopeError(`weightScale: ${c.weightScale} is not allowed; expected a positive number`);
}

/**
 * Trains an MLP (weights [out, in] as PyTorch's nn.Linear, softmax cross-entropy, plain SGD)
 * on minibatches drawn with the seed, calling `onStep` with each step's loss and ‖δ_l‖ profile.
 */
export function trainMlp(config: MlpTrainingConfig, data: ClassificationData, onStep: (r: MlpStepRecord) => void): void {
  validate(config);
  const rng = new Rng(config.seed);
  const widths = [data.features, ...new Array<number>(config.depth).fill(config.width), data.classes];
  const params: Tensor[] = [];
  const layers = widths.slice(1).map((out, i) => {
    const fanIn = widths[i];
    const w = tensor(rng.normalArray(out * fanIn, 0, config.weightScale / Math.sqrt(fanIn)), [out, fanIn]).trainable();
    const b = tensor(new Float64Array(out), [out]).trainable();
    params.push(w, b);
    return { w, b };
  });
  const kernels = kernelsFor("float32");
  const xb = new Float64Array(config.batch * data.features);
  const yb = new Int32Array(config.batch);
  for (let step = 1; step <= config.steps; step++) {
    for (let i = 0; i < config.batch; i++) {
      const k = rng.int(data.n);
      for (let f = 0; f < data.features; f++) xb[i * data.features + f] = data.x[k * data.features + f];
      yb[i] = data.labels[k];
    }
    const tape = new Tape();
    const hidden: Tensor[] = [];
    const { loss, logits } = tape.run(() => {
      let a = tensor(xb, [config.batch, data.features]);
      layers.forEach(({ w, b }, l) => {
        const h = add(matmul(a, w, { transB: true }), b);
        if (l < config.depth) {
          hidden.push(h);
          a = unary(config.activation, h, config.activation === "leakyRelu" ? 0.01 : 1);
        } else {
          a = h;
        }
      });
      return { loss: neg(mean(pickPerRow(logSoftmax(a), yb))), logits: a };
    });
    tape.backward(loss);
    const record: MlpStepRecord = { step, loss: loss.item(), accuracy: accuracyOf(logits, yb), deltaNorms: hidden.map((h) => norm(h.grad?.data)) };
    for (const p of params) kernels.axpy(-config.learningRate, (p.grad as Tensor).data, p.data);
    zeroGrad(params);
    tape.dispose();
    onStep(record);
  }
  for (const p of params) {
    p.grad?.dispose();
    p.dispose();
  }
}

/** Euclidean norm of an array (0 for a missing gradient). */
function norm(d: ArrayLike<number> | undefined): number {
  if (d === undefined) return 0;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

/** Fraction of rows whose arg-max logit is the label. */
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
