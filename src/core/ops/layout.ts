import { ShapeError, formatShape } from "../errors.js";
import { normalizeAxis, sizeOf, stridesOf } from "../shape.js";
import { recordOp } from "../tape.js";
import { zeros, type Tensor } from "../tensor.js";

/** The same elements in a new shape of equal size (one dimension may be −1: inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const free = s.indexOf(-1);
  if (free >= 0) {
    const rest = sizeOf(s.filter((_, i) => i !== free));
    s[free] = rest === 0 ? 0 : x.size / rest;
  }
  // A second −1, a negative or fractional dimension, or a −1 that does not divide evenly.
  if (!s.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(s) !== x.size) {
    throw new ShapeError(`reshape: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`);
  }
  const y = zeros(s, x.dtype);
  y.data.set(x.data);
  return recordOp("reshape", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    dx.data.set(dy.data);
    return [dx];
  });
}

/** Copies x permuted: y[i_perm[0], …] = x[i_0, …]; default perm reverses the axes. */
function permuteInto(x: Tensor, perm: readonly number[], y: Tensor): void {
  const inStrides = stridesOf(x.shape);
  const outShape = y.shape;
  const strides = perm.map((p) => inStrides[p]);
  const xd = x.data, yd = y.data;
  const counter = new Array<number>(outShape.length).fill(0);
  let src = 0;
  for (let i = 0; i < yd.length; i++) {
    yd[i] = xd[src];
    for (let d = outShape.length - 1; d >= 0; d--) {
      counter[d]++;
      src += strides[d];
      if (counter[d] < outShape[d]) break;
      src -= strides[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/** Axis permutation: y.shape[i] = x.shape[perm[i]] (default: reversed axes, the matrix transpose). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const valid = p.length === x.rank && [...p].sort((a, b) => a - b).every((v, i) => v === i);
  if (!valid) throw new ShapeError(`transpose: [${p.join(", ")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  const y = zeros(p.map((a) => x.shape[a]), x.dtype);
  permuteInto(x, p, y);
  return recordOp("transpose", [x], y, (dy) => {
    const inverse = new Array<number>(p.length);
    p.forEach((a, i) => (inverse[a] = i));
    const dx = zeros(x.shape, x.dtype);
    permuteInto(dy, inverse, dx);
    return [dx];
  });
}

/** Copies a block: for each outer index, `inner`-sized runs between a [outer, aLen·inner] and b [outer, bLen·inner]. */
function copyBlocks(src: Tensor, srcRow: number, srcOff: number, dst: Tensor, dstRow: number, dstOff: number, outer: number, len: number): void {
  const s = src.data, d = dst.data;
  for (let o = 0; o < outer; o++) {
    d.set(s.subarray(o * srcRow + srcOff, o * srcRow + srcOff + len), o * dstRow + dstOff);
  }
}

/** Joins tensors along an axis; all other dimensions must agree. ∂ of each input is its slice of ∂y. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("concat: needs at least one tensor");
  const first = tensors[0];
  const ax = normalizeAxis("concat", axis, first.rank);
  for (const t of tensors) {
    const ok = t.rank === first.rank && t.dtype === first.dtype && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new ShapeError(`concat: ${t.dtype} ${formatShape(t.shape)} cannot be joined with ${first.dtype} ${formatShape(first.shape)} along axis ${ax}`);
  }
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const total = tensors.reduce((n, t) => n + t.shape[ax], 0);
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  const y = zeros(shape, first.dtype);
  let offset = 0;
  const offsets = tensors.map((t) => {
    const o = offset;
    copyBlocks(t, t.shape[ax] * inner, 0, y, total * inner, o * inner, outer, t.shape[ax] * inner);
    offset += t.shape[ax];
    return o;
  });
  return recordOp("concat", tensors, y, (dy) =>
    tensors.map((t, i) => {
      if (!t.requiresGrad) return null;
      const dx = zeros(t.shape, t.dtype);
      copyBlocks(dy, total * inner, offsets[i] * inner, dx, t.shape[ax] * inner, 0, outer, t.shape[ax] * inner);
      return dx;
    }),
  );
}

/** The block x[begin[0] : begin[0]+size[0], …] (size −1: to the end). ∂x is ∂y placed back, zeros elsewhere. */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  if (begin.length !== x.rank || size.length !== x.rank) {
    throw new ShapeError(`slice: begin [${begin.join(", ")}] and size [${size.join(", ")}] must both have rank ${x.rank} for ${formatShape(x.shape)}`);
  }
  const sz = size.map((s, i) => (s === -1 ? x.shape[i] - begin[i] : s));
  sz.forEach((s, i) => {
    if (!Number.isInteger(begin[i]) || !Number.isInteger(s) || begin[i] < 0 || s < 0 || begin[i] + s > x.shape[i]) {
      throw new ShapeError(`slice: begin [${begin.join(", ")}] size [${size.join(", ")}] is out of bounds for ${formatShape(x.shape)} (axis ${i})`);
    }
  });
  const y = zeros(sz, x.dtype);
  const xs = stridesOf(x.shape);
  const base = begin.reduce((o, b, i) => o + b * xs[i], 0);
  const walk = (visit: (src: number, dst: number) => void): void => {
    const counter = new Array<number>(sz.length).fill(0);
    let src = base;
    for (let i = 0; i < y.size; i++) {
      visit(src, i);
      for (let d = sz.length - 1; d >= 0; d--) {
        counter[d]++;
        src += xs[d];
        if (counter[d] < sz[d]) break;
        src -= xs[d] * sz[d];
        counter[d] = 0;
      }
    }
  };
  const xd = x.data, yd = y.data;
  walk((s, d) => (yd[d] = xd[s]));
  return recordOp("slice", [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const dxd = dx.data, dyd = dy.data;
    walk((s, d) => (dxd[s] = dyd[d]));
    return [dx];
  });
}
