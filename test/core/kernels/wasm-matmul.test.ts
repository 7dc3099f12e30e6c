import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { referenceKernels } from "../../../src/core/kernels/reference/index.js";
import { backendWithArrays, fillUniform, mulberry32, variants } from "./helpers.js";

const U = 2 ** -24; // float32 unit roundoff

/**
 * Tolerance of one entry of C: |ours − ref| ≤ min(1e-5, (k+2)·u)·(Σ_p |a_ip·b_pj| + |c_old|) + 2^-149.
 * (k+2)·u bounds any float32 summation order (with or without FMA) rigorously; 1e-5 is the
 * stricter bound that random data must also meet for k > 165.
 */
function matmulTolerance(absSum: number, cOld: number, k: number): number {
  return Math.min(1e-5, (k + 2) * U) * (absSum + Math.abs(cOld)) + 2 ** -149;
}

/** Sizes around the 6×8 micro-tile: every remainder of m mod 6 (edge tiles of 1–5 rows) and whole tiles. */
const SIZES = [1, 3, 4, 5, 6, 8, 12, 17, 33, 127];
/** Shapes that cross the kernel's blocking: k > 256 (KC), m > 192 (MC), n > 512 (NC). */
const BIG: [number, number, number][] = [[200, 300, 37], [9, 513, 520], [128, 784, 64]];

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} matmul equals the reference`, { skip }, () => {
    it("on random shapes with odd sizes, all transpose combinations, accumulate on and off", (t) => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(12345);
      const shapes: [number, number, number][] = [...BIG];
      const pick = (): number => SIZES[Math.floor(rand() * SIZES.length)];
      for (let i = 0; i < 40; i++) shapes.push([pick(), pick(), pick()]);
      let worst = 0;
      for (const [m, k, n] of shapes) {
        for (const transA of [false, true]) for (const transB of [false, true]) for (const accumulate of [false, true]) {
          const a = new Float32Array(m * k), b = new Float32Array(k * n), c0 = new Float32Array(m * n);
          fillUniform(a, rand); fillUniform(b, rand); fillUniform(c0, rand);
          const ref = Float32Array.from(c0);
          referenceKernels.matmul(a, b, ref, m, k, n, transA, transB, accumulate);
          const absSum = new Float64Array(m * n);
          referenceKernels.matmul(a.map(Math.abs), b.map(Math.abs), absSum, m, k, n, transA, transB, false);
          const wa = array(a), wb = array(b), wc = array(c0);
          backend.kernels.matmul(wa.view(), wb.view(), wc.view(), m, k, n, transA, transB, accumulate);
          const c = wc.view();
          for (let i = 0; i < m * n; i++) {
            const scale = absSum[i] + (accumulate ? Math.abs(c0[i]) : 0);
            const err = Math.abs(c[i] - ref[i]);
            worst = Math.max(worst, err / scale);
            if (!(err <= matmulTolerance(absSum[i], accumulate ? c0[i] : 0, k))) {
              assert.fail(`${m}x${k}x${n} tA=${transA} tB=${transB} acc=${accumulate} [${i}]: ${c[i]} vs ${ref[i]}`);
            }
          }
          wa.release(); wb.release(); wc.release();
        }
      }
      t.diagnostic(`${variant} matmul: max |ours − ref| / (Σ|a·b| + |c_old|) = ${worst.toExponential(2)}`);
      assert.equal(backend.allocator.bytesInUse(), 0);
    });

    it("works on unaligned subarray views and writes nothing outside C", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(99);
      const [m, k, n] = [7, 13, 11];
      const big = array(1000);
      const all = big.view();
      fillUniform(all, rand);
      const before = Float32Array.from(all);
      // A at element 1, B at element 201, C at element 503 (byte offsets not multiples of 16)
      const a = all.subarray(1, 1 + m * k), b = all.subarray(201, 201 + k * n), c = all.subarray(503, 503 + m * n);
      const ref = new Float32Array(m * n);
      referenceKernels.matmul(Float32Array.from(a), Float32Array.from(b), ref, m, k, n, true, false, false);
      backend.kernels.matmul(a, b, c, m, k, n, true, false, false);
      for (let i = 0; i < m * n; i++) assert.ok(Math.abs(c[i] - ref[i]) <= 1e-5 * k, `C[${i}]`);
      for (let i = 0; i < all.length; i++) {
        if (i < 503 || i >= 503 + m * n) assert.equal(all[i], before[i], `element ${i} outside C changed`);
      }
    });

    it("k = 0 zeroes C (or leaves it when accumulating); m = 0 or n = 0 does nothing", () => {
      const { backend, array } = backendWithArrays(variant);
      const c = array([1, 2, 3, 4, 5, 6]);
      const empty = array(0);
      backend.kernels.matmul(empty.view(), empty.view(), c.view(), 2, 0, 3, false, false, true);
      assert.deepEqual(Array.from(c.view()), [1, 2, 3, 4, 5, 6]);
      backend.kernels.matmul(empty.view(), array(15).view(), c.view(), 0, 5, 3, false, false, false);
      assert.deepEqual(Array.from(c.view()), [1, 2, 3, 4, 5, 6]);
      backend.kernels.matmul(empty.view(), empty.view(), c.view(), 2, 0, 3, false, false, false);
      assert.deepEqual(Array.from(c.view()), [0, 0, 0, 0, 0, 0]);
    });

    it("NaN and ±Inf propagate as in the reference", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(5);
      const [m, k, n] = [9, 6, 10];
      const a = new Float32Array(m * k), b = new Float32Array(k * n);
      fillUniform(a, rand); fillUniform(b, rand);
      a[2 * k + 3] = NaN; // row 2 of C becomes NaN
      b[1 * n + 4] = Infinity; // column 4 becomes ±Inf (or NaN in row 2)
      b[5 * n + 7] = -Infinity;
      a[5 * k + 5] = 0; // 0·(−Inf) = NaN at C[5,7]
      const ref = new Float32Array(m * n);
      referenceKernels.matmul(a, b, ref, m, k, n, false, false, false);
      const wc = array(m * n);
      backend.kernels.matmul(array(a).view(), array(b).view(), wc.view(), m, k, n, false, false, false);
      const c = wc.view();
      for (let i = 0; i < m * n; i++) {
        if (Number.isNaN(ref[i]) || !Number.isFinite(ref[i])) assert.ok(Object.is(c[i], ref[i]), `C[${i}] = ${c[i]}, ref ${ref[i]}`);
      }
      assert.ok(Number.isNaN(c[5 * n + 7]) && Number.isNaN(c[2 * n]));
    });
  });
}
