// logSoftmax and softmax along each axis: gradient checks (the composition through the
// detached max), values against a plain-JS log-sum-exp, stability at large inputs; detach.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, detach, logSoftmax, mul, softmax, sum } from "../../../src/core/index.js";
import { assertClose, assertGradOk, assertTensor, f32, f64, randomF64 } from "../../helpers/core.js";
import { refLogSoftmax } from "../../helpers/reference.js";

const cases: { shape: number[]; axes: number[] }[] = [
  { shape: [6], axes: [0, -1] },
  { shape: [3, 4], axes: [0, 1, -1, -2] },
  { shape: [2, 3, 4], axes: [0, 1, 2, -1] },
];

describe("logSoftmax and softmax", () => {
  for (const { shape, axes } of cases) {
    test(`[${shape}] along each axis: gradients and values`, () => {
      const rng = new Rng(91 + shape.length);
      for (const axis of axes) {
        const x = randomF64(rng, shape, -3, 3);
        const ax = axis < 0 ? axis + shape.length : axis;
        const want = refLogSoftmax(x.data, shape, ax);
        assertTensor(logSoftmax(x, axis), shape, want, `logSoftmax axis ${axis}`, { rel: 1e-13, abs: 1e-15 });
        assertTensor(softmax(x, axis), shape, want.map(Math.exp), `softmax axis ${axis}`, { rel: 1e-13, abs: 1e-16 });
        assertGradOk((t) => logSoftmax(t, axis), [x], `logSoftmax [${shape}] axis ${axis}`);
        assertGradOk((t) => softmax(t, axis), [x], `softmax [${shape}] axis ${axis}`);
      }
    });
  }

  test("the default axis is the last", () => {
    const x = randomF64(new Rng(95), [3, 4]);
    assert.deepEqual(logSoftmax(x).toArray(), logSoftmax(x, 1).toArray());
    assert.deepEqual(softmax(x).toArray(), softmax(x, -1).toArray());
  });

  test("stable for large inputs: shifting by 1000 changes nothing, no overflow", () => {
    const x = f64([1000, 0, -1000, 999]);
    assertClose(logSoftmax(x).data, refLogSoftmax([1000, 0, -1000, 999], [4], 0), "large", { rel: 1e-15 });
    assertClose(softmax(x).data, [1 / (1 + Math.exp(-1)), 0, 0, Math.exp(-1) / (1 + Math.exp(-1))], "large softmax", { rel: 1e-15 });
    const base = f64([0.5, -1, 2]);
    const shifted = f64([1e4 + 0.5, 1e4 - 1, 1e4 + 2]);
    assertClose(logSoftmax(shifted).data, logSoftmax(base).data, "shift invariance", { rel: 1e-12 });
    assertGradOk((t) => logSoftmax(t), [f64([1000, 0.5, 999.2])], "gradient at large inputs");
    const big32 = softmax(f32([80, 90, 100]));
    assert.ok(big32.toArray().every(Number.isFinite), "float32 exp(100) would overflow without the max shift");
  });

  test("−∞ logits get probability 0; NaN poisons its line only", () => {
    assertClose(softmax(f64([0, -Infinity, 0])).data, [0.5, 0, 0.5], "−∞", { rel: 1e-15 });
    assertClose(softmax(f64([NaN, 1, 1, 1], [2, 2])).data, [NaN, NaN, 0.5, 0.5], "NaN", { rel: 1e-15 });
  });

  test("softmax sums to 1 and its sum has zero gradient", () => {
    const x = randomF64(new Rng(96), [3, 5]).trainable();
    const tape = new Tape();
    const s = tape.run(() => sum(softmax(x, 1), 1));
    assertClose(s.data, [1, 1, 1], "row sums", { rel: 1e-15 });
    tape.backward(s, f64([1, 1, 1]));
    assertClose(x.grad?.data ?? [], new Array(15).fill(0), "∂Σ softmax", { abs: 1e-15 });
    tape.dispose();
  });
});

describe("detach", () => {
  test("same values, a separate copy, and no gradient flows through it", () => {
    const x = f64([1, 2, 3]).trainable();
    const tape = new Tape();
    const d = tape.run(() => detach(x));
    assert.deepEqual(d.toArray(), [1, 2, 3]);
    assert.equal(d.requiresGrad, false);
    assert.equal(d.node, null);
    d.data[0] = 9;
    assert.equal(x.data[0], 1);
    const loss = tape.run(() => sum(mul(x, detach(x))));
    tape.backward(loss);
    assert.deepEqual(x.grad?.toArray(), [1, 2, 3], "∂Σ x·stop(x) = stop(x)");
    tape.dispose();
  });
});
