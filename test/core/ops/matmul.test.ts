// matmul: all four transpose combinations, gradient-checked in float64 and compared with the
// definition C[i][j] = Σ_p op(A)[i][p]·op(B)[p][j].
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, matmul, sum, transpose } from "../../../src/core/index.js";
import { assertClose, assertGradOk, assertTensor, f32, f64, randomF64 } from "../../helpers/core.js";
import { refMatmul } from "../../helpers/reference.js";

const combos = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: true },
];

/** Stored shapes of A and B for op(A) [m,k] and op(B) [k,n]. */
function stored(m: number, k: number, n: number, transA: boolean, transB: boolean): [number[], number[]] {
  return [transA ? [k, m] : [m, k], transB ? [n, k] : [k, n]];
}

/** (m, k, n): general, outer product (k = 1), a dot product (m = n = 1), a single element. */
const sizes: [number, number, number][] = [[3, 4, 2], [4, 1, 3], [1, 5, 1], [1, 1, 1], [2, 3, 5]];

describe("matmul", () => {
  for (const { transA, transB } of combos) {
    const label = `A${transA ? "ᵀ" : ""}·B${transB ? "ᵀ" : ""}`;

    test(`${label}: gradients with respect to both operands`, () => {
      const rng = new Rng(41);
      for (const [m, k, n] of sizes) {
        const [as, bs] = stored(m, k, n, transA, transB);
        const a = randomF64(rng, as), b = randomF64(rng, bs);
        assertGradOk((x, y) => matmul(x, y, { transA, transB }), [a, b], `${label} m=${m} k=${k} n=${n}`);
      }
    });

    test(`${label}: values equal the definition and the explicit transpose`, () => {
      const rng = new Rng(42);
      for (const [m, k, n] of sizes) {
        const [as, bs] = stored(m, k, n, transA, transB);
        const a = randomF64(rng, as), b = randomF64(rng, bs);
        const want = refMatmul(a.data, as, b.data, bs, transA, transB);
        const c = matmul(a, b, { transA, transB });
        assertTensor(c, want.shape, want.values, `${label} m=${m} k=${k} n=${n}`, { rel: 1e-14, abs: 1e-15 });
        const explicit = matmul(transA ? transpose(a) : a, transB ? transpose(b) : b);
        assertClose(c.data, explicit.data, `${label} vs explicit transpose`, { rel: 0 });
      }
    });
  }

  test("a gradient check with the operand used twice (A·Aᵀ)", () => {
    const a = randomF64(new Rng(43), [3, 4]);
    assertGradOk((x) => matmul(x, x, { transB: true }), [a], "A·Aᵀ");
    assertGradOk((x) => matmul(x, x, { transA: true }), [a], "Aᵀ·A");
  });

  test("only the operand that needs a gradient gets one", () => {
    const a = f64([1, 2, 3, 4], [2, 2]).trainable(), b = f64([5, 6, 7, 8], [2, 2]);
    const tape = new Tape();
    tape.backward(tape.run(() => sum(matmul(a, b))));
    // ∂Σ(AB)/∂A[i][p] = Σ_j B[p][j]
    assert.deepEqual(a.grad?.toArray(), [11, 15, 11, 15]);
    assert.equal(b.grad, null);
    tape.dispose();
  });

  test("known values, the identity, and float32 rounding", () => {
    const a = f64([1, 2, 3, 4, 5, 6], [2, 3]), b = f64([7, 8, 9, 10, 11, 12], [3, 2]);
    assertTensor(matmul(a, b), [2, 2], [58, 64, 139, 154], "2×3·3×2", { rel: 0 });
    const eye = f64([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]);
    assert.deepEqual(matmul(a, eye).toArray(), a.toArray());
    const x = f32([0.1, 0.2, 0.3], [1, 3]), y = f32([0.7, 0.11, 0.13], [3, 1]);
    const exact = x.data[0] * y.data[0] + x.data[1] * y.data[1] + x.data[2] * y.data[2];
    assert.equal(matmul(x, y).item(), Math.fround(exact), "float32: summed in float64, rounded once");
  });

  test("NaN and infinity propagate as in the plain sum of products (0·∞ = NaN)", () => {
    const a = f64([NaN, 1, 2, 3], [2, 2]), b = f64([1, 0, 0, 1], [2, 2]);
    assertClose(matmul(a, b).data, [NaN, NaN, 2, 3], "a NaN poisons its row", { rel: 0 });
    const c = f64([Infinity, 0, 1, 1], [2, 2]);
    assertClose(matmul(f64([1, 0, 0, 1], [2, 2]), c).data, [Infinity, 0, NaN, 1], "I·C with C₀₀ = ∞", { rel: 0 });
  });
});
