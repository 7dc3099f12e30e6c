import type { FloatArray } from "../dtype.js";

/** Elementwise functions y = f(x; alpha) that a kernel set evaluates; the table in unary-functions.ts defines each. */
export type UnaryKind =
  | "identity" | "neg" | "exp" | "log" | "sqrt" | "abs" | "square" | "reciprocal"
  | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "elu" | "selu" | "gelu" | "silu"
  | "softplus" | "hardTanh";

/**
 * The hot numeric loops, all on flat row-major arrays of one dtype. The reference set
 * (plain TypeScript) is the definition; a fast set must agree with it within a stated
 * tolerance. No kernel allocates: outputs are passed in. `alpha` is the parameter of
 * leakyRelu (negative slope) and elu (scale of the negative part); other kinds ignore it.
 */
export interface Kernels {
  /** Name of this kernel set, e.g. "reference", "wasm-simd", "wasm-relaxed-simd". */
  readonly name: string;
  /**
   * C[m,n] (+)= op(A)·op(B), op(A) [m,k], op(B) [k,n]; A is stored [m,k] or, when transA,
   * [k,m]; B is stored [k,n] or, when transB, [n,k]. With accumulate false C is overwritten.
   */
  matmul(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number,
    transA: boolean, transB: boolean, accumulate: boolean): void;
  /** y[i] = f(x[i]); y may alias x. */
  unary(kind: UnaryKind, x: FloatArray, y: FloatArray, alpha: number): void;
  /** dx[i] = dy[i]·f'(x[i]), where the derivative may read the saved output y[i] = f(x[i]). */
  unaryBackward(kind: UnaryKind, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, alpha: number): void;
  /** y[r,c] = x[r,c] + b[c] for a [rows, cols] matrix and a bias of length cols; y may alias x. */
  addRowVector(x: FloatArray, b: FloatArray, y: FloatArray, rows: number, cols: number): void;
  /** out[c] (+)= Σ_r x[r,c]: column sums of a [rows, cols] matrix (the bias gradient). */
  sumRows(x: FloatArray, out: FloatArray, rows: number, cols: number, accumulate: boolean): void;
  /** y[i] += alpha·x[i] (the SGD update and gradient accumulation). */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
}
