// Layout ops: reshape (with −1), transpose (2-D default and 3-D/4-D permutations), concat of
// three tensors along each axis, slice. Gradient checks in float64 and values against
// coordinate-wise definitions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, concat, mul, reshape, slice, sum, transpose, type Tensor } from "../../../src/core/index.js";
import { assertGradOk, assertTensor, f64, randomF64 } from "../../helpers/core.js";
import { refConcat, refSlice, refTranspose } from "../../helpers/reference.js";

describe("reshape", () => {
  const cases: { from: number[]; to: number[]; resolved: number[] }[] = [
    { from: [2, 3, 4], to: [6, 4], resolved: [6, 4] },
    { from: [2, 3, 4], to: [-1, 4], resolved: [6, 4] },
    { from: [2, 3, 4], to: [2, -1], resolved: [2, 12] },
    { from: [2, 3, 4], to: [4, -1, 2], resolved: [4, 3, 2] },
    { from: [2, 3, 4], to: [-1], resolved: [24] },
    { from: [6], to: [1, 6, 1], resolved: [1, 6, 1] },
    { from: [1], to: [], resolved: [] },
    { from: [], to: [1, 1], resolved: [1, 1] },
    { from: [0, 3], to: [3, -1], resolved: [3, 0] },
  ];

  test("gradients and values: the same elements in row-major order, −1 inferred", () => {
    const rng = new Rng(71);
    for (const { from, to, resolved } of cases) {
      const x = randomF64(rng, from);
      const y = reshape(x, to);
      assertTensor(y, resolved, x.data, `reshape [${from}] → [${to}]`, { rel: 0 });
      if (x.size > 0) assertGradOk((t) => reshape(t, to), [x], `reshape [${from}] → [${to}]`);
    }
  });

  test("reshape copies: writing the output leaves the input alone", () => {
    const x = f64([1, 2, 3, 4]);
    const y = reshape(x, [2, 2]);
    y.data[0] = 99;
    assert.deepEqual(x.toArray(), [1, 2, 3, 4]);
  });
});

describe("transpose", () => {
  const cases: { shape: number[]; perm?: number[] }[] = [
    { shape: [3, 4] },
    { shape: [3, 4], perm: [1, 0] },
    { shape: [3, 4], perm: [0, 1] },
    { shape: [2, 3, 4] },
    { shape: [2, 3, 4], perm: [2, 0, 1] },
    { shape: [2, 3, 4], perm: [1, 2, 0] },
    { shape: [2, 3, 4], perm: [0, 2, 1] },
    { shape: [2, 1, 3, 2], perm: [3, 1, 0, 2] },
    { shape: [5] },
    { shape: [] },
  ];

  test("gradients and values (y.shape[i] = x.shape[perm[i]])", () => {
    const rng = new Rng(72);
    for (const { shape, perm } of cases) {
      const x = randomF64(rng, shape);
      const p = perm ?? shape.map((_, i) => shape.length - 1 - i);
      const want = refTranspose(x.data, shape, p);
      assertTensor(transpose(x, perm), want.shape, want.values, `transpose [${shape}] by [${p}]`, { rel: 0 });
      assertGradOk((t) => transpose(t, perm), [x], `transpose [${shape}] by [${p}]`);
    }
  });

  test("a 2-D example spelled out", () => {
    assertTensor(transpose(f64([1, 2, 3, 4, 5, 6], [2, 3])), [3, 2], [1, 4, 2, 5, 3, 6], "2×3ᵀ", { rel: 0 });
  });
});

describe("concat", () => {
  const base = [2, 3, 4];
  /** Three parts with different extents along the axis. */
  const parts = (axis: number): number[][] => [1, 2, 3].map((k) => base.map((d, i) => (i === axis ? k : d)));

  for (const axis of [0, 1, 2]) {
    test(`three tensors along axis ${axis}: gradients and values`, () => {
      const rng = new Rng(73 + axis);
      const xs = parts(axis).map((s) => randomF64(rng, s));
      const want = refConcat(xs.map((t) => ({ values: t.data, shape: t.shape })), axis);
      assertTensor(concat(xs, axis), want.shape, want.values, `concat axis ${axis}`, { rel: 0 });
      assertTensor(concat(xs, axis - 3), want.shape, want.values, `concat axis ${axis - 3}`, { rel: 0 });
      assertGradOk((a, b, c) => concat([a, b, c], axis), xs, `concat axis ${axis}`);
    });
  }

  test("a tensor listed twice gets both slices of the gradient; a constant part gets none", () => {
    const x = f64([1, 2], [1, 2]).trainable(), c = f64([5, 6], [1, 2]);
    const w = f64([1, 10, 100, 1000, 1e4, 1e5], [3, 2]);
    const tape = new Tape();
    tape.backward(tape.run(() => sum(mul(concat([x, c, x], 0), w))));
    assert.deepEqual(x.grad?.toArray(), [1 + 1e4, 10 + 1e5]);
    assert.equal(c.grad, null);
    tape.dispose();
  });

  test("one tensor, and 1-D parts", () => {
    const x = f64([1, 2, 3]);
    assertTensor(concat([x]), [3], [1, 2, 3], "single", { rel: 0 });
    assertTensor(concat([x, f64([4]), f64([5, 6])]), [6], [1, 2, 3, 4, 5, 6], "1-D", { rel: 0 });
  });
});

describe("slice", () => {
  const shape = [3, 4, 5];
  const cases: { begin: number[]; size: number[]; extent: number[] }[] = [
    { begin: [0, 0, 0], size: [3, 4, 5], extent: [3, 4, 5] },
    { begin: [1, 1, 2], size: [2, 2, 2], extent: [2, 2, 2] },
    { begin: [2, 0, 4], size: [1, 4, 1], extent: [1, 4, 1] },
    { begin: [0, 3, 1], size: [-1, -1, 3], extent: [3, 1, 3] },
    { begin: [1, 2, 3], size: [-1, -1, -1], extent: [2, 2, 2] },
    { begin: [0, 1, 0], size: [3, 0, 5], extent: [3, 0, 5] },
  ];

  test("gradients and values of blocks (size −1: to the end)", () => {
    const rng = new Rng(74);
    for (const { begin, size, extent } of cases) {
      const x = randomF64(rng, shape);
      const want = refSlice(x.data, shape, begin, extent);
      assertTensor(slice(x, begin, size), extent, want, `slice ${begin} ${size}`, { rel: 0 });
      assertGradOk((t) => slice(t, begin, size), [x], `slice ${begin} ${size}`);
    }
  });

  test("the gradient is zero outside the block", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(slice(x, [0, 1], [2, 1]))));
    assert.deepEqual(x.grad?.toArray(), [0, 1, 0, 0, 1, 0]);
    tape.dispose();
  });

  test("overlapping slices of one tensor add up", () => {
    const x = randomF64(new Rng(75), [4, 3]);
    const f = (t: Tensor): Tensor => concat([slice(t, [0, 0], [3, 3]), slice(t, [1, 0], [3, 3])], 1);
    assertGradOk(f, [x], "overlapping slices");
  });
});
