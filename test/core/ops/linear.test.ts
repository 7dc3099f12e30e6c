// linear(x, W, b) = x·Wᵀ + b in one op: gradient-checked in float64, and bit-identical to
// add(matmul(x, W, { transB: true }), b) — values and all three gradients — on every backend.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, add, linear, matmul, mul, referenceBackend, sum, tanh, tensor, type Tensor } from "../../../src/core/index.js";
import { assertGradOk, randomF64 } from "../../helpers/core.js";
import { onBackend, wasmBackends } from "../../helpers/backends.js";

/** (batch, in, out): a layer, one example, one input, one output, shapes around the 8-wide tiles. */
const sizes: [number, number, number][] = [[3, 4, 2], [1, 5, 3], [4, 1, 6], [2, 3, 1], [9, 17, 13], [32, 64, 64]];

describe("linear", () => {
  test("gradients with respect to x, W and b (float64 central differences)", () => {
    const rng = new Rng(7);
    for (const [m, k, n] of sizes.slice(0, 5)) {
      const x = randomF64(rng, [m, k]), w = randomF64(rng, [n, k]), b = randomF64(rng, [n]);
      assertGradOk((xx, ww, bb) => tanh(linear(xx, ww, bb)), [x, w, b], `linear ${m}×${k} → ${n}`);
    }
  });

  for (const backend of [referenceBackend, ...wasmBackends()]) {
    test(`equals add(matmul(x, W, transB), b) bit for bit, value and gradients (${backend.name})`, () => {
      onBackend(backend, () => {
        const rng = new Rng(8);
        for (const [m, k, n] of sizes) {
          const values = (count: number) => Array.from({ length: count }, () => rng.normal());
          const make = (): Tensor[] => [tensor(xv, [m, k]).trainable(), tensor(wv, [n, k]).trainable(), tensor(bv, [n]).trainable()];
          const xv = values(m * k), wv = values(n * k), bv = values(n), cv = values(m * n);
          const run = (f: (x: Tensor, w: Tensor, b: Tensor) => Tensor) => {
            const [x, w, b] = make();
            const tape = new Tape();
            const h = tape.run(() => f(x, w, b));
            tape.backward(tape.run(() => sum(mul(tanh(h), tensor(cv, [m, n])))));
            const out = [h, x.grad, w.grad, b.grad].map((t) => Array.from(t?.data ?? []));
            tape.dispose();
            return out;
          };
          const fused = run(linear), apart = run((x, w, b) => add(matmul(x, w, { transB: true }), b));
          ["h", "∂x", "∂W", "∂b"].forEach((what, i) => {
            assert.equal(fused[i].length, apart[i].length, what);
            fused[i].forEach((v, j) => assert.ok(Object.is(v, apart[i][j]), `${m}×${k} → ${n} ${what}[${j}]: ${v} vs ${apart[i][j]}`));
          });
        }
      });
    });
  }

  test("refuses mismatched shapes and dtypes, naming the shapes", () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]), w = tensor([1, 2, 3, 4, 5, 6], [2, 3]), b = tensor([1, 2], [2]);
    assert.throws(() => linear(x, tensor([1, 2, 3, 4], [2, 2]), b), /linear: x \[2, 3\], W \[2, 2\] and b \[2\] do not match/);
    assert.throws(() => linear(x, w, tensor([1, 2, 3], [3])), /do not match/);
    assert.throws(() => linear(x, w, w), /linear: needs x \[batch, in\], W \[out, in\] and b \[out\]/);
    assert.throws(() => linear(x, w, tensor([1, 2], [2], "float64")), /linear/);
  });
});
