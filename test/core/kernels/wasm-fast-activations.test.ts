import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UnaryKind } from "../../../src/core/kernels/kernels.js";
import { unaryDerivative, unaryForward } from "../../../src/core/kernels/reference/index.js";
import { alphaFor, backendWithArrays, mulberry32, ulp32, variants } from "./helpers.js";

/**
 * The edges of the fast silu, softplus, elu, selu and gelu kernels (assembly/activations.ts,
 * assembly/vexp.ts, assembly/vnormal.ts) that the general sweep of wasm-unary.test.ts samples only
 * thinly: every float32 in small windows around their thresholds (the exp clamps −30 and −112,
 * the reduction's rounding boundaries (k + ½)·ln 2, softplus's 20, gelu's clamp 14.7 and the
 * point −14.36 below which gelu rounds to 0, the zeros of silu' and gelu'), dense log-spaced
 * magnitudes near 0 and in the subnormal range, 20000 random points in [−16, 16], and the signs
 * of zero. The forward bound is the exhaustive maximum of bench/unary-ulp.js rounded up
 * (FORWARD_ULPS; elu is tested with alpha 1.3, one more rounding than the scan's alpha 1); the
 * backward bound is that of wasm-unary.test.ts. Both wasm builds must give the same bits.
 */
const KINDS: readonly UnaryKind[] = ["silu", "softplus", "elu", "selu", "gelu"];
const FORWARD_ULPS: Readonly<Record<string, number>> = { silu: 3, softplus: 2, elu: 2.5, selu: 2.5, gelu: 1.5 };
const CANCELLING_BACKWARD = new Set<UnaryKind>(["silu", "gelu"]);

/** `count` consecutive float32 on each side of c (c itself included). */
function around(c: number, count: number): number[] {
  const bits = new Int32Array(Float32Array.of(c).buffer)[0];
  const out = new Float32Array(2 * count + 1);
  new Int32Array(out.buffer).forEach((_, i, a) => { a[i] = bits - count + i; });
  return Array.from(out);
}

/** The test points: windows around every threshold, log-spaced tiny and subnormal magnitudes, both signs. */
function points(): Float32Array {
  const xs: number[] = [0, -0, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 1e30, -1e30];
  const centers = [-30, -112, -87.33, -103.97, 20, 17.33, 14.7, -14.7, -14.36, -0.7518, -1.2785, 88.72, -88.72];
  for (let k = -40; k <= 40; k++) centers.push((k + 0.5) * Math.LN2, k + 0.5);
  for (const c of centers) xs.push(...around(c, 200));
  for (let e = -149; e <= 2; e += 0.125) xs.push(2 ** e, -(2 ** e));
  xs.push(...around(2 ** -126, 300), ...around(-(2 ** -126), 300));
  const rand = mulberry32(99);
  for (let i = 0; i < 20000; i++) xs.push((rand() < 0.5 ? -1 : 1) * 16 * rand());
  return Float32Array.from(xs);
}

/** kind forward and backward (dy = ±1…±2) through the wasm build `variant`. */
function run(variant: "simd" | "relaxed-simd", kind: UnaryKind, xs: Float32Array, dys: Float32Array): [Float32Array, Float32Array] {
  const { backend, array } = backendWithArrays(variant);
  const x = array(xs), y = array(xs.length), dy = array(dys), dx = array(xs.length);
  backend.kernels.unary(kind, x.view(), y.view(), alphaFor(kind));
  backend.kernels.unaryBackward(kind, x.view(), y.view(), dy.view(), dx.view(), alphaFor(kind));
  return [Float32Array.from(y.view()), Float32Array.from(dx.view())];
}

/** Same NaN-ness, same infinities, else |ours − exact| ≤ tol. */
function agrees(ours: number, exact: number, tol: number): boolean {
  if (Number.isNaN(exact) || Number.isNaN(ours)) return Number.isNaN(exact) && Number.isNaN(ours);
  const ref32 = Math.fround(exact);
  if (!Number.isFinite(ref32) || !Number.isFinite(ours)) return ours === ref32;
  return Math.abs(ours - exact) <= tol;
}

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant} silu, softplus, elu, selu, gelu at their edges`, { skip }, () => {
    const xs = points();
    const rand = mulberry32(5);
    const dys = Float32Array.from(xs, () => (rand() < 0.5 ? -1 : 1) * (1 + rand()));
    for (const kind of KINDS) {
      it(`${kind}: forward within ${FORWARD_ULPS[kind]} ulp and backward within the bound of wasm-unary.test.ts`, () => {
        const alpha = alphaFor(kind);
        const [ys, dxs] = run(variant, kind, xs, dys);
        const absTerm = (CANCELLING_BACKWARD.has(kind) ? 4 : 0) * 2 ** -24;
        for (let i = 0; i < xs.length; i++) {
          const exact = unaryForward(kind, xs[i], alpha);
          assert.ok(agrees(ys[i], exact, FORWARD_ULPS[kind] * ulp32(exact)),
            `${kind}(${xs[i]}) = ${ys[i]}, exact ${exact}: ${(Math.abs(ys[i] - exact) / ulp32(exact)).toFixed(2)} ulp`);
          const d = dys[i] * unaryDerivative(kind, xs[i], Math.fround(exact), alpha);
          const tol = 4 * ulp32(d) + Math.abs(dys[i]) * (4 * 2 ** -149 + absTerm);
          assert.ok(agrees(dxs[i], d, tol), `${kind}'(${xs[i]})·${dys[i]} = ${dxs[i]}, exact ${d}`);
        }
      });
    }

    it("±0 keeps its sign as the reference (silu, gelu, elu, selu), and the builds agree bit for bit", (t) => {
      for (const kind of ["silu", "gelu", "elu", "selu"] as const) {
        const [ys] = run(variant, kind, Float32Array.of(-0, 0), Float32Array.of(1, 1));
        assert.ok(Object.is(ys[0], -0) && Object.is(ys[1], 0), `${kind}(±0) = ${ys[0]}, ${ys[1]}`);
      }
      if (variant !== "relaxed-simd") return;
      for (const kind of KINDS) {
        const [a, da] = run("simd", kind, xs, dys), [b, db] = run("relaxed-simd", kind, xs, dys);
        const same = (p: Float32Array, q: Float32Array): boolean =>
          p.every((v, i) => Object.is(v, q[i]) || (Number.isNaN(v) && Number.isNaN(q[i])));
        assert.ok(same(a, b) && same(da, db), `${kind}: plain and relaxed builds differ`);
      }
      t.diagnostic("plain and relaxed SIMD builds bit-identical on every test point");
    });
  });
}
