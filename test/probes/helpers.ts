// Shared helpers of the probe tests: small networks with a Trainer, the backends to run them
// on, and hooks that capture float64 copies of every tensor the probes read, for independent
// recomputation.
import { Rng, referenceBackend, tensor, type Backend, type Tensor } from "../../src/core/index.js";
import { Trainer, type StepHooks, type StepOutcome, type TrainingSpec } from "../../src/experiment/trainer.js";
import { Network, defaultNetworkSpec, type NetworkSpec } from "../../src/nn/index.js";
import { onBackend, wasmBackends } from "../helpers/backends.js";

export { onBackend };

/** The reference backend and every wasm variant this Node runs. */
export function allBackends(): Backend[] {
  return [referenceBackend, ...wasmBackends()];
}

/** A small classification problem: a network, its Trainer, one batch x [batch, inputs] and labels. */
export interface Problem {
  net: Network;
  trainer: Trainer;
  x: Tensor;
  labels: Int32Array;
  rng: Rng;
}

/** Plain SGD with softmax cross-entropy, constant lr, no clipping or penalty, unless overridden. */
export function sgd(lr = 0.1, over: Partial<TrainingSpec> = {}): TrainingSpec {
  return { loss: "softmaxCrossEntropy", optimizer: "sgd", lr, schedule: "constant", clip: null, regularization: {}, ...over };
}

/** Builds a problem from Rng(seed): inputs 4, widths [6, 5], 3 classes, batch 7, tanh, unless overridden. */
export function problem(over: Partial<NetworkSpec> = {}, training: TrainingSpec = sgd(), seed = 11, batch = 7): Problem {
  const rng = new Rng(seed);
  const spec: NetworkSpec = { ...defaultNetworkSpec, inputs: 4, outputs: 3, widths: [6, 5], activation: "tanh", biasInit: { name: "normal", std: 0.2 }, ...over };
  const net = new Network(spec, rng);
  const trainer = new Trainer(net, training);
  const x = tensor(rng.normalArray(batch * spec.inputs), [batch, spec.inputs]);
  const labels = Int32Array.from({ length: batch }, () => rng.int(spec.outputs));
  return { net, trainer, x, labels, rng };
}

/** Float64 copies of what one step exposed, taken in the hooks. */
export interface Captured {
  step: number;
  loss: number;
  lr: number;
  output: Float64Array;
  /** Per hidden layer: h, φ's input, φ's output, δ = ∂L/∂h. */
  pre: Float64Array[];
  actIn: Float64Array[];
  act: Float64Array[];
  delta: Float64Array[];
  /** Per parameter name: gradient, value before and after the update. */
  grad: Map<string, Float64Array>;
  before: Map<string, Float64Array>;
  after: Map<string, Float64Array>;
}

const f64 = (t: Tensor): Float64Array => Float64Array.from(t.data);

/** Hooks that first capture the step's tensors into `out`, then call `inner` (the probes, or nothing). */
export function capturing(trainer: Trainer, out: Captured[], inner: StepHooks = {}): StepHooks {
  let cur: Captured;
  return {
    onForward(o: StepOutcome) {
      cur = {
        step: o.step, loss: o.loss, lr: o.lr, output: f64(o.trace.output),
        pre: o.trace.layers.map((l) => f64(l.pre)), actIn: o.trace.layers.map((l) => f64(l.actIn)), act: o.trace.layers.map((l) => f64(l.act)),
        delta: [], grad: new Map(), before: new Map(), after: new Map(),
      };
      out.push(cur);
      inner.onForward?.(o);
    },
    onBackward(o: StepOutcome) {
      cur.delta = o.trace.layers.map((l) => f64(l.pre.grad as Tensor));
      for (const p of trainer.parameters) {
        cur.before.set(p.name, f64(p.value));
        if (p.value.grad !== null) cur.grad.set(p.name, f64(p.value.grad));
      }
      inner.onBackward?.(o);
    },
    onStepEnd(o: StepOutcome) {
      for (const p of trainer.parameters) cur.after.set(p.name, f64(p.value));
      inner.onStepEnd?.(o);
    },
  };
}

/** ‖x‖₂ in float64, summing naively. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** Asserts |a − b| ≤ tol·max(1, |b|) (or a = b, or both NaN), with a message. */
export function close(a: number, b: number, tol: number, what: string): void {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
  if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) throw new Error(`${what}: ${a} vs ${b} (tolerance ${tol})`);
}
