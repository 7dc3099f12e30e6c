// gather (axis 0, 1, a middle axis; repeated indices), pickPerRow and oneHot.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, gather, oneHot, pickPerRow, sum } from "../../../src/core/index.js";
import { assertGradOk, assertTensor, f64, randomF64 } from "../../helpers/core.js";
import { refGather } from "../../helpers/reference.js";

describe("gather", () => {
  const cases: { shape: number[]; indices: number[]; axis: number }[] = [
    { shape: [4, 3], indices: [2, 0, 2, 3, 2], axis: 0 },
    { shape: [4, 3], indices: [1, 1, 0, 2], axis: 1 },
    { shape: [4, 3], indices: [2], axis: -1 },
    { shape: [2, 4, 3], indices: [3, 0, 3], axis: 1 },
    { shape: [2, 4, 3], indices: [0, 0, 1, 1, 0], axis: 0 },
    { shape: [5], indices: [4, 4, 4, 0], axis: 0 },
    { shape: [4, 3], indices: [], axis: 0 },
  ];

  test("gradients (repeated indices add up) and values", () => {
    const rng = new Rng(81);
    for (const { shape, indices, axis } of cases) {
      const x = randomF64(rng, shape);
      const ax = axis < 0 ? axis + shape.length : axis;
      const want = refGather(x.data, shape, indices, ax);
      assertTensor(gather(x, indices, axis), want.shape, want.values, `gather [${shape}] axis ${axis} [${indices}]`, { rel: 0 });
      assertGradOk((t) => gather(t, indices, axis), [x], `gather [${shape}] axis ${axis} [${indices}]`);
    }
  });

  test("the gradient counts how often each row was picked", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [3, 2]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(gather(x, [2, 0, 2, 2]))));
    assert.deepEqual(x.grad?.toArray(), [1, 1, 0, 0, 3, 3]);
    tape.dispose();
  });

  test("indices may be a typed array and are copied (later changes do not matter)", () => {
    const idx = Int32Array.from([1, 0]);
    const x = f64([1, 2, 3, 4], [2, 2]).trainable();
    const tape = new Tape();
    const y = tape.run(() => gather(x, idx, 0));
    idx[0] = 0;
    tape.backward(tape.run(() => sum(y)));
    assert.deepEqual(y.toArray(), [3, 4, 1, 2]);
    assert.deepEqual(x.grad?.toArray(), [1, 1, 1, 1]);
    tape.dispose();
  });
});

describe("pickPerRow", () => {
  test("y[i] = x[i, cols[i]]: values and gradients", () => {
    const rng = new Rng(82);
    const x = randomF64(rng, [5, 4]);
    const cols = [3, 0, 0, 2, 3];
    const y = pickPerRow(x, cols);
    assertTensor(y, [5], cols.map((c, i) => x.data[i * 4 + c]), "pickPerRow", { rel: 0 });
    assertGradOk((t) => pickPerRow(t, cols), [x], "pickPerRow");
    assertGradOk((t) => pickPerRow(t, [0]), [randomF64(rng, [1, 1])], "pickPerRow 1×1");
  });

  test("the gradient is one-hot per row", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => pickPerRow(x, [2, 0])), f64([10, 20]));
    assert.deepEqual(x.grad?.toArray(), [0, 0, 10, 20, 0, 0]);
    tape.dispose();
  });
});

describe("oneHot", () => {
  test("rows with a single 1 at the label", () => {
    const y = oneHot([2, 0, 1, 2], 3, "float64");
    assertTensor(y, [4, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1], "oneHot", { rel: 0 });
    assert.equal(oneHot([0], 1).dtype, "float32");
    assert.deepEqual([...oneHot([], 5).shape], [0, 5]);
  });
});
