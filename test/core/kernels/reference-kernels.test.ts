import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { referenceKernels } from "../../../src/core/kernels/reference/index.js";
import { fillUniform, mulberry32 } from "./helpers.js";

/** op(X)[i,j] of a row-major array: X is stored [rows, cols], or transposed [cols, rows] when trans. */
function at(x: ArrayLike<number>, i: number, j: number, rows: number, cols: number, trans: boolean): number {
  return trans ? x[j * rows + i] : x[i * cols + j];
}

describe("reference kernels", () => {
  it("matmul equals the textbook triple sum for every transpose combination, both dtypes", () => {
    const rand = mulberry32(7);
    for (const Array_ of [Float64Array, Float32Array]) {
      for (const [m, k, n] of [[1, 1, 1], [3, 5, 2], [4, 7, 9]]) {
        for (const transA of [false, true]) for (const transB of [false, true]) for (const accumulate of [false, true]) {
          const a = new Array_(m * k), b = new Array_(k * n), c = new Array_(m * n);
          fillUniform(a, rand); fillUniform(b, rand); fillUniform(c, rand);
          const c0 = Array.from(c);
          referenceKernels.matmul(a, b, c, m, k, n, transA, transB, accumulate);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
            let s = accumulate ? c0[i * n + j] : 0;
            for (let p = 0; p < k; p++) s += at(a, i, p, m, k, transA) * at(b, p, j, k, n, transB);
            const tol = Array_ === Float64Array ? 1e-14 : 1e-6;
            assert.ok(Math.abs(c[i * n + j] - s) <= tol, `${m}x${k}x${n} tA=${transA} tB=${transB} acc=${accumulate}`);
          }
        }
      }
    }
  });

  it("matmul with k = 0 writes zeros, or leaves C when accumulating", () => {
    const c = new Float64Array([1, 2, 3, 4]);
    referenceKernels.matmul(new Float64Array(0), new Float64Array(0), c, 2, 0, 2, false, false, true);
    assert.deepEqual(Array.from(c), [1, 2, 3, 4]);
    referenceKernels.matmul(new Float64Array(0), new Float64Array(0), c, 2, 0, 2, false, false, false);
    assert.deepEqual(Array.from(c), [0, 0, 0, 0]);
  });

  it("addRowVector, sumRows and axpy on a small example", () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]); // [2, 3]
    const y = new Float64Array(6);
    referenceKernels.addRowVector(x, new Float64Array([10, 20, 30]), y, 2, 3);
    assert.deepEqual(Array.from(y), [11, 22, 33, 14, 25, 36]);
    const out = new Float64Array([1, 1, 1]);
    referenceKernels.sumRows(x, out, 2, 3, false);
    assert.deepEqual(Array.from(out), [5, 7, 9]);
    referenceKernels.sumRows(x, out, 2, 3, true);
    assert.deepEqual(Array.from(out), [10, 14, 18]);
    const z = new Float64Array([1, 1, 1, 1, 1, 1]);
    referenceKernels.axpy(-0.5, x, z);
    assert.deepEqual(Array.from(z), [0.5, 0, -0.5, -1, -1.5, -2]);
  });

  it("unary may run in place (y aliases x)", () => {
    const x = new Float32Array([-1, 0, 2]);
    referenceKernels.unary("relu", x, x, 0);
    assert.deepEqual(Array.from(x), [0, 0, 2]);
  });
});
