// The SGD update that measures itself (axpySums): the update bit-equal to axpy, and its sums
// Σ y_before², Σ x², Σ (y_after − y_before)² within the documented 67·2⁻²⁴ of float64 sums,
// exact in float64 where f32 would overflow or underflow, non-finite exactly when a value is.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { referenceKernels } from "../../../src/core/kernels/reference/index.js";
import { backendWithArrays, fillUniform, mulberry32, variants } from "./helpers.js";

/** The documented bound on the relative error of each sum. */
const BOUND = 67 * 2 ** -24;

interface Case {
  x: Float32Array;
  y: Float32Array;
  alpha: number;
}

/** [Σ y², Σ x², Σ (y_after − y_before)²] in float64, and y_after from the reference axpy. */
function reference({ x, y, alpha }: Case): { sums: number[]; after: Float32Array } {
  const after = Float32Array.from(y);
  referenceKernels.axpy(alpha, x, after);
  let sy = 0, sx = 0, sd = 0;
  for (let i = 0; i < x.length; i++) {
    const d = after[i] - y[i];
    sy += y[i] * y[i]; sx += x[i] * x[i]; sd += d * d;
  }
  return { sums: [sy, sx, sd], after };
}

/** Relative difference, 0 when both are 0, NaN-aware (NaN only matches NaN, ±Inf only itself). */
function relative(ours: number, ref: number): number {
  if (Number.isNaN(ref) || !Number.isFinite(ref)) return Object.is(ours, ref) ? 0 : Infinity;
  if (ref === 0) return ours === 0 ? 0 : Infinity;
  return Math.abs(ours - ref) / ref;
}

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} axpySums`, { skip }, () => {
    const { backend, array } = backendWithArrays(variant);
    const kernels = backend.kernels as typeof backend.kernels & {
      axpySums(alpha: number, x: Float32Array, y: Float32Array, out: Float64Array, at: number): boolean;
    };

    /** Runs axpySums on copies in wasm memory: the update bit-equal to axpy, the sums within `bound` (relative). */
    function check(c: Case, what: string, bound = BOUND): number[] {
      const { sums: ref, after } = reference(c);
      const wx = array(c.x), wy = array(c.y);
      const out = new Float64Array(5).fill(-1);
      assert.equal(kernels.axpySums(c.alpha, wx.view(), wy.view(), out, 1), true, `${what}: ran in wasm`);
      const y = wy.view();
      for (let i = 0; i < after.length; i++) assert.ok(Object.is(y[i], after[i]), `${what}: y[${i}] ${y[i]} vs axpy's ${after[i]}`);
      assert.equal(out[0], -1, `${what}: wrote before its slot`);
      assert.equal(out[4], -1, `${what}: wrote past its slot`);
      const ours = [out[1], out[2], out[3]];
      ["Σy²", "Σx²", "Σ(Δy)²"].forEach((name, k) => {
        const r = relative(ours[k], ref[k]);
        assert.ok(r <= bound, `${what}: ${name} = ${ours[k]} vs float64 ${ref[k]} (relative ${r}, bound ${bound})`);
      });
      wx.release(); wy.release();
      return ours;
    }

    it("matches float64 sums within 67·2⁻²⁴ over many blocks, with odd tails", () => {
      const rand = mulberry32(11);
      for (const n of [0, 1, 3, 4, 255, 256, 257, 1023, 5000, 50_179]) {
        const x = new Float32Array(n), y = new Float32Array(n);
        fillUniform(x, rand, -3, 3); fillUniform(y, rand, -0.5, 0.5);
        check({ x, y, alpha: -0.01 }, `n=${n}`);
      }
    });

    it("stays within the bound on values of one sign and wide range (the worst case of f32 summation)", () => {
      const rand = mulberry32(12);
      const n = 4096, x = new Float32Array(n), y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = 2 ** (8 * rand() - 4);
        y[i] = 1 + 1e-3 * rand();
      }
      check({ x, y, alpha: -0.37 }, "positive, wide range");
    });

    it("counts a block in float64 where squares overflow f32 (|v| up to 3e38) yet every value is finite", () => {
      const rand = mulberry32(13);
      const n = 1003, x = new Float32Array(n), y = new Float32Array(n);
      fillUniform(x, rand); fillUniform(y, rand);
      x[300] = 3e38; y[301] = -2e30; x[1001] = 1e20; // two in the second block, one in the scalar tail
      const ours = check({ x, y, alpha: -1e-10 }, "huge finite values");
      assert.ok(ours.every(Number.isFinite), `finite sums: ${ours}`);
      assert.ok(ours[1] > 8.9e76, `Σx² holds (3e38)²: ${ours[1]}`);
    });

    it("keeps float64 precision where squares underflow f32 (vanishing gradients down to 1e-40)", () => {
      const rand = mulberry32(14);
      for (const scale of [1e-18, 1e-22, 1e-30, 1e-40]) {
        const n = 700, x = new Float32Array(n), y = new Float32Array(n);
        fillUniform(x, rand, scale, 2 * scale); fillUniform(y, rand, -1, 1);
        const ours = check({ x, y, alpha: -0.1 }, `gradients of size ${scale}`);
        assert.ok(ours[1] > 0, `Σx² > 0 at ${scale}`);
      }
      // A block of zeros next to a block of normal values: exact zeros stay exact.
      const x = new Float32Array(600), y = new Float32Array(600);
      fillUniform(y, rand);
      for (let i = 256; i < 600; i++) x[i] = 0.5;
      check({ x, y, alpha: -0.1 }, "zero block");
    });

    it("is NaN or +Inf exactly when a value is, wherever it sits", () => {
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of [0, 255, 256, 513, 1026]) {
          const x = new Float32Array(1027).fill(0.25), y = new Float32Array(1027).fill(-0.5);
          x[at] = bad;
          const ours = check({ x, y, alpha: -0.1 }, `x[${at}] = ${bad}`);
          assert.ok(!Number.isFinite(ours[1]) && !Number.isFinite(ours[2]), `Σx², Σ(Δy)² not finite for x[${at}] = ${bad}: ${ours}`);
          assert.ok(Number.isFinite(ours[0]), "Σy² stays finite");
          const y2 = new Float32Array(1027).fill(-0.5);
          y2[at] = bad;
          const ours2 = check({ x: new Float32Array(1027).fill(0.25), y: y2, alpha: -0.1 }, `y[${at}] = ${bad}`);
          assert.ok(!Number.isFinite(ours2[0]) && Number.isFinite(ours2[1]), `Σy² alone not finite for y[${at}] = ${bad}: ${ours2}`);
        }
      }
    });
  });
}
