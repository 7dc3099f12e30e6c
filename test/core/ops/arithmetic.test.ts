// Broadcasting binary ops (add, sub, mul, div, maximum, minimum) and where: gradient checks
// in float64 over broadcasting shape pairs, forward values against a coordinate-wise
// definition, edge values, and the tie and NaN conventions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Rng, Tape, add, div, maximum, minimum, mul, sub, sum, where, type Operand, type Tensor,
} from "../../../src/core/index.js";
import {
  assertClose, assertGradOk, clearGrad, assertTensor, awayFrom, count, distinctValues, f32, f64, randomF64, signedMagnitudes,
} from "../../helpers/core.js";
import { refBinary, refWhere } from "../../helpers/reference.js";

type Binary = (x: Operand, y: Operand) => Tensor;

const ops: { name: string; op: Binary; f: (x: number, y: number) => number }[] = [
  { name: "add", op: add, f: (x, y) => x + y },
  { name: "sub", op: sub, f: (x, y) => x - y },
  { name: "mul", op: mul, f: (x, y) => x * y },
  { name: "div", op: div, f: (x, y) => x / y },
  { name: "maximum", op: maximum, f: (x, y) => Math.max(x, y) },
  { name: "minimum", op: minimum, f: (x, y) => Math.min(x, y) },
];

/** Shape pairs: equal, scalar either side, row, column, leading dims, both sides stretched. */
const shapePairs: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[3, 4], []],
  [[], [2, 3]],
  [[3, 4], [4]],
  [[4], [3, 4]],
  [[3, 4], [3, 1]],
  [[1, 4], [3, 1]],
  [[2, 3, 4], [4]],
  [[2, 3, 4], [3, 1]],
  [[2, 1, 4], [1, 3, 1]],
  [[5], [5]],
];

/**
 * Operands for an op: divisors of magnitude ≥ 0.5; for maximum/minimum every broadcast pair
 * (x, y) differs by more than 1e-2 (no ties, where the derivative jumps).
 */
function operands(name: string, rng: Rng, xs: number[], ys: number[]): [Tensor, Tensor] {
  if (name === "div") return [randomF64(rng, xs), f64(signedMagnitudes(rng, count(ys), 0.5, 2), ys)];
  if (name === "maximum" || name === "minimum") {
    for (;;) {
      const x = randomF64(rng, xs), y = randomF64(rng, ys);
      const gaps = refBinary(x.data, xs, y.data, ys, (u, v) => Math.abs(u - v)).values;
      if (gaps.every((g) => g > 1e-2)) return [x, y];
    }
  }
  return [randomF64(rng, xs), randomF64(rng, ys)];
}

describe("binary ops: gradients (float64, central differences)", () => {
  for (const { name, op } of ops) {
    test(`${name} over broadcasting shape pairs`, () => {
      const rng = new Rng(101);
      for (const [xs, ys] of shapePairs) {
        const [x, y] = operands(name, rng, xs, ys);
        assertGradOk((a, b) => op(a, b), [x, y], `${name} [${xs}]·[${ys}]`);
      }
    });
  }

  test("number operands on either side", () => {
    const rng = new Rng(7);
    const x = randomF64(rng, [2, 3], 0.5, 2);
    assertGradOk((a) => add(a, 2.5), [x], "x + 2.5");
    assertGradOk((a) => add(-1, a), [x], "−1 + x");
    assertGradOk((a) => sub(1, a), [x], "1 − x");
    assertGradOk((a) => mul(a, -3), [x], "x · −3");
    assertGradOk((a) => div(1, a), [x], "1 / x");
    assertGradOk((a) => div(a, 4), [x], "x / 4");
    assertGradOk((a) => maximum(a, 1.234), [x], "maximum(x, 1.234)");
    assertGradOk((a) => minimum(0.777, a), [x], "minimum(0.777, x)");
  });

  test("an operand used on both sides gets both contributions", () => {
    const x = randomF64(new Rng(8), [3, 2], 0.5, 2);
    assertGradOk((a) => mul(a, a), [x], "x·x");
    assertGradOk((a) => div(a, add(a, 3)), [x], "x/(x+3)");
    assertGradOk((a) => sub(a, a), [x], "x − x");
  });
});

describe("binary ops: forward values", () => {
  for (const { name, op, f } of ops) {
    test(`${name} equals the coordinate-wise definition under broadcasting`, () => {
      const rng = new Rng(202);
      for (const [xs, ys] of shapePairs) {
        const [x, y] = operands(name, rng, xs, ys);
        const want = refBinary(x.data, xs, y.data, ys, f);
        // One rounding per element in float64: equal bit for bit.
        assertTensor(op(x, y), want.shape, want.values, `${name} [${xs}]·[${ys}]`, { rel: 0 });
      }
    });
  }

  test("float32 results are the float64 results rounded once", () => {
    const rng = new Rng(3);
    const xv = awayFrom(rng, 12, -3, 3), yv = signedMagnitudes(rng, 4, 0.5, 3);
    for (const { name, op, f } of ops) {
      const x = f32(xv, [3, 4]), y = f32(yv, [4]);
      const want = refBinary(x.data, [3, 4], y.data, [4], (u, v) => Math.fround(f(u, v))).values;
      const z = op(x, y);
      assert.equal(z.dtype, "float32");
      assertClose(z.data, want, `${name} float32`, { rel: 0 });
    }
  });

  test("edge values: infinities, zero divisors and NaN propagate as in IEEE arithmetic", () => {
    const xs = [Infinity, 1, 0, -0, NaN, 5, 1e308, -Infinity];
    const ys = [-Infinity, 0, 0, 1, 2, NaN, 1e308, -Infinity];
    const x = f64(xs), y = f64(ys);
    const table: [Binary, (u: number, v: number) => number, string][] = [
      [add, (u, v) => u + v, "add"], [sub, (u, v) => u - v, "sub"], [mul, (u, v) => u * v, "mul"], [div, (u, v) => u / v, "div"],
    ];
    for (const [op, fn, name] of table) assertClose(op(x, y).data, xs.map((u, i) => fn(u, ys[i])), name, { rel: 0 });
    assertClose(add(x, y).data, [NaN, 1, 0, 1, NaN, NaN, Infinity, -Infinity], "add spelled out", { rel: 0 });
    assertClose(div(x, y).data, [NaN, Infinity, NaN, -0, NaN, NaN, 1, NaN], "div spelled out", { rel: 0 });
    assert.ok(Object.is(mul(f64([-0]), f64([5])).item(), -0), "−0·5 = −0");
  });

  test("maximum and minimum return NaN when either side is NaN (as PyTorch)", () => {
    const x = f64([NaN, 1, NaN, 2]), y = f64([1, NaN, NaN, 3]);
    assertClose(maximum(x, y).data, [NaN, NaN, NaN, 3], "maximum", { rel: 0 });
    assertClose(minimum(x, y).data, [NaN, NaN, NaN, 2], "minimum", { rel: 0 });
    assertClose(maximum(y, x).data, [NaN, NaN, NaN, 3], "maximum swapped", { rel: 0 });
    assertClose(minimum(y, x).data, [NaN, NaN, NaN, 2], "minimum swapped", { rel: 0 });
  });

  test("maximum and minimum split the gradient in halves at ties", () => {
    for (const [op, name] of [[maximum, "maximum"], [minimum, "minimum"]] as const) {
      const x = f64([1, 2, 3]).trainable(), y = f64([1, 0, 5]).trainable();
      const tape = new Tape();
      tape.backward(tape.run(() => sum(op(x, y))));
      const xWins = name === "maximum" ? [0.5, 1, 0] : [0.5, 0, 1];
      assertClose(x.grad?.data ?? [], xWins, `${name} ∂x`, { rel: 0 });
      assertClose(y.grad?.data ?? [], xWins.map((g) => 1 - g), `${name} ∂y`, { rel: 0 });
      tape.dispose();
    }
  });

  test("a number operand takes the tensor's dtype", () => {
    assert.equal(add(f64([1]), 2).dtype, "float64");
    assert.equal(sub(3, f32([1])).dtype, "float32");
    assert.deepEqual(sub(3, f64([1, 2])).toArray(), [2, 1]);
    assert.deepEqual(div(f64([1, 2]), 4).toArray(), [0.25, 0.5]);
  });

  test("the bias fast path ([rows, cols] + [cols]) agrees with the general path ([cols] + [rows, cols])", () => {
    const rng = new Rng(11);
    const x = randomF64(rng, [4, 5]).trainable(), b = randomF64(rng, [5]).trainable();
    const grads = (first: boolean): number[][] => {
      clearGrad(x, b);
      const tape = new Tape();
      const w = randomF64(new Rng(12), [4, 5]);
      const out = tape.run(() => sum(mul(first ? add(x, b) : add(b, x), w)));
      tape.backward(out);
      const result = [Array.from(x.grad?.data ?? []), Array.from(b.grad?.data ?? []), [out.item()]];
      tape.dispose();
      return result;
    };
    assert.deepEqual(grads(true), grads(false));
    assertClose(add(x, b).data, refBinary(x.data, [4, 5], b.data, [5], (u, v) => u + v).values, "bias add", { rel: 0 });
  });
});

describe("where", () => {
  const cases: { cs: number[]; xs: number[]; ys: number[] }[] = [
    { cs: [3, 4], xs: [3, 4], ys: [3, 4] },
    { cs: [3, 1], xs: [3, 4], ys: [4] },
    { cs: [4], xs: [2, 3, 4], ys: [] },
    { cs: [2, 1, 1], xs: [1, 3, 1], ys: [1, 1, 4] },
  ];

  test("gradients flow to the chosen branch only, with broadcasting", () => {
    const rng = new Rng(303);
    for (const { cs, xs, ys } of cases) {
      const cond = f64(Array.from({ length: count(cs) }, (_, i) => (i % 3 === 1 ? 0 : i % 3 === 2 ? -2 : 1)), cs);
      const x = randomF64(rng, xs), y = randomF64(rng, ys);
      assertGradOk((a, b) => where(cond, a, b), [x, y], `where [${cs}] [${xs}] [${ys}]`);
      assertGradOk((a) => where(cond, a, 0.5), [x], `where [${cs}] [${xs}] 0.5`);
      assertGradOk((b) => where(cond, -1.5, b), [y], `where [${cs}] −1.5 [${ys}]`);
    }
  });

  test("forward values: x where cond ≠ 0 (NaN counts as true), else y", () => {
    const rng = new Rng(304);
    for (const { cs, xs, ys } of cases) {
      const cv = Array.from({ length: count(cs) }, (_, i) => [0, 1, -3, NaN][i % 4]);
      const cond = f64(cv, cs), x = randomF64(rng, xs), y = randomF64(rng, ys);
      const want = refWhere(cond.data, cs, x.data, xs, y.data, ys);
      assertTensor(where(cond, x, y), want.shape, want.values, `where [${cs}] [${xs}] [${ys}]`, { rel: 0 });
    }
    assert.deepEqual(where(f32([1, 0, 1]), 7, -7).toArray(), [7, -7, 7]);
  });

  test("a NaN or infinity in the branch not taken leaks into neither the value nor the gradient", () => {
    const x = f64([1, NaN, 3, Infinity]).trainable(), y = f64([NaN, 2, -Infinity, 4]).trainable();
    const cond = f64([1, 0, 1, 0]);
    const tape = new Tape();
    const z = tape.run(() => where(cond, x, y));
    assert.deepEqual(z.toArray(), [1, 2, 3, 4]);
    tape.backward(tape.run(() => sum(mul(z, 2))));
    assert.deepEqual(x.grad?.toArray(), [2, 0, 2, 0]);
    assert.deepEqual(y.grad?.toArray(), [0, 2, 0, 2]);
    tape.dispose();
  });

  test("cond receives no gradient and may be float32 while the branches are float64", () => {
    const cond = f32([1, 0]).trainable();
    const x = f64([1, 2]).trainable(), y = f64([3, 4]).trainable();
    const tape = new Tape();
    const z = tape.run(() => sum(where(cond, x, y)));
    assert.equal(z.dtype, "float64");
    tape.backward(z);
    assert.equal(cond.grad, null);
    assert.deepEqual(x.grad?.toArray(), [1, 0]);
    tape.dispose();
  });

  test("distinctValues helper keeps pairwise gaps (sanity of the no-ties generator)", () => {
    const v = distinctValues(new Rng(5), 40).sort((a, b) => a - b);
    for (let i = 1; i < v.length; i++) assert.ok(v[i] - v[i - 1] > 0.05);
  });
});
