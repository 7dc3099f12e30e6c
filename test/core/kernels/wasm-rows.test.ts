import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { referenceKernels } from "../../../src/core/kernels/reference/index.js";
import { backendWithArrays, fillUniform, mulberry32, variants } from "./helpers.js";

/** addRowVector (one f32 add), sumRows (f64 sums in row order) and axpy (f64 multiply-add) are bit-equal to the reference. */
function assertBitEqual(ours: Float32Array, ref: Float32Array, what: string): void {
  for (let i = 0; i < ref.length; i++) assert.ok(Object.is(ours[i], ref[i]), `${what} [${i}]: ${ours[i]} vs ${ref[i]}`);
}

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} row kernels equal the reference bit for bit`, { skip }, () => {
    const shapes: [number, number][] = [[1, 1], [1, 3], [3, 1], [5, 7], [17, 33], [128, 256], [33, 127], [4, 8], [2, 9]];

    it("addRowVector, also in place", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(1);
      for (const [rows, cols] of shapes) {
        const x = new Float32Array(rows * cols), b = new Float32Array(cols);
        fillUniform(x, rand, -10, 10); fillUniform(b, rand, -10, 10);
        const ref = new Float32Array(rows * cols);
        referenceKernels.addRowVector(x, b, ref, rows, cols);
        const wx = array(x), wb = array(b), wy = array(rows * cols);
        backend.kernels.addRowVector(wx.view(), wb.view(), wy.view(), rows, cols);
        assertBitEqual(wy.view(), ref, `addRowVector ${rows}x${cols}`);
        backend.kernels.addRowVector(wx.view(), wb.view(), wx.view(), rows, cols);
        assertBitEqual(wx.view(), ref, `addRowVector in place ${rows}x${cols}`);
      }
    });

    it("sumRows with accumulate off and on", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(2);
      for (const [rows, cols] of shapes) for (const accumulate of [false, true]) {
        const x = new Float32Array(rows * cols), out0 = new Float32Array(cols);
        fillUniform(x, rand); fillUniform(out0, rand);
        const ref = Float32Array.from(out0);
        referenceKernels.sumRows(x, ref, rows, cols, accumulate);
        const wout = array(out0);
        backend.kernels.sumRows(array(x).view(), wout.view(), rows, cols, accumulate);
        assertBitEqual(wout.view(), ref, `sumRows ${rows}x${cols} acc=${accumulate}`);
      }
    });

    it("axpy on odd lengths", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(3);
      for (const n of [0, 1, 3, 4, 5, 17, 1000, 1001]) {
        const x = new Float32Array(n), y0 = new Float32Array(n);
        fillUniform(x, rand); fillUniform(y0, rand);
        const ref = Float32Array.from(y0);
        referenceKernels.axpy(-0.0137, x, ref);
        const wy = array(y0);
        backend.kernels.axpy(-0.0137, array(x).view(), wy.view());
        assertBitEqual(wy.view(), ref, `axpy n=${n}`);
      }
    });

    it("falls back to the reference for float64, JavaScript-heap and mixed arrays", () => {
      const { backend, array } = backendWithArrays(variant);
      const rand = mulberry32(4);
      const [m, k, n] = [3, 5, 4];
      const a64 = backend.allocator.allocate("float64", m * k).view(); // float64 in wasm memory
      const b64 = new Float64Array(k * n); // float64 on the heap
      fillUniform(a64, rand); fillUniform(b64, rand);
      const c64 = new Float64Array(m * n), ref64 = new Float64Array(m * n);
      backend.kernels.matmul(a64, b64, c64, m, k, n, false, false, false);
      referenceKernels.matmul(a64, b64, ref64, m, k, n, false, false, false);
      assert.deepEqual(c64, ref64);
      // float32 on the heap mixed with float32 in wasm memory
      const heapA = Float32Array.from(a64), wb = array(Float32Array.from(b64));
      const c32 = new Float32Array(m * n), ref32 = new Float32Array(m * n);
      backend.kernels.matmul(heapA, wb.view(), c32, m, k, n, false, false, false);
      referenceKernels.matmul(heapA, Float32Array.from(b64), ref32, m, k, n, false, false, false);
      assert.deepEqual(c32, ref32);
      const y = new Float64Array(5);
      backend.kernels.unary("tanh", Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]), y, 0);
      assert.deepEqual(y, Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5].map(Math.tanh)));
    });

    it("rejects arrays shorter than the shape instead of touching other memory", () => {
      const { backend, array } = backendWithArrays(variant);
      assert.throws(() => backend.kernels.matmul(array(5).view(), array(6).view(), array(6).view(), 2, 3, 2, false, false, false), RangeError);
      assert.throws(() => backend.kernels.unary("exp", array(8).view(), array(7).view(), 0), RangeError);
      assert.throws(() => backend.kernels.sumRows(array(6).view(), array(2).view(), 2, 3, false), RangeError);
    });
  });
}
