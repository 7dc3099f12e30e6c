import { GradscopeError, ShapeError, formatShape } from "../core/errors.js";
import { mul, sub } from "../core/ops/arithmetic.js";
import { pickPerRow } from "../core/ops/indexing.js";
import { mean } from "../core/ops/reduce.js";
import { logSoftmax } from "../core/ops/softmax.js";
import { neg, softplus, square } from "../core/ops/unary.js";
import type { Tensor } from "../core/tensor.js";

/** Targets of a loss: class indices (one per row) or a tensor of the prediction's shape. */
export type Targets = Int32Array | Tensor;

function needLabels(loss: string, t: Targets, prediction: Tensor): Int32Array {
  if (prediction.rank !== 2) throw new ShapeError(`${loss}: predictions must be [batch, classes], got ${formatShape(prediction.shape)}`);
  if (!(t instanceof Int32Array)) throw new GradscopeError(`${loss}: targets must be class indices (Int32Array)`);
  const rows = prediction.shape[0];
  if (t.length !== rows) throw new ShapeError(`${loss}: ${t.length} labels for ${rows} rows`);
  const classes = prediction.shape[1];
  for (let i = 0; i < rows; i++) {
    if (!(t[i] >= 0 && t[i] < classes)) throw new ShapeError(`${loss}: label ${t[i]} at row ${i} is not a class index in [0, ${classes})`);
  }
  return t;
}

function needTensor(loss: string, t: Targets, prediction: Tensor): Tensor {
  if (t instanceof Int32Array) throw new GradscopeError(`${loss}: targets must be a tensor of the prediction's shape`);
  if (t.shape.join() !== prediction.shape.join()) {
    throw new ShapeError(`${loss}: targets ${formatShape(t.shape)} do not match predictions ${formatShape(prediction.shape)}`);
  }
  if (t.dtype !== prediction.dtype) throw new ShapeError(`${loss}: targets are ${t.dtype}, predictions ${prediction.dtype}`);
  return t;
}

/** The loss families by config name: each maps (output [batch, k], targets) to a scalar mean over the batch. */
export const losses = {
  /** −(1/B) Σ_i log softmax(z_i)[y_i], z [B, classes], y class indices. */
  softmaxCrossEntropy: (z: Tensor, t: Targets): Tensor => {
    const labels = needLabels("softmaxCrossEntropy", t, z);
    return neg(mean(pickPerRow(logSoftmax(z, 1), labels)));
  },
  /** (1/n) Σ softplus(z) − y·z = mean binary cross-entropy of sigmoid(z) against y ∈ [0, 1] (PyTorch's BCEWithLogits). */
  binaryCrossEntropy: (z: Tensor, t: Targets): Tensor => mean(sub(softplus(z), mul(needTensor("binaryCrossEntropy", t, z), z))),
  /** (1/n) Σ (ŷ − y)² over all elements (PyTorch's MSELoss, reduction mean). */
  meanSquaredError: (z: Tensor, t: Targets): Tensor => mean(square(sub(z, needTensor("meanSquaredError", t, z)))),
} as const;

/** The accepted loss names. */
export type LossName = keyof typeof losses;

/** Looks up a loss by name; an unknown name gets an error listing the allowed ones. */
export function lossFunction(name: string, field = "loss"): (z: Tensor, t: Targets) => Tensor {
  if (!Object.hasOwn(losses, name)) throw new GradscopeError(`${field}: "${name}" is not a known loss; allowed: ${Object.keys(losses).join(", ")}`);
  return losses[name as LossName];
}
