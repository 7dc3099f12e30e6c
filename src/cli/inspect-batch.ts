import { Rng } from "../core/rng.js";
import { Tape, zeroGrad } from "../core/tape.js";
import { tensor, type Tensor } from "../core/tensor.js";
import type { ExperimentConfig } from "../experiment/config/index.js";
import { isClassification } from "../experiment/datasets/dataset.js";
import type { PreparedData } from "../experiment/session/index.js";
import { saveNetwork, writeTensors } from "../nn/checkpoint.js";
import { lossFunction, type Targets } from "../nn/losses.js";
import type { Network } from "../nn/network.js";
import { layerInfoOf } from "../probes/layout.js";
import { saturationRule } from "../probes/saturation.js";
import { sumOfSquares } from "../probes/tensor-stats.js";

/** One hidden layer's statistics on the inspected batch. */
export interface InspectRow {
  layer: number;
  /** ‖W_l‖ (Frobenius). */
  weightNorm: number;
  /** ‖∂L/∂W_l‖. */
  weightGradNorm: number;
  /** ‖δ_l‖ = ‖∂L/∂h_l‖ over the batch. */
  deltaNorm: number;
  /** Mean and standard deviation of a_l = φ(·) over batch and units. */
  actMean: number;
  actStd: number;
  /** Share of (example, unit) with |φ′| below 1% of its maximum. */
  saturated: number;
  /** Share of units that are 0 for every example (ReLU family; 0 otherwise). */
  dead: number;
}

/** The three safetensors files of an inspection (shared/DESIGN.md, "Interchange") and what was measured. */
export interface Inspection {
  /** Parameters and buffers: layers.{i}.weight [out, in], layers.{i}.bias, layers.{i}.norm.*, blocks.{j}.*, head.*. */
  weights: Uint8Array;
  /** x [batch, features] (F32), y: class indices [batch] (F64, whole numbers) or targets [batch, outputs] (F32). */
  batch: Uint8Array;
  /** grad.P for every parameter P, delta.{i} = ∂L/∂h_i [batch, width]; L the data loss, a mean over the batch. */
  gradients: Uint8Array;
  /** The data loss L on the batch (no penalty term). */
  loss: number;
  rows: InspectRow[];
  /** Tensor names and shapes per file, in file order. */
  shapes: Record<"weights" | "batch" | "gradients", Record<string, number[]>>;
}

/** The first `b` rows of a seeded permutation of the train split (its own stream: fork 4 of the config seed). */
function batchRows(n: number, b: number, seed: number): Int32Array {
  const rng = new Rng(seed).fork(4);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order.subarray(0, b);
}

/** The loss targets of the batch and the `y` tensor written to the batch file. */
function targetsOf(config: ExperimentConfig, data: PreparedData, rows: Int32Array): { targets: Targets; y: Tensor } {
  const d = data.train;
  const b = rows.length;
  if (!isClassification(d)) {
    const t = new Float64Array(b * d.outputs);
    rows.forEach((k, i) => t.set(d.targets.subarray(k * d.outputs, (k + 1) * d.outputs), i * d.outputs));
    const y = tensor(t, [b, d.outputs]);
    return { targets: y, y };
  }
  const labels = Int32Array.from(rows, (k) => d.labels[k]);
  const y = tensor(Float64Array.from(labels), [b], "float64");
  if (config.loss === "softmaxCrossEntropy") return { targets: labels, y };
  const k = data.outputs;
  const t = new Float64Array(b * k);
  labels.forEach((c, i) => { if (config.loss === "binaryCrossEntropy") t[i] = c; else t[i * k + c] = 1; });
  return { targets: tensor(t, [b, k]), y };
}

/** Statistics of hidden layer l from its traced tensors and weight gradient. */
function rowOf(net: Network, l: number, pre: Tensor, actIn: Tensor, act: Tensor, canDie: boolean): InspectRow {
  const w = net.layers[l].dense.parameters().find((p) => p.name.endsWith(".weight"))!.value;
  const a = act.data;
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i];
  mean /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - mean) ** 2;
  const width = act.shape[1];
  let dead = 0;
  if (canDie) {
    for (let j = 0; j < width; j++) {
      let zero = true;
      for (let r = 0; r < act.shape[0] && zero; r++) zero = a[r * width + j] === 0;
      if (zero) dead++;
    }
  }
  return {
    layer: l + 1, weightNorm: Math.sqrt(sumOfSquares(w.data)), weightGradNorm: w.grad === null ? 0 : Math.sqrt(sumOfSquares(w.grad.data)),
    deltaNorm: pre.grad === null ? 0 : Math.sqrt(sumOfSquares(pre.grad.data)), actMean: mean, actStd: Math.sqrt(v / a.length),
    saturated: saturationRule(net.layers[l].activation).count(actIn.data, act.data) / a.length, dead: dead / width,
  };
}

/** Names and shapes of the tensors of a record. */
const shapesOf = (record: Record<string, Tensor>) => Object.fromEntries(Object.entries(record).map(([k, t]) => [k, [...t.shape]]));

/**
 * Inspects a network on one training batch (in training mode, as a step sees it): saves its
 * weights, the batch, and ∂L/∂P for every parameter and δ_i = ∂L/∂h_i for every hidden layer,
 * with L the data loss as a mean over the batch, before any clipping; the weights are not
 * updated. The batch is `config.train.batch` rows of the train split.
 */
export function inspectBatch(net: Network, config: ExperimentConfig, data: PreparedData, step: number): Inspection {
  const meta = { "gradscope.step": String(step), "gradscope.loss": config.loss, "gradscope.config": JSON.stringify(config) };
  const params: Record<string, Tensor> = {};
  for (const p of [...net.parameters(), ...net.buffers()]) params[p.name] = p.value;
  const weights = saveNetwork(net, meta);
  const rows = batchRows(data.train.n, Math.min(config.train.batch, data.train.n), config.seed);
  const f = data.inputs;
  const xData = new Float64Array(rows.length * f);
  rows.forEach((k, i) => xData.set(data.train.x.subarray(k * f, (k + 1) * f), i * f));
  const x = tensor(xData, [rows.length, f], net.dtype);
  const { targets, y } = targetsOf(config, data, rows);
  const tape = new Tape();
  try {
    const { trace, loss } = tape.run(() => {
      const trace = net.forwardTrace(x, { training: true, rng: new Rng(config.seed).fork(5) });
      return { trace, loss: lossFunction(config.loss)(trace.output, targets) };
    });
    tape.backward(loss);
    const grads: Record<string, Tensor> = {};
    for (const p of net.parameters()) if (p.value.grad !== null) grads[`grad.${p.name}`] = p.value.grad;
    trace.layers.forEach((t, i) => { if (t.pre.grad !== null) grads[`delta.${i}`] = t.pre.grad; });
    const info = layerInfoOf(net);
    const batch = { x, y };
    return {
      weights, batch: writeTensors(batch, undefined, meta), gradients: writeTensors(grads, undefined, { ...meta, "gradscope.loss_value": String(loss.item()) }),
      loss: loss.item(), rows: trace.layers.map((t, l) => rowOf(net, l, t.pre, t.actIn, t.act, info[l].canDie)),
      shapes: { weights: shapesOf(params), batch: shapesOf(batch), gradients: shapesOf(grads) },
    };
  } finally {
    zeroGrad(net.parameters().map((p) => p.value));
    tape.dispose();
    x.dispose();
    y.dispose();
    if (!(targets instanceof Int32Array) && targets !== y) targets.dispose();
  }
}
