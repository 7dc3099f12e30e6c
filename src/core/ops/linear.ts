import { kernelsFor } from "../backend.js";
import { ShapeError, formatShape } from "../errors.js";
import { recordOp } from "../tape.js";
import { empty, type Tensor } from "../tensor.js";
import { checkSameDtype } from "./check.js";
import { matmulGrads } from "./matmul.js";

/**
 * A dense layer in one op: h = x·Wᵀ + b, x [batch, in], W [out, in] (nn.Linear's layout),
 * b [out] → h [batch, out]. The same numbers as add(matmul(x, W, { transB: true }), b) (the
 * product rounded, then the bias added) without the intermediate tensor. Backward: ∂x = ∂h·W,
 * ∂W = ∂hᵀ·x, ∂b = the column sums of ∂h.
 */
export function linear(x: Tensor, w: Tensor, b: Tensor): Tensor {
  checkSameDtype("linear", x, w);
  checkSameDtype("linear", x, b);
  if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1) {
    throw new ShapeError(`linear: needs x [batch, in], W [out, in] and b [out], got ${formatShape(x.shape)}, ${formatShape(w.shape)} and ${formatShape(b.shape)}`);
  }
  const [m, k] = x.shape, [n, k2] = w.shape;
  if (k !== k2 || b.shape[0] !== n) {
    throw new ShapeError(`linear: x ${formatShape(x.shape)}, W ${formatShape(w.shape)} and b ${formatShape(b.shape)} do not match (x·Wᵀ + b needs W [out, ${k}] and b [out])`);
  }
  const kernels = kernelsFor(x.dtype);
  const h = empty([m, n], x.dtype);
  kernels.matmul(x.data, w.data, h.data, m, k, n, false, true, false);
  kernels.addRowVector(h.data, b.data, h.data, m, n);
  return recordOp("linear", [x, w, b], h, (dh) => {
    const [dx, dw] = matmulGrads(x, w, dh, m, k, n, false, true);
    let db: Tensor | null = null;
    if (b.requiresGrad) {
      db = empty(b.shape, b.dtype);
      kernels.sumRows(dh.data, db.data, m, n, false);
    }
    return [dx, dw, db];
  });
}
