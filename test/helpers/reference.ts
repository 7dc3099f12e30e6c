// Independent plain-JavaScript definitions of the core ops, written from coordinates (not
// strides or walkers) so that they share no code with src/core: the expectations of the
// forward-value tests.

/** The multi-index of flat position i in a row-major array of `shape`. */
export function coordsOf(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
}

/** The flat row-major position of a multi-index. */
export function flatOf(c: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + c[d];
  return i;
}

function size(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** NumPy's rule, written out: align right, a missing dimension is 1, a 1 stretches; null when incompatible. */
export function broadcastRule(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(Math.max(da, db));
  }
  return out;
}

/** The element of (x, shape) that broadcasting reads at output multi-index `c`. */
function readBroadcast(x: ArrayLike<number>, shape: readonly number[], c: readonly number[]): number {
  const off = c.length - shape.length;
  const own = shape.map((d, i) => (d === 1 ? 0 : c[i + off]));
  return x[flatOf(own, shape)];
}

/** z = f(x, y) with NumPy broadcasting. */
export function refBinary(x: ArrayLike<number>, xs: readonly number[], y: ArrayLike<number>, ys: readonly number[],
  f: (u: number, v: number) => number): { shape: number[]; values: number[] } {
  const shape = broadcastRule(xs, ys);
  if (shape === null) throw new Error("refBinary: incompatible shapes");
  const values = Array.from({ length: size(shape) }, (_, i) => {
    const c = coordsOf(i, shape);
    return f(readBroadcast(x, xs, c), readBroadcast(y, ys, c));
  });
  return { shape, values };
}

/** where(cond, x, y) with broadcasting of all three. */
export function refWhere(cond: ArrayLike<number>, cs: readonly number[], x: ArrayLike<number>, xs: readonly number[],
  y: ArrayLike<number>, ys: readonly number[]): { shape: number[]; values: number[] } {
  const shape = broadcastRule(broadcastRule(cs, xs) ?? [], ys);
  if (shape === null) throw new Error("refWhere: incompatible shapes");
  const values = Array.from({ length: size(shape) }, (_, i) => {
    const c = coordsOf(i, shape);
    return readBroadcast(cond, cs, c) !== 0 ? readBroadcast(x, xs, c) : readBroadcast(y, ys, c);
  });
  return { shape, values };
}

/** A reduction over `axes` with a fold (init, combine) and an optional finish (e.g. divide by count). */
export function refReduce(x: ArrayLike<number>, shape: readonly number[], axes: readonly number[], keepDims: boolean,
  init: number, combine: (acc: number, v: number) => number, finish: (acc: number, count: number) => number = (a) => a,
): { shape: number[]; values: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const acc = new Array<number>(size(kept)).fill(init);
  for (let i = 0; i < size(shape); i++) {
    const c = coordsOf(i, shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const j = flatOf(c, kept);
    acc[j] = combine(acc[j], x[i]);
  }
  const n = axes.reduce((p, a) => p * shape[a], 1);
  const outShape = keepDims ? kept : shape.filter((_, i) => !axes.includes(i));
  return { shape: outShape, values: acc.map((a) => finish(a, n)) };
}

/** C = op(A)·op(B) from the definition C[i][j] = Σ_p op(A)[i][p]·op(B)[p][j]. */
export function refMatmul(a: ArrayLike<number>, as: readonly number[], b: ArrayLike<number>, bs: readonly number[],
  transA: boolean, transB: boolean): { shape: number[]; values: number[] } {
  const A = (i: number, p: number) => (transA ? a[p * as[1] + i] : a[i * as[1] + p]);
  const B = (p: number, j: number) => (transB ? b[j * bs[1] + p] : b[p * bs[1] + j]);
  const m = transA ? as[1] : as[0];
  const k = transA ? as[0] : as[1];
  const n = transB ? bs[0] : bs[1];
  const values: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
      values.push(s);
    }
  }
  return { shape: [m, n], values };
}

/** y = x with axes permuted: y.shape[i] = x.shape[perm[i]], y[c] = x[c'] with c'[perm[i]] = c[i]. */
export function refTranspose(x: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): { shape: number[]; values: number[] } {
  const out = perm.map((p) => shape[p]);
  const values = Array.from({ length: size(out) }, (_, i) => {
    const c = coordsOf(i, out);
    const src = new Array<number>(shape.length);
    perm.forEach((p, k) => (src[p] = c[k]));
    return x[flatOf(src, shape)];
  });
  return { shape: out, values };
}

/** The block starting at `begin` with extent `extent` (no −1 here). */
export function refSlice(x: ArrayLike<number>, shape: readonly number[], begin: readonly number[], extent: readonly number[]): number[] {
  return Array.from({ length: size(extent) }, (_, i) => {
    const c = coordsOf(i, extent).map((v, d) => v + begin[d]);
    return x[flatOf(c, shape)];
  });
}

/** Concatenation along `axis` of parts (values + shapes). */
export function refConcat(parts: { values: ArrayLike<number>; shape: readonly number[] }[], axis: number): { shape: number[]; values: number[] } {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const values = Array.from({ length: size(shape) }, (_, i) => {
    const c = coordsOf(i, shape);
    let k = 0;
    let at = c[axis];
    while (at >= parts[k].shape[axis]) at -= parts[k++].shape[axis];
    const src = [...c];
    src[axis] = at;
    return parts[k].values[flatOf(src, parts[k].shape)];
  });
  return { shape, values };
}

/** y[…, j, …] = x[…, indices[j], …] along `axis`. */
export function refGather(x: ArrayLike<number>, shape: readonly number[], indices: readonly number[], axis: number): { shape: number[]; values: number[] } {
  const out = shape.map((d, i) => (i === axis ? indices.length : d));
  const values = Array.from({ length: size(out) }, (_, i) => {
    const c = coordsOf(i, out);
    c[axis] = indices[c[axis]];
    return x[flatOf(c, shape)];
  });
  return { shape: out, values };
}

/** log softmax along `axis`, computed per line in plain float64 with the max subtracted. */
export function refLogSoftmax(x: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const out = new Array<number>(size(shape));
  const lineShape = shape.map((d, i) => (i === axis ? 1 : d));
  for (let l = 0; l < size(lineShape); l++) {
    const base = coordsOf(l, lineShape);
    const idx = Array.from({ length: shape[axis] }, (_, j) => {
      const c = [...base];
      c[axis] = j;
      return flatOf(c, shape);
    });
    const m = Math.max(...idx.map((i) => x[i]));
    const lse = Math.log(idx.reduce((s, i) => s + Math.exp(x[i] - m), 0));
    for (const i of idx) out[i] = x[i] - m - lse;
  }
  return out;
}
