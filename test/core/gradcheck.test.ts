// The gradient checker itself: it passes correct gradients, fails wrong ones (2×, permuted,
// NaN), honours eps/rtol/atol/seed, reports the worst element, rejects float32 inputs, and
// leaves its inputs and the allocator as it found them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  GradscopeError, Rng, exp, gradCheck, mul, recordOp, referenceBackend, scale, sum, tanh, zeros, type Tensor,
} from "../../src/core/index.js";
import { f32, f64, randomF64 } from "../helpers/core.js";

/**
 * y = x³ elementwise with a hand-written backward ∂x = ∂y · g(x, i): g = 3x² is right; the
 * tests pass wrong ones.
 */
function cubeWith(g: (x: number, i: number) => number) {
  return (t: Tensor): Tensor => {
    const y = zeros(t.shape, t.dtype);
    y.data.set(Array.from(t.data, (v) => v * v * v));
    return recordOp("cube", [t], y, (dy) => {
      const dx = zeros(t.shape, t.dtype);
      dx.data.set(Array.from(t.data, (v, i) => dy.data[i] * g(v, i)));
      return [dx];
    });
  };
}

const right = cubeWith((v) => 3 * v * v);

describe("gradCheck: verdicts", () => {
  test("passes a correct hand-written backward and library ops", () => {
    const x = randomF64(new Rng(1), [2, 3], 0.3, 2);
    const r = gradCheck(right, [x]);
    assert.ok(r.ok);
    assert.equal(r.checked, 6);
    assert.ok(r.maxRelError < 1e-8, `max rel error ${r.maxRelError}`);
    assert.ok(gradCheck((t) => tanh(t), [f64([0.3, -0.7])]).ok, "the documented example");
  });

  test("FAILS a backward that returns twice the right gradient", () => {
    const x = randomF64(new Rng(2), [2, 3], 0.3, 2);
    const r = gradCheck(cubeWith((v) => 6 * v * v), [x]);
    assert.equal(r.ok, false);
    // |2n − n| / (|2n| + |n|) = 1/3 for every element.
    assert.ok(Math.abs(r.maxRelError - 1 / 3) < 1e-6, `max rel error ${r.maxRelError}`);
    const w = r.worst;
    assert.ok(w !== null);
    assert.ok(Math.abs(w.analytic - 2 * w.numeric) < 1e-6 * Math.abs(w.numeric));
  });

  test("FAILS a backward off by one part in 1e4, and one that permutes the gradient", () => {
    const x = randomF64(new Rng(3), [5], 0.3, 2);
    assert.equal(gradCheck(cubeWith((v) => 3 * v * v * (1 + 1e-4)), [x]).ok, false);
    const perm = [1, 0, 3, 2, 4];
    const permuted = cubeWith((_v, i) => 3 * x.data[perm[i]] ** 2);
    assert.equal(gradCheck(permuted, [x]).ok, false);
  });

  test("FAILS a backward that returns NaN (or ±∞)", () => {
    const x = randomF64(new Rng(4), [3], 0.3, 2);
    const nan = gradCheck(cubeWith(() => NaN), [x]);
    assert.equal(nan.ok, false, "NaN gradients must not pass");
    assert.ok(nan.worst !== null && Number.isNaN(nan.worst.analytic), "the worst element is the NaN one");
    assert.equal(gradCheck(cubeWith(() => Infinity), [x]).ok, false);
    assert.equal(gradCheck(cubeWith((v, i) => (i === 2 ? NaN : 3 * v * v)), [x]).ok, false, "a single NaN element");
  });

  test("FAILS when the analytic gradient is missing (an op recorded with a null backward)", () => {
    const detached = (t: Tensor): Tensor => recordOp("lost", [t], mul(t, t), () => [null]);
    assert.equal(gradCheck(detached, [f64([1, 2])]).ok, false);
  });

  test("a function that does not depend on its input passes with zero gradients", () => {
    const r = gradCheck(() => f64([1, 2, 3]), [f64([0.5, 0.25])]);
    assert.ok(r.ok);
    assert.equal(r.checked, 2);
    assert.equal(r.maxAbsError, 0);
  });

  test("reports the input and element of the worst error", () => {
    const a = randomF64(new Rng(5), [4], 0.3, 2), b = randomF64(new Rng(6), [2, 3], 0.3, 2);
    const f = (x: Tensor, y: Tensor): Tensor => mul(sum(right(x)), cubeWith((v, i) => (i === 4 ? 5 : 3) * v * v)(y));
    const r = gradCheck(f, [a, b]);
    assert.equal(r.ok, false);
    assert.equal(r.checked, 4 + 6);
    assert.equal(r.worst?.input, 1);
    assert.equal(r.worst?.index, 4);
  });
});

describe("gradCheck: options", () => {
  test("eps: a large step's truncation error fails at the default rtol and passes a loose one", () => {
    // For exp, the central difference with step h is eˣ·sinh(h)/h: with h = 0.5 the relative
    // error |a − n|/(|a| + |n|) is (sinh(0.5)/0.5 − 1)/(sinh(0.5)/0.5 + 1) ≈ 0.0207.
    const x = randomF64(new Rng(7), [3], -1, 1);
    const coarse = gradCheck((t) => exp(t), [x], { eps: 0.5 });
    assert.equal(coarse.ok, false);
    const q = Math.sinh(0.5) / 0.5;
    assert.ok(Math.abs(coarse.maxRelError - (q - 1) / (q + 1)) < 1e-9, `max rel error ${coarse.maxRelError}`);
    assert.ok(gradCheck((t) => exp(t), [x], { eps: 0.5, rtol: 0.03 }).ok);
    assert.ok(gradCheck((t) => exp(t), [x], { eps: 1e-4 }).ok);
  });

  test("rtol: an error of 1e-4 relative passes rtol 1e-3 and fails the default 1e-6", () => {
    const x = randomF64(new Rng(8), [4], 0.3, 2);
    const slightlyOff = cubeWith((v) => 3 * v * v * (1 + 2e-4));
    assert.equal(gradCheck(slightlyOff, [x]).ok, false);
    assert.ok(gradCheck(slightlyOff, [x], { rtol: 1e-3 }).ok);
  });

  test("atol: a tiny absolute error on a zero gradient passes only when atol allows it", () => {
    // f(x) = 0·x³ has gradient 0; the backward claims 1e-7: relative error 1, absolute 1e-7.
    const x = randomF64(new Rng(9), [3], 0.3, 2);
    const zeroish = (t: Tensor): Tensor => {
      const y = zeros(t.shape, t.dtype);
      return recordOp("zeroish", [t], y, (dy) => {
        const dx = zeros(t.shape, t.dtype);
        dx.data.set(Array.from(dy.data, (g) => 1e-7 * Math.sign(g)));
        return [dx];
      });
    };
    assert.equal(gradCheck(zeroish, [x]).ok, false, "default atol 1e-9");
    assert.equal(gradCheck(zeroish, [x], { atol: 1e-8 }).ok, false);
    assert.ok(gradCheck(zeroish, [x], { atol: 1e-6 }).ok);
  });

  test("seed: the random projection is reproducible and depends on the seed", () => {
    const x = randomF64(new Rng(10), [4], 0.3, 2);
    const off = cubeWith((v) => 4 * v * v);
    const a = gradCheck(off, [x], { seed: 1 }), b = gradCheck(off, [x], { seed: 1 }), c = gradCheck(off, [x], { seed: 2 });
    assert.deepEqual(a, b);
    assert.notEqual(a.worst?.analytic, c.worst?.analytic);
    assert.deepEqual(gradCheck(off, [x]), gradCheck(off, [x], { seed: 12345 }), "the default seed is 12345");
  });
});

describe("gradCheck: inputs", () => {
  test("float32 inputs are rejected with a clear error", () => {
    const check = (inputs: Tensor[]) => assert.throws(() => gradCheck((t) => scale(t, 2), inputs),
      (e: unknown) => e instanceof GradscopeError && e.message.includes("gradCheck") && e.message.includes("float64") && e.message.includes("float32"));
    check([f32([1, 2])]);
    check([f64([1, 2]), f32([1, 2])]);
  });

  test("the inputs are left untouched: same values, no gradient, not made trainable", () => {
    const x = f64([0.5, 1.5, -2]);
    gradCheck((t) => tanh(mul(t, t)), [x]);
    assert.deepEqual(x.toArray(), [0.5, 1.5, -2]);
    assert.equal(x.grad, null);
    assert.equal(x.requiresGrad, false);
    assert.ok(!x.isDisposed);
  });

  test("all memory it allocates is released", () => {
    const heap = referenceBackend.allocator;
    const x = randomF64(new Rng(11), [3, 3]);
    const before = heap.bytesInUse();
    gradCheck((t) => sum(tanh(mul(t, 2)), 0), [x]);
    gradCheck((t) => tanh(t), [x]);
    assert.equal(heap.bytesInUse(), before);
  });
});
