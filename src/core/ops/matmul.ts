import { kernelsFor } from "../backend.js";
import { ShapeError, formatShape } from "../errors.js";
import { recordOp } from "../tape.js";
import { empty, type Tensor } from "../tensor.js";
import { checkSameDtype } from "./check.js";

/** Options of matmul: use Aᵀ and/or Bᵀ without materialising the transpose. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * C = op(A)·op(B) for 2-D tensors: op(A) [m,k], op(B) [k,n] → C [m,n].
 * Backward: ∂A = ∂C·op(B)ᵀ (transposed back when transA), ∂B = op(A)ᵀ·∂C (likewise).
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  checkSameDtype("matmul", a, b);
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: needs two matrices, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [k2, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== k2) {
    throw new ShapeError(`matmul: shapes ${formatShape(a.shape)}${transA ? "ᵀ" : ""} and ${formatShape(b.shape)}${transB ? "ᵀ" : ""} do not match (inner dimensions ${k} and ${k2})`);
  }
  const c = empty([m, n], a.dtype);
  kernelsFor(a.dtype).matmul(a.data, b.data, c.data, m, k, n, transA, transB, false);
  return recordOp("matmul", [a, b], c, (dc) => matmulGrads(a, b, dc, m, k, n, transA, transB));
}

/**
 * [∂A, ∂B] of C = op(A)·op(B) (op(A) [m,k], op(B) [k,n]) from ∂C, null for an operand without
 * requiresGrad: ∂A = ∂C·op(B)ᵀ and ∂B = op(A)ᵀ·∂C, each transposed back to its operand's layout.
 */
export function matmulGrads(a: Tensor, b: Tensor, dc: Tensor, m: number, k: number, n: number, transA: boolean, transB: boolean): [Tensor | null, Tensor | null] {
  const kernels = kernelsFor(a.dtype);
  let da: Tensor | null = null;
  let db: Tensor | null = null;
  if (a.requiresGrad) {
    da = empty(a.shape, a.dtype);
    // A [m,k]: ∂A = ∂C·op(B)ᵀ; A stored [k,m]: ∂A = op(B)·∂Cᵀ.
    if (!transA) kernels.matmul(dc.data, b.data, da.data, m, n, k, false, !transB, false);
    else kernels.matmul(b.data, dc.data, da.data, k, n, m, transB, true, false);
  }
  if (b.requiresGrad) {
    db = empty(b.shape, b.dtype);
    // B [k,n]: ∂B = op(A)ᵀ·∂C; B stored [n,k]: ∂B = ∂Cᵀ·op(A).
    if (!transB) kernels.matmul(a.data, dc.data, db.data, k, m, n, !transA, false, false);
    else kernels.matmul(dc.data, a.data, db.data, n, m, k, true, transA, false);
  }
  return [da, db];
}
