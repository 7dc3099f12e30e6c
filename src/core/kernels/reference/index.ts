import type { Kernels } from "../kernels.js";
import { referenceAddRowVector, referenceAxpy, referenceSumRows, referenceUnary, referenceUnaryBackward } from "./elementwise.js";
import { referenceMatmul } from "./matmul.js";

export { erf, erfc, normalTail } from "./erf.js";
export { unaryDerivative, unaryForward, unaryFunctions } from "./unary-functions.js";

/**
 * The plain TypeScript kernel set, generic over float32 and float64 arrays: every value is
 * computed in float64 and rounded once into the output. This is the definition the fast
 * kernels are tested against.
 *
 * @example
 * referenceKernels.matmul(a, b, c, m, k, n, false, false, false); // c[m,n] = a[m,k]·b[k,n]
 */
export const referenceKernels: Kernels = {
  name: "reference",
  matmul: referenceMatmul,
  unary: referenceUnary,
  unaryBackward: referenceUnaryBackward,
  addRowVector: referenceAddRowVector,
  sumRows: referenceSumRows,
  axpy: referenceAxpy,
};
