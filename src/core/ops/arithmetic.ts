import { kernelsFor } from "../backend.js";
import { broadcastShapes } from "../shape.js";
import { recordOp } from "../tape.js";
import { empty, full, zeros, type Tensor } from "../tensor.js";
import { broadcastMap, sumToShape } from "./broadcast.js";
import { checkSameDtype } from "./check.js";

/** A tensor operand or a plain number (taken as a scalar of the other operand's dtype). */
export type Operand = Tensor | number;

function lift(x: Operand, like: Tensor): Tensor {
  return typeof x === "number" ? full([], x, like.dtype) : x;
}

/** ∂f/∂x or ∂f/∂y of a binary function at (x, y). */
type Partial = (x: number, y: number) => number;

/** The gradient of one operand: sumTo(∂z ⊙ ∂f/∂operand) over the broadcast axes (a fresh tensor). */
function operandGrad(a: Tensor, b: Tensor, shape: readonly number[], dz: Tensor, partial: Partial | 1 | -1, target: Tensor): Tensor {
  const g = zeros(shape, a.dtype);
  const gd = g.data, dzd = dz.data;
  if (partial === 1) gd.set(dzd);
  else if (partial === -1) for (let i = 0; i < gd.length; i++) gd[i] = -dzd[i];
  else {
    let i = 0;
    broadcastMap(a.data, a.shape, b.data, b.shape, gd, shape, (u, v) => dzd[i++] * partial(u, v));
  }
  if (g.shape.length === target.shape.length && g.shape.every((d, k) => d === target.shape[k])) return g;
  const reduced = sumToShape(g, target.shape);
  g.dispose();
  return reduced;
}

/**
 * A broadcasting binary op z = f(x, y) with backward ∂x = sumTo(∂z·∂f/∂x), ∂y = sumTo(∂z·∂f/∂y);
 * a partial given as ±1 is a constant (add, sub) and skips the per-element call.
 */
function binary(name: string, f: (x: number, y: number) => number, dfx: Partial | 1 | -1, dfy: Partial | 1 | -1) {
  return (x: Operand, y: Operand): Tensor => {
    const a = typeof x === "number" ? lift(x, y as Tensor) : x;
    const b = lift(y, a);
    checkSameDtype(name, a, b);
    const shape = broadcastShapes(name, a.shape, b.shape);
    const z = zeros(shape, a.dtype);
    broadcastMap(a.data, a.shape, b.data, b.shape, z.data, shape, f);
    const out = recordOp(name, [a, b], z, (dz) => [
      a.requiresGrad ? operandGrad(a, b, shape, dz, dfx, a) : null,
      b.requiresGrad ? operandGrad(a, b, shape, dz, dfy, b) : null,
    ]);
    if (out.node === null) disposeLifted([a, b], [x, y]);
    return out;
  };
}

/** Releases the scalar tensors made from number operands once no tape needs them. */
function disposeLifted(tensors: Tensor[], operands: Operand[]): void {
  tensors.forEach((t, i) => {
    if (typeof operands[i] === "number") t.dispose();
  });
}

/** x + y with broadcasting. A [rows, cols] + [cols] bias runs on the backend's addRowVector kernel. */
export function add(x: Operand, y: Operand): Tensor {
  if (typeof x !== "number" && typeof y !== "number" && x.rank === 2 && y.rank === 1 && y.shape[0] === x.shape[1] && x.dtype === y.dtype) {
    return addBias(x, y);
  }
  return addGeneric(x, y);
}

const addGeneric = binary("add", (x, y) => x + y, 1, 1);

/** h = x + b, x [rows, cols], b [cols]; ∂b = column sums of ∂h. */
function addBias(x: Tensor, b: Tensor): Tensor {
  const [rows, cols] = x.shape;
  const kernels = kernelsFor(x.dtype);
  const h = empty(x.shape, x.dtype);
  kernels.addRowVector(x.data, b.data, h.data, rows, cols);
  return recordOp("add", [x, b], h, (dh) => {
    let dx: Tensor | null = null;
    let db: Tensor | null = null;
    // NOTE: ∂x = ∂h itself; the tape copies it only where x's gradient could be added to.
    if (x.requiresGrad) dx = dh;
    if (b.requiresGrad) {
      db = empty(b.shape, b.dtype);
      kernels.sumRows(dh.data, db.data, rows, cols, false);
    }
    return [dx, db];
  });
}

/** x − y with broadcasting. */
export const sub = binary("sub", (x, y) => x - y, 1, -1);
/** x · y elementwise with broadcasting. */
export const mul = binary("mul", (x, y) => x * y, (_x, y) => y, (x) => x);
/** x / y elementwise with broadcasting; ∂y = −x/y². */
export const div = binary("div", (x, y) => x / y, (_x, y) => 1 / y, (x, y) => -x / (y * y));
/** max(x, y) elementwise; NaN on either side gives NaN; at ties the gradient is split in halves, as PyTorch does. */
export const maximum = binary("maximum", (x, y) => (x >= y || Number.isNaN(x) ? x : y), (x, y) => (x === y ? 0.5 : x > y ? 1 : 0), (x, y) => (x === y ? 0.5 : x > y ? 0 : 1));
/** min(x, y) elementwise; NaN on either side gives NaN; at ties the gradient is split in halves. */
export const minimum = binary("minimum", (x, y) => (x <= y || Number.isNaN(x) ? x : y), (x, y) => (x === y ? 0.5 : x < y ? 1 : 0), (x, y) => (x === y ? 0.5 : x < y ? 0 : 1));

/**
 * where(cond, x, y): x where cond ≠ 0, else y (broadcasting all three). ∂x = ∂z·[cond ≠ 0],
 * ∂y = ∂z·[cond = 0]; cond gets no gradient. A NaN in the branch not taken does not leak.
 */
export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  const a = typeof x === "number" ? lift(x, cond) : x;
  const b = lift(y, a);
  checkSameDtype("where", a, b);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, a.shape), b.shape);
  const c = expandTo(cond, shape), av = expandTo(a, shape), bv = expandTo(b, shape);
  const z = zeros(shape, a.dtype);
  const zd = z.data, cd = c.data, ad = av.data, bd = bv.data;
  for (let i = 0; i < zd.length; i++) zd[i] = cd[i] !== 0 ? ad[i] : bd[i];
  av.dispose();
  bv.dispose();
  const out = recordOp("where", [a, b], z, (dz) => {
    const ga = zeros(shape, a.dtype), gb = zeros(shape, a.dtype);
    const gad = ga.data, gbd = gb.data, dzd = dz.data, cm = c.data;
    for (let i = 0; i < dzd.length; i++) {
      if (cm[i] !== 0) gad[i] = dzd[i];
      else gbd[i] = dzd[i];
    }
    const da = a.requiresGrad ? sumToShape(ga, a.shape) : null;
    const db = b.requiresGrad ? sumToShape(gb, b.shape) : null;
    ga.dispose();
    gb.dispose();
    return [da, db];
  });
  if (out.node === null) {
    c.dispose();
    disposeLifted([a, b], [x, y]);
  }
  return out;
}

/** A copy of t broadcast to `shape` (no gradient link). */
function expandTo(t: Tensor, shape: readonly number[]): Tensor {
  const out = zeros(shape, t.dtype);
  broadcastMap(t.data, t.shape, t.data, t.shape, out.data, shape, (u) => u);
  return out;
}
