import { normalizeAxis } from "../shape.js";
import { recordOp } from "../tape.js";
import { zeros, type Tensor } from "../tensor.js";
import { reducedShape, reductionIndex, scatterSum } from "./reduce-kernel.js";

/** Axes to reduce: a number, a list, or undefined for all axes. */
export type Axes = number | readonly number[] | undefined;

function resolveAxes(op: string, t: Tensor, axes: Axes): number[] {
  if (axes === undefined) return t.shape.map((_, i) => i);
  const list = typeof axes === "number" ? [axes] : [...axes];
  return [...new Set(list.map((a) => normalizeAxis(op, a, t.rank)))].sort((p, q) => p - q);
}

/** Σ over axes (all by default); keepDims keeps them as size 1. ∂x = ∂y broadcast back. */
export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = resolveAxes("sum", x, axes);
  const index = reductionIndex(x.shape, ax);
  const y = zeros(reducedShape(x.shape, ax, keepDims), x.dtype);
  scatterSum(x.data, index, y.data);
  return recordOp("sum", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const d = dx.data, g = dy.data;
    for (let i = 0; i < d.length; i++) d[i] = g[index[i]];
    return [dx];
  });
}

/** Arithmetic mean over axes (all by default): sum / count. */
export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = resolveAxes("mean", x, axes);
  let count = 1;
  for (const a of ax) count *= x.shape[a];
  const index = reductionIndex(x.shape, ax);
  const y = zeros(reducedShape(x.shape, ax, keepDims), x.dtype);
  scatterSum(x.data, index, y.data);
  const yd = y.data;
  for (let i = 0; i < yd.length; i++) yd[i] /= count;
  return recordOp("mean", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const d = dx.data, g = dy.data;
    for (let i = 0; i < d.length; i++) d[i] = g[index[i]] / count;
    return [dx];
  });
}

/**
 * Maximum over axes (all by default). The gradient goes to the maximal elements, shared
 * evenly among ties (as PyTorch's amax).
 */
export function max(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = resolveAxes("max", x, axes);
  const index = reductionIndex(x.shape, ax);
  const y = zeros(reducedShape(x.shape, ax, keepDims), x.dtype);
  const yd = y.data, xd = x.data;
  yd.fill(-Infinity);
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i];
    if (v > yd[index[i]] || Number.isNaN(v)) yd[index[i]] = v;
  }
  return recordOp("max", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const d = dx.data, g = dy.data, a = x.data, m = y.data;
    const ties = new Float64Array(m.length);
    for (let i = 0; i < a.length; i++) if (a[i] === m[index[i]]) ties[index[i]]++;
    for (let i = 0; i < a.length; i++) if (a[i] === m[index[i]]) d[i] = g[index[i]] / ties[index[i]];
    return [dx];
  });
}
