import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UnaryKind } from "../../../src/core/kernels/kernels.js";
import { referenceKernels, unaryDerivative, unaryForward } from "../../../src/core/kernels/reference/index.js";
import { alphaFor, backendWithArrays, mulberry32, ulp32, UNARY_KINDS, variants } from "./helpers.js";

/**
 * Tolerances, in float32 ulps of the exact float64 value (ulp = 2^-149 in the subnormal range):
 * - forward: |ours − exact| ≤ 4 ulp(exact); kinds that are a single IEEE operation are bit-equal.
 * - backward: |ours − exact| ≤ 4 ulp(exact) + |dy|·(4·2^-149 + A·2^-24), where A = 4 for silu
 *   and gelu, whose derivatives cross zero (near x ≈ −1.28 and −0.75 the float32 evaluation of
 *   σ(x)(1 + x(1 − σ(x))) cancels, so the error is absolute there) and A = 0 for every other kind.
 * Measured forward maxima over every one of the 2^32 float32 (bench/unary-ulp.js, plain and
 * relaxed builds bit-identical, no NaN/Inf mismatch): tanh 1.499 ulp (at 3.4653), sigmoid
 * 2.402 (at −4.1573), silu 2.834 (at −5.0931), softplus 1.648 (at −1.2651), elu 1.039 (alpha 1,
 * at −0.28672), selu 1.959 (at −0.15260), gelu 1.328 (at −1.8608); exp 0.93 and log 0.84 over
 * every 37th bit pattern. Backward, on this file's sweep: ≤ 3.0 ulp; silu' ≤ 3.9·2^-24·|dy| and
 * gelu' ≤ 1.1·2^-24·|dy| absolute. The fast kernels' edges: wasm-tanh-sigmoid, wasm-fast-activations.
 */
const ULPS = 4;
const BIT_EXACT_FORWARD = new Set<UnaryKind>(["identity", "neg", "abs", "sqrt", "square", "reciprocal", "relu", "hardTanh"]);
const CANCELLING_BACKWARD = new Set<UnaryKind>(["silu", "gelu"]);

/** Edge values: zeros, subnormals, the exp over/underflow thresholds, softplus's threshold, huge values, ±Inf, NaN. */
const EDGE = ((): number[] => {
  const mags = [0, 1.4e-45, 1e-40, 1.1754944e-38, 1e-30, 1e-10, 1e-4, 0.25, 0.5, 0.75, 1, 1.5, 2, 5, 9, 10, 17.33,
    20, 20.5, 30, 87.3, 88, 88.72, 89, 100, 103.9, 104, 105, 111.9, 112, 113, 120, 1e4, 1e10, 3.4e38, Infinity];
  return [...mags, ...mags.map((m) => -m), NaN];
})();

/** A dense sweep over [−30, 30], random points over [−120, 120], and log-uniform magnitudes 1e-45…1e38. */
function sweep(): Float32Array {
  const rand = mulberry32(2024);
  const xs: number[] = [...EDGE];
  for (let i = 0; i <= 120000; i++) xs.push(-30 + (60 * i) / 120000);
  for (let i = 0; i < 20000; i++) xs.push(-120 + 240 * rand());
  for (let i = 0; i < 20000; i++) xs.push((rand() < 0.5 ? -1 : 1) * 10 ** (-45 + 83 * rand()));
  return Float32Array.from(xs);
}

/** Equal NaN-ness and, for infinite or overflowing values, identical results; else within `tol`. */
function checkValue(ours: number, ref32: number, exact: number, tol: number): string | null {
  if (Number.isNaN(ref32) || Number.isNaN(ours)) return Number.isNaN(ref32) === Number.isNaN(ours) ? null : "NaN mismatch";
  if (!Number.isFinite(ref32) || !Number.isFinite(ours)) return ours === ref32 ? null : "infinity mismatch";
  return Math.abs(ours - exact) <= tol ? null : `error ${Math.abs(ours - exact) / ulp32(exact)} ulp`;
}

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} elementwise kernels equal the reference`, { skip }, () => {
    const xs = sweep();
    const n = xs.length;
    const rand = mulberry32(7);
    const dyValues = Float32Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.25 + 2 * rand()));

    for (const kind of UNARY_KINDS) {
      it(`${kind}: forward and backward within ${ULPS} ulp, NaN in gives NaN out, ±Inf as the reference`, (t) => {
        const alpha = alphaFor(kind);
        const { backend, array } = backendWithArrays(variant);
        const x = array(xs), y = array(n), dy = array(dyValues), dx = array(n), ySaved = array(n);
        const ref = new Float32Array(n);
        referenceKernels.unary(kind, xs, ref, alpha);
        backend.kernels.unary(kind, x.view(), y.view(), alpha);
        let worstF = 0;
        const yv = y.view();
        for (let i = 0; i < n; i++) {
          const exact = unaryForward(kind, xs[i], alpha);
          if (BIT_EXACT_FORWARD.has(kind)) {
            assert.ok(Object.is(yv[i], ref[i]) || (yv[i] === ref[i]), `${kind}(${xs[i]}) = ${yv[i]}, ref ${ref[i]}`);
            continue;
          }
          const problem = checkValue(yv[i], ref[i], exact, ULPS * ulp32(exact));
          if (problem !== null) assert.fail(`${kind}(${xs[i]}) = ${yv[i]}, ref ${ref[i]}: ${problem}`);
          if (Number.isFinite(exact) && Number.isFinite(yv[i])) worstF = Math.max(worstF, Math.abs(yv[i] - exact) / ulp32(exact));
        }
        assert.ok(Number.isNaN(yv[xs.findIndex(Number.isNaN)]), "NaN in gives NaN out");

        // backward, with the saved output y = the reference's float32 forward
        ySaved.view().set(ref);
        const refDx = new Float32Array(n);
        referenceKernels.unaryBackward(kind, xs, ref, dyValues, refDx, alpha);
        backend.kernels.unaryBackward(kind, x.view(), ySaved.view(), dy.view(), dx.view(), alpha);
        const dxv = dx.view();
        const absTerm = (CANCELLING_BACKWARD.has(kind) ? 4 : 0) * 2 ** -24;
        let worstB = 0, worstAbs = 0;
        for (let i = 0; i < n; i++) {
          const exact = dyValues[i] * unaryDerivative(kind, xs[i], ref[i], alpha);
          const tol = ULPS * ulp32(exact) + Math.abs(dyValues[i]) * (ULPS * 2 ** -149 + absTerm);
          const problem = checkValue(dxv[i], refDx[i], exact, tol);
          if (problem !== null) assert.fail(`${kind}'(${xs[i]})·${dyValues[i]} = ${dxv[i]}, ref ${refDx[i]}: ${problem}`);
          if (Number.isFinite(exact) && Number.isFinite(dxv[i])) {
            worstB = Math.max(worstB, Math.abs(dxv[i] - exact) / (ulp32(exact) + Math.abs(dyValues[i]) * 2 ** -149));
            worstAbs = Math.max(worstAbs, Math.abs(dxv[i] - exact) / (Math.abs(dyValues[i]) * 2 ** -24));
          }
        }
        t.diagnostic(`${kind}: forward ≤ ${worstF.toFixed(2)} ulp, backward ≤ ` + (absTerm === 0
          ? `${worstB.toFixed(2)} ulp` : `${worstAbs.toFixed(2)}·2^-24·|dy| absolute`));
      });
    }

    it("short and odd lengths (tails) give the same values as long arrays, in place too", () => {
      const { backend, array } = backendWithArrays(variant);
      const values = [-3.5, -0.7, 0.2, 1.9, 6.1, -12, 0.01];
      for (const kind of UNARY_KINDS) {
        const long = array(values);
        backend.kernels.unary(kind, long.view(), long.view(), alphaFor(kind));
        for (let len = 1; len <= values.length; len++) {
          const buf = array(len + 8);
          const v = buf.view();
          v.fill(123);
          v.set(values.slice(0, len), 2);
          const x = v.subarray(2, 2 + len); // unaligned, with sentinels on both sides
          backend.kernels.unary(kind, x, x, alphaFor(kind));
          const after = buf.view();
          for (let i = 0; i < len; i++) assert.ok(Object.is(after[2 + i], long.view()[i]), `${kind} len ${len} [${i}]`);
          assert.ok(after[0] === 123 && after[1] === 123 && after[2 + len] === 123, `${kind} wrote outside`);
        }
      }
    });
  });
}
