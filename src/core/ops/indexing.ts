import type { DType } from "../dtype.js";
import { ShapeError, formatShape } from "../errors.js";
import { normalizeAxis, sizeOf } from "../shape.js";
import { recordOp } from "../tape.js";
import { zeros, type Tensor } from "../tensor.js";

function checkIndices(op: string, indices: ArrayLike<number>, bound: number): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!Number.isInteger(v) || v < 0 || v >= bound) {
      throw new ShapeError(`${op}: index ${v} at position ${i} is not an integer in [0, ${bound})`);
    }
  }
}

/**
 * Selects entries along an axis: y has x's shape with dimension `axis` replaced by
 * indices.length, y[…, j, …] = x[…, indices[j], …]. ∂x scatters ∂y back, adding repeats.
 */
export function gather(x: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
  const ax = normalizeAxis("gather", axis, x.rank);
  checkIndices("gather", indices, x.shape[ax]);
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const n = x.shape[ax], k = indices.length;
  const idx = Int32Array.from(indices);
  const y = zeros(x.shape.map((d, i) => (i === ax ? k : d)), x.dtype);
  const xd = x.data, yd = y.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const src = (o * n + idx[j]) * inner, dst = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) yd[dst + i] = xd[src + i];
    }
  }
  return recordOp("gather", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const dxd = dx.data, dyd = dy.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const dst = (o * n + idx[j]) * inner, src = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) dxd[dst + i] += dyd[src + i];
      }
    }
    return [dx];
  });
}

/** One-hot rows: [n, depth] with 1 at (i, labels[i]); labels must be integers in [0, depth). */
export function oneHot(labels: ArrayLike<number>, depth: number, dtype: DType = "float32"): Tensor {
  if (!Number.isInteger(depth) || depth < 1) throw new ShapeError(`oneHot: depth ${depth} must be a positive integer`);
  checkIndices("oneHot", labels, depth);
  const y = zeros([labels.length, depth], dtype);
  const yd = y.data;
  for (let i = 0; i < labels.length; i++) yd[i * depth + labels[i]] = 1;
  return y;
}

/** Picks one entry per row: y[i] = x[i, cols[i]] for x [rows, cols]; ∂x is ∂y at those entries. */
export function pickPerRow(x: Tensor, cols: ArrayLike<number>): Tensor {
  if (x.rank !== 2 || cols.length !== x.shape[0]) {
    throw new ShapeError(`pickPerRow: needs x [rows, cols] and one index per row; got ${formatShape(x.shape)} and ${cols.length} indices`);
  }
  const [rows, width] = x.shape;
  checkIndices("pickPerRow", cols, width);
  const y = zeros([rows], x.dtype);
  const xd = x.data, yd = y.data;
  for (let i = 0; i < rows; i++) yd[i] = xd[i * width + cols[i]];
  return recordOp("pickPerRow", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const dxd = dx.data, dyd = dy.data;
    for (let i = 0; i < rows; i++) dxd[i * width + cols[i]] = dyd[i];
    return [dx];
  });
}
