// Reductions sum, mean, max over each axis, several axes and all axes, with and without
// keepDims: gradient checks in float64 and values against a coordinate-wise fold.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Rng, Tape, max, mean, sum, type Axes, type Tensor } from "../../../src/core/index.js";
import { assertClose, assertGradOk, clearGrad, assertTensor, distinctValues, f64, randomF64 } from "../../helpers/core.js";
import { refReduce } from "../../helpers/reference.js";

const shape = [2, 3, 4];
/** Every axis, negative axes, pairs, all three listed, duplicates, and undefined (= all). */
const axesCases: { axes: Axes; resolved: number[] }[] = [
  { axes: undefined, resolved: [0, 1, 2] },
  { axes: 0, resolved: [0] },
  { axes: 1, resolved: [1] },
  { axes: 2, resolved: [2] },
  { axes: -1, resolved: [2] },
  { axes: -3, resolved: [0] },
  { axes: [0, 2], resolved: [0, 2] },
  { axes: [2, 1], resolved: [1, 2] },
  { axes: [0, 1], resolved: [0, 1] },
  { axes: [0, 1, 2], resolved: [0, 1, 2] },
  { axes: [1, -2], resolved: [1] },
];

const ops: {
  name: string;
  op: (x: Tensor, axes?: Axes, keepDims?: boolean) => Tensor;
  init: number;
  combine: (a: number, v: number) => number;
  finish?: (a: number, n: number) => number;
}[] = [
  { name: "sum", op: sum, init: 0, combine: (a, v) => a + v },
  { name: "mean", op: mean, init: 0, combine: (a, v) => a + v, finish: (a, n) => a / n },
  { name: "max", op: max, init: -Infinity, combine: (a, v) => Math.max(a, v) },
];

/** Inputs: for max, all 24 values pairwise ≥ 0.05 apart, so no reduction group has a tie. */
function input(name: string, rng: Rng, s: number[]): Tensor {
  const n = s.reduce((p, d) => p * d, 1);
  return name === "max" ? f64(distinctValues(rng, n), s) : randomF64(rng, s);
}

for (const { name, op, init, combine, finish } of ops) {
  describe(name, () => {
    for (const keepDims of [false, true]) {
      test(`gradients over every axis choice, keepDims ${keepDims}`, () => {
        const rng = new Rng(61);
        for (const { axes } of axesCases) {
          const x = input(name, rng, shape);
          assertGradOk((t) => op(t, axes, keepDims), [x], `${name} axes ${JSON.stringify(axes)} keepDims ${keepDims}`);
        }
      });

      test(`values and shapes over every axis choice, keepDims ${keepDims}`, () => {
        const rng = new Rng(62);
        for (const { axes, resolved } of axesCases) {
          const x = input(name, rng, shape);
          const want = refReduce(x.data, shape, resolved, keepDims, init, combine, finish);
          assertTensor(op(x, axes, keepDims), want.shape, want.values, `${name} axes ${JSON.stringify(axes)}`, { rel: 1e-14, abs: 1e-15 });
        }
      });
    }

    test("rank 1, rank 2 and a scalar input", () => {
      const rng = new Rng(63);
      for (const s of [[7], [3, 5], []]) {
        const x = input(name, rng, s);
        assertGradOk((t) => op(t), [x], `${name} all of [${s}]`);
        const want = refReduce(x.data, s, s.map((_, i) => i), false, init, combine, finish);
        assertTensor(op(x), [], want.values, `${name} all of [${s}]`, { rel: 1e-14 });
      }
      assertGradOk((t) => op(t, 0, true), [input(name, rng, [3, 5])], `${name} [3, 5] axis 0 keepDims`);
    });
  });
}

describe("reductions: edge values", () => {
  test("integers sum exactly; mean divides by the count of reduced elements", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    assertTensor(sum(x, 0), [3], [5, 7, 9], "sum axis 0", { rel: 0 });
    assertTensor(sum(x, 1, true), [2, 1], [6, 15], "sum axis 1 keepDims", { rel: 0 });
    assertTensor(mean(x, 1), [2], [2, 5], "mean axis 1", { rel: 0 });
    assertTensor(mean(x), [], [3.5], "mean", { rel: 0 });
    assertTensor(max(x, 0), [3], [4, 5, 6], "max axis 0", { rel: 0 });
  });

  test("NaN propagates through sum, mean and max; infinities behave as in IEEE sums", () => {
    const x = f64([1, NaN, 3, 4, 5, 6], [2, 3]);
    assertClose(sum(x, 1).data, [NaN, 15], "sum", { rel: 0 });
    assertClose(mean(x, 1).data, [NaN, 5], "mean", { rel: 0 });
    assertClose(max(x, 1).data, [NaN, 6], "max", { rel: 0 });
    assertClose(max(f64([NaN, 1, 2])).data, [NaN], "max with NaN first", { rel: 0 });
    assertClose(max(f64([1, 2, NaN])).data, [NaN], "max with NaN last", { rel: 0 });
    assertClose(sum(f64([Infinity, -Infinity])).data, [NaN], "∞ − ∞", { rel: 0 });
    assertClose(max(f64([-Infinity, -Infinity])).data, [-Infinity], "max of −∞", { rel: 0 });
    assertClose(sum(f64([1e308, 1e308])).data, [Infinity], "overflow", { rel: 0 });
  });

  test("max shares the gradient evenly among tied maxima", () => {
    const x = f64([3, 1, 3, 2, 2, 2], [2, 3]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(max(x, 1))));
    assertClose(x.grad?.data ?? [], [0.5, 0, 0.5, 1 / 3, 1 / 3, 1 / 3], "tie split", { rel: 1e-15 });
    tape.dispose();
  });

  test("the gradient of sum and mean is the upstream gradient broadcast back", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]).trainable();
    const w = f64([10, 20]);
    const tape = new Tape();
    tape.backward(tape.run(() => sum(mean(x, 1), undefined)), undefined);
    assertClose(x.grad?.data ?? [], [1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3], "∂ mean", { rel: 1e-15 });
    const y = tape.run(() => sum(x, 1));
    clearGrad(x);
    tape.backward(y, w);
    assert.deepEqual(x.grad?.toArray(), [10, 10, 10, 20, 20, 20]);
    tape.dispose();
  });
});
