import type { Tensor } from "../core/tensor.js";
import type { Targets } from "../nn/losses.js";

/**
 * Classification accuracy: the share of rows of the output z [batch, classes] whose arg max
 * (first on ties) equals the label — with a single output (binary logit) the class is z > 0 —
 * NaN when the targets are not class indices or do not fit.
 */
export function accuracy(z: Tensor, targets: Targets | null): number {
  if (!(targets instanceof Int32Array) || z.rank !== 2 || z.shape[0] !== targets.length || targets.length === 0) return NaN;
  const [rows, classes] = z.shape;
  const data = z.data;
  let hits = 0;
  for (let r = 0, base = 0; r < rows; r++, base += classes) {
    let best = classes === 1 && data[base] > 0 ? 1 : 0;
    for (let c = 1; c < classes; c++) if (data[base + c] > data[base + best]) best = c;
    if (best === targets[r]) hits++;
  }
  return hits / rows;
}
