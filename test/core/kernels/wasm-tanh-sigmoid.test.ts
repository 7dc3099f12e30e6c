import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UnaryKind } from "../../../src/core/kernels/kernels.js";
import { unaryForward } from "../../../src/core/kernels/reference/index.js";
import { backendWithArrays, ulp32, variants } from "./helpers.js";

/**
 * The edges of the fast tanh and sigmoid kernels (assembly/activations.ts Tanh, assembly/vexp.ts
 * vsigmoid) that the general ≤ 4 ulp sweep of wasm-unary.test.ts does not pin down: tanh's
 * sign symmetry and exactness at tiny |x|, its two formulas meeting at |x| = 0.5 and its clamp
 * at 9; sigmoid at ±0 and ±Inf, and its subnormal outputs, which must be rounded once.
 */

/** The float32 next to v towards +Inf (steps = 1) or −Inf (steps = −1), v > 0. */
function nextFloat(v: number, steps: number): number {
  const bits = new Uint32Array(Float32Array.of(v).buffer);
  bits[0] += steps;
  return new Float32Array(bits.buffer)[0];
}

/** kind applied by the wasm kernel of `variant` to xs. */
function run(variant: "simd" | "relaxed-simd", kind: UnaryKind, xs: ArrayLike<number>): Float32Array {
  const { backend, array } = backendWithArrays(variant);
  const x = array(xs), y = array(xs.length);
  backend.kernels.unary(kind, x.view(), y.view(), 0);
  return Float32Array.from(y.view());
}

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} tanh and sigmoid at their edges`, { skip }, () => {
    it("tanh is odd bit for bit and returns x itself for |x| ≤ 2^-12, subnormals and ±0 included", () => {
      const tiny = [0, 1.4e-45, 1e-40, 1.1754944e-38, 1e-30, 1e-10, 1e-6, 2 ** -13, 2 ** -12];
      const wide = Array.from({ length: 2001 }, (_, i) => (i / 2000) * 12);
      const xs = [...tiny, ...wide];
      const pos = run(variant, "tanh", xs), neg = run(variant, "tanh", xs.map((v) => -v));
      for (let i = 0; i < xs.length; i++) {
        assert.ok(Object.is(neg[i], -pos[i]), `tanh(−${xs[i]}) = ${neg[i]}, −tanh(${xs[i]}) = ${-pos[i]}`);
      }
      for (let i = 0; i < tiny.length; i++) assert.ok(Object.is(pos[i], Math.fround(tiny[i])), `tanh(${tiny[i]}) = ${pos[i]}`);
      assert.ok(Object.is(neg[0], -0), "tanh(−0) = −0");
    });

    it("tanh's two formulas meet at |x| = 0.5 and its clamp at 9 within 2 ulp, ±Inf gives ±1 within 1 ulp", () => {
      const xs = [0.5, 9].flatMap((c) => [-3, -2, -1, 0, 1, 2, 3].map((k) => nextFloat(c, k)));
      const ys = run(variant, "tanh", xs);
      for (let i = 0; i < xs.length; i++) {
        const exact = Math.tanh(xs[i]);
        const err = Math.abs(ys[i] - exact) / ulp32(exact);
        assert.ok(err <= 2, `tanh(${xs[i]}) = ${ys[i]}, exact ${exact}: ${err.toFixed(2)} ulp`);
      }
      const inf = run(variant, "tanh", [Infinity, -Infinity]);
      assert.ok(Math.abs(inf[0] - 1) <= 2 ** -24 && inf[1] === -inf[0], `tanh(±Inf) = ${inf[0]}, ${inf[1]}`);
    });

    it("sigmoid(±0) = ½, sigmoid(+Inf) = 1, sigmoid(−Inf) = 0, NaN stays NaN", () => {
      const ys = run(variant, "sigmoid", [0, -0, Infinity, -Infinity, NaN]);
      assert.deepEqual(Array.from(ys.subarray(0, 4)), [0.5, 0.5, 1, 0]);
      assert.ok(Number.isNaN(ys[4]));
    });

    it("sigmoid's subnormal outputs (x from −87.4 to −103.9) are within 2^-149 of the exact value (0.75 measured; a second rounding could add ½)", () => {
      const xs = Array.from({ length: 4001 }, (_, i) => -87.4 - (16.5 * i) / 4000);
      const ys = run(variant, "sigmoid", xs);
      let worst = 0;
      for (let i = 0; i < xs.length; i++) {
        const exact = unaryForward("sigmoid", Math.fround(xs[i]), 0);
        worst = Math.max(worst, Math.abs(ys[i] - exact) / 2 ** -149);
      }
      assert.ok(worst <= 1, `worst subnormal error ${worst.toFixed(3)}·2^-149`);
    });
  });
}
