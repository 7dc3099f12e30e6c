import { ShapeError, formatShape } from "../errors.js";
import type { Tensor } from "../tensor.js";

/** Throws unless both tensors have the same dtype; names the op and both shapes. */
export function checkSameDtype(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new ShapeError(`${op}: dtypes differ: ${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}`);
  }
}

/** Throws unless the tensor has the given rank. */
export function checkRank(op: string, t: Tensor, rank: number, what = "input"): void {
  if (t.rank !== rank) {
    throw new ShapeError(`${op}: ${what} must have rank ${rank}, got shape ${formatShape(t.shape)}`);
  }
}
