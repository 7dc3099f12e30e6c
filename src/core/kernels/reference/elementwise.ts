import type { FloatArray } from "../../dtype.js";
import type { UnaryKind } from "../kernels.js";
import { unaryFunctions } from "./unary-functions.js";

/** y[i] = f(x[i]; alpha), computed in float64 and rounded into y (y may alias x). */
export function referenceUnary(kind: UnaryKind, x: FloatArray, y: FloatArray, alpha: number): void {
  const { f } = unaryFunctions[kind];
  for (let i = 0; i < x.length; i++) y[i] = f(x[i], alpha);
}

/** dx[i] = dy[i]·f'(x[i]), where f' may read the saved output y[i] (dx may alias dy). */
export function referenceUnaryBackward(kind: UnaryKind, x: FloatArray, y: FloatArray, dy: FloatArray,
  dx: FloatArray, alpha: number): void {
  const { df } = unaryFunctions[kind];
  for (let i = 0; i < x.length; i++) dx[i] = dy[i] * df(x[i], y[i], alpha);
}

/** y[r,c] = x[r,c] + b[c] for x [rows, cols] and b [cols]. */
export function referenceAddRowVector(x: FloatArray, b: FloatArray, y: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) y[o + c] = x[o + c] + b[c];
  }
}

/** out[c] (+)= Σ_r x[r,c] for x [rows, cols], summed in float64 over r in order, rounded once. */
export function referenceSumRows(x: FloatArray, out: FloatArray, rows: number, cols: number, accumulate: boolean): void {
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * cols + c];
    out[c] = accumulate ? out[c] + s : s;
  }
}

/** y[i] += alpha·x[i], in float64 then rounded. */
export function referenceAxpy(alpha: number, x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}
