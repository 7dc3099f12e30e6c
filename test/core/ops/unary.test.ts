// Elementwise ops: every activation and exp/log/sqrt/abs/square/reciprocal/neg/identity, plus
// pow, clamp and scale. Gradient-checked in float64 at random points away from kinks over
// several shapes; forward values against plain-JS formulas, including edge values.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Rng, Tape, abs, add, clamp, elu, exp, gelu, hardTanh, identity, leakyRelu, log, neg, pow, reciprocal, relu, scale, selu,
  sigmoid, silu, softplus, sqrt, square, sum, tanh, type Tensor,
} from "../../../src/core/index.js";
import { assertClose, assertGradOk, assertTensor, awayFrom, f32, f64 } from "../../helpers/core.js";

const SELU_L = 1.0507009873554804934193349852946;
const SELU_A = 1.6732632423543772848170429916717;

/** erf by its Maclaurin series; for |x| ≤ 3 the cancellation costs at most ~1e-12 absolute. */
function erfSeries(x: number): number {
  let term = x, s = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    s += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}
const Phi = (x: number): number => 0.5 * (1 + erfSeries(x / Math.SQRT2));
const sig = (x: number): number => 1 / (1 + Math.exp(-x));

interface Case {
  name: string;
  op: (x: Tensor) => Tensor;
  /** The plain-JS definition. */
  f: (x: number) => number;
  /** Range of test points and the kinks (or domain edges) to keep away from. */
  lo: number;
  hi: number;
  kinks?: number[];
  /** Distance kept from the kinks (default 1e-2; larger near poles, where f is huge). */
  margin?: number;
}

const cases: Case[] = [
  { name: "identity", op: identity, f: (x) => x, lo: -3, hi: 3 },
  { name: "neg", op: neg, f: (x) => -x, lo: -3, hi: 3 },
  { name: "exp", op: exp, f: Math.exp, lo: -3, hi: 3 },
  { name: "log", op: log, f: Math.log, lo: 0.2, hi: 5 },
  { name: "sqrt", op: sqrt, f: Math.sqrt, lo: 0.2, hi: 5 },
  { name: "abs", op: abs, f: Math.abs, lo: -3, hi: 3, kinks: [0] },
  { name: "square", op: square, f: (x) => x * x, lo: -3, hi: 3 },
  { name: "reciprocal", op: reciprocal, f: (x) => 1 / x, lo: -3, hi: 3, kinks: [0], margin: 0.25 },
  { name: "sigmoid", op: sigmoid, f: sig, lo: -6, hi: 6 },
  { name: "tanh", op: tanh, f: Math.tanh, lo: -4, hi: 4 },
  { name: "relu", op: relu, f: (x) => Math.max(0, x), lo: -3, hi: 3, kinks: [0] },
  { name: "leakyRelu", op: (x) => leakyRelu(x), f: (x) => (x > 0 ? x : 0.01 * x), lo: -3, hi: 3, kinks: [0] },
  { name: "leakyRelu(0.2)", op: (x) => leakyRelu(x, 0.2), f: (x) => (x > 0 ? x : 0.2 * x), lo: -3, hi: 3, kinks: [0] },
  { name: "leakyRelu(−0.5)", op: (x) => leakyRelu(x, -0.5), f: (x) => (x > 0 ? x : -0.5 * x), lo: -3, hi: 3, kinks: [0] },
  { name: "elu", op: (x) => elu(x), f: (x) => (x > 0 ? x : Math.expm1(x)), lo: -4, hi: 3, kinks: [0] },
  { name: "elu(0.5)", op: (x) => elu(x, 0.5), f: (x) => (x > 0 ? x : 0.5 * Math.expm1(x)), lo: -4, hi: 3, kinks: [0] },
  { name: "elu(2)", op: (x) => elu(x, 2), f: (x) => (x > 0 ? x : 2 * Math.expm1(x)), lo: -4, hi: 3, kinks: [0] },
  { name: "selu", op: selu, f: (x) => SELU_L * (x > 0 ? x : SELU_A * Math.expm1(x)), lo: -4, hi: 3, kinks: [0] },
  { name: "gelu", op: gelu, f: (x) => x * Phi(x), lo: -4, hi: 4 },
  { name: "silu", op: silu, f: (x) => x * sig(x), lo: -6, hi: 6 },
  { name: "softplus", op: softplus, f: (x) => Math.log1p(Math.exp(x)), lo: -8, hi: 8 },
  { name: "softplus (x > 20)", op: softplus, f: (x) => x, lo: 20.5, hi: 40 },
  { name: "softplus (x < −20)", op: softplus, f: (x) => Math.log1p(Math.exp(x)), lo: -40, hi: -20.5 },
  { name: "hardTanh", op: hardTanh, f: (x) => Math.min(1, Math.max(-1, x)), lo: -3, hi: 3, kinks: [-1, 1] },
  { name: "pow 2", op: (x) => pow(x, 2), f: (x) => x * x, lo: -3, hi: 3 },
  { name: "pow 3", op: (x) => pow(x, 3), f: (x) => x * x * x, lo: -3, hi: 3 },
  { name: "pow −1", op: (x) => pow(x, -1), f: (x) => 1 / x, lo: -3, hi: 3, kinks: [0], margin: 0.25 },
  { name: "pow −2", op: (x) => pow(x, -2), f: (x) => 1 / (x * x), lo: -3, hi: 3, kinks: [0], margin: 0.25 },
  { name: "pow 1", op: (x) => pow(x, 1), f: (x) => x, lo: -3, hi: 3 },
  { name: "pow 0", op: (x) => pow(x, 0), f: () => 1, lo: -3, hi: 3 },
  { name: "pow 0.5", op: (x) => pow(x, 0.5), f: Math.sqrt, lo: 0.2, hi: 4 },
  { name: "pow 1.5", op: (x) => pow(x, 1.5), f: (x) => x * Math.sqrt(x), lo: 0.2, hi: 4 },
  { name: "pow −0.5", op: (x) => pow(x, -0.5), f: (x) => 1 / Math.sqrt(x), lo: 0.2, hi: 4 },
  { name: "pow 2.7", op: (x) => pow(x, 2.7), f: (x) => Math.exp(2.7 * Math.log(x)), lo: 0.2, hi: 4 },
  { name: "clamp(−0.5, 1.2)", op: (x) => clamp(x, -0.5, 1.2), f: (x) => Math.min(1.2, Math.max(-0.5, x)), lo: -3, hi: 3, kinks: [-0.5, 1.2] },
  { name: "clamp(lo 0)", op: (x) => clamp(x, 0), f: (x) => Math.max(0, x), lo: -3, hi: 3, kinks: [0] },
  { name: "clamp(hi 0.3)", op: (x) => clamp(x, -Infinity, 0.3), f: (x) => Math.min(0.3, x), lo: -3, hi: 3, kinks: [0.3] },
  { name: "clamp()", op: (x) => clamp(x), f: (x) => x, lo: -3, hi: 3 },
  { name: "scale 2.5", op: (x) => scale(x, 2.5), f: (x) => 2.5 * x, lo: -3, hi: 3 },
  { name: "scale −1/3", op: (x) => scale(x, -1 / 3), f: (x) => -x / 3, lo: -3, hi: 3 },
  { name: "scale 0", op: (x) => scale(x, 0), f: () => 0, lo: -3, hi: 3 },
];

const shapes: number[][] = [[], [5], [2, 3], [2, 2, 3]];

describe("elementwise ops: gradients (float64, central differences)", () => {
  for (const c of cases) {
    test(c.name, () => {
      const rng = new Rng(500 + c.name.length);
      for (const shape of shapes) {
        const n = shape.reduce((p, d) => p * d, 1);
        const x = f64(awayFrom(rng, n, c.lo, c.hi, c.kinks ?? [], c.margin ?? 1e-2), shape);
        assertGradOk(c.op, [x], `${c.name} [${shape}]`);
      }
    });
  }

  test("chains of activations (the gradient of a composition)", () => {
    const x = f64(awayFrom(new Rng(9), 8, -2, 2, [0]), [2, 4]);
    assertGradOk((t) => tanh(gelu(silu(t))), [x], "tanh∘gelu∘silu");
    assertGradOk((t) => sigmoid(softplus(elu(t, 0.7))), [x], "sigmoid∘softplus∘elu");
    assertGradOk((t) => log(add(square(t), 1)), [x], "log(1 + x²)");
  });
});

describe("elementwise ops: forward values", () => {
  for (const c of cases) {
    test(`${c.name} equals its plain-JS definition`, () => {
      const xs = awayFrom(new Rng(600), 40, c.lo, c.hi, c.kinks ?? [], 1e-6);
      // gelu: the series erf loses up to ~3e-13 absolute to cancellation at |x| = 4.
      const tol = c.name === "gelu" ? { rel: 1e-11, abs: 2e-12 } : { rel: 1e-13 };
      assertClose(c.op(f64(xs, [8, 5])).data, xs.map(c.f), c.name, tol);
    });
  }

  test("float32 outputs are the float64 values rounded once", () => {
    const xs = awayFrom(new Rng(601), 30, -4, 4);
    for (const c of cases.filter((k) => k.lo < 0 && k.name !== "gelu")) {
      const x = f32(xs);
      const want = Array.from(x.data, (v) => Math.fround(c.f(v)));
      assertClose(c.op(x).data, want, `${c.name} float32`, { rel: 2 ** -23 }); // at most one float32 ulp apart
    }
  });

  test("known values of gelu (Φ from tables)", () => {
    assertClose(gelu(f64([0, 1, -1, 2, 0.5])).data,
      [0, 0.8413447460685429, -0.15865525393145707, 2 * 0.9772498680518208, 0.5 * 0.6914624612740131], "gelu", { rel: 1e-14 });
  });

  test("edge values: zero, large magnitudes, infinities", () => {
    const big = f64([0, -0, 800, -800, Infinity, -Infinity]);
    assertClose(exp(big).data, [1, 1, Infinity, 0, Infinity, 0], "exp", { rel: 0 });
    assertClose(sigmoid(big).data, [0.5, 0.5, 1, 0, 1, 0], "sigmoid saturates without NaN", { rel: 0 });
    assertClose(tanh(big).data, [0, -0, 1, -1, 1, -1], "tanh", { rel: 0 });
    assertClose(relu(big).data, [0, 0, 800, 0, Infinity, 0], "relu", { rel: 0 });
    assertClose(softplus(big).data, [Math.LN2, Math.LN2, 800, 0, Infinity, 0], "softplus never overflows", { rel: 1e-15 });
    assertClose(silu(big).data, [0, -0, 800, -0, Infinity, NaN], "silu (−∞·0 = NaN as in IEEE)", { rel: 0 });
    assertClose(log(f64([0, -1, 1, Infinity])).data, [-Infinity, NaN, 0, Infinity], "log", { rel: 0 });
    assertClose(sqrt(f64([0, -1, 4, Infinity])).data, [0, NaN, 2, Infinity], "sqrt", { rel: 0 });
    assertClose(reciprocal(f64([0, -0, 4, Infinity])).data, [Infinity, -Infinity, 0.25, 0], "reciprocal", { rel: 0 });
    assertClose(abs(f64([-0, -3, Infinity, -Infinity])).data, [0, 3, Infinity, Infinity], "abs", { rel: 0 });
    assertClose(hardTanh(f64([-1, 1, 1e300, -1e300])).data, [-1, 1, 1, -1], "hardTanh", { rel: 0 });
    assertClose(elu(f64([-800, -Infinity])).data, [-1, -1], "elu floor −α", { rel: 0 });
    assertClose(selu(f64([-800])).data, [-SELU_L * SELU_A], "selu floor −λα", { rel: 1e-15 });
    assertClose(pow(f64([0, 0, -8, 2]), 0.5).data, [0, 0, NaN, Math.SQRT2], "pow 0.5", { rel: 1e-15 });
    assertClose(pow(f64([0, -2]), 0).data, [1, 1], "x⁰ = 1, including 0⁰", { rel: 0 });
    assertClose(softplus(f64([-50])).data, [Math.exp(-50)], "softplus(−50) keeps relative accuracy", { rel: 1e-14 });
  });

  test("NaN in gives NaN out of every elementwise op (scale 0 included: NaN·0)", () => {
    const nan = f64([NaN, 1]);
    for (const c of cases) {
      if (c.name === "pow 0") continue; // NaN⁰ = 1 in IEEE and in PyTorch
      assert.ok(Number.isNaN(c.op(nan).data[0]), `${c.name}(NaN)`);
    }
    assert.equal(pow(nan, 0).data[0], 1, "pow(NaN, 0) = 1");
  });
});

describe("elementwise ops: derivative conventions at kinks (PyTorch's)", () => {
  /** ∂Σ op(x) / ∂x at the given points. */
  function grad(op: (x: Tensor) => Tensor, xs: number[]): number[] {
    const x = f64(xs).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(op(x))));
    const g = x.grad?.toArray() ?? [];
    tape.dispose();
    return g;
  }

  test("relu, abs, leakyRelu, elu, selu, hardTanh, clamp at their kinks", () => {
    assert.deepEqual(grad(relu, [-1, 0, 1]), [0, 0, 1]);
    assert.deepEqual(grad(abs, [-2, 0, 2]), [-1, 0, 1]);
    assert.deepEqual(grad((x) => leakyRelu(x, 0.2), [-1, 0, 1]), [0.2, 0.2, 1]);
    assert.deepEqual(grad((x) => elu(x, 0.7), [0, 1]), [0.7, 1]);
    assertClose(grad(selu, [0, 1]), [SELU_L * SELU_A, SELU_L], "selu'", { rel: 1e-15 });
    assert.deepEqual(grad(hardTanh, [-2, -1, 0, 1, 2]), [0, 0, 1, 0, 0]);
    assert.deepEqual(grad((x) => clamp(x, -1, 1), [-2, -1, 0, 1, 2]), [0, 1, 1, 1, 0]);
  });

  test("saturated sigmoid and tanh give zero gradients, not NaN", () => {
    assert.deepEqual(grad(sigmoid, [800, -800]), [0, 0]);
    assert.deepEqual(grad(tanh, [800, -800]), [0, 0]);
    assert.deepEqual(grad(softplus, [800, -800]), [1, 0]);
  });

  test("sqrt and pow at 0 give an infinite slope, pow with exponent 0 a zero slope", () => {
    assert.deepEqual(grad(sqrt, [0]), [Infinity]);
    assert.deepEqual(grad((x) => pow(x, 0.5), [0]), [Infinity]);
    assert.deepEqual(grad((x) => pow(x, 0), [0, 3]), [0, 0]);
    assert.deepEqual(grad((x) => pow(x, 2), [0, 3]), [0, 6]);
  });
});

describe("clamp", () => {
  test("clamp(x, lo, hi) = min(max(x, lo), hi), also when lo > hi (everything becomes hi, as PyTorch)", () => {
    const xs = [-5, 0, 2, 5];
    assertTensor(clamp(f64(xs), -1, 3), [4], [-1, 0, 2, 3], "lo < hi", { rel: 0 });
    assertTensor(clamp(f64(xs), 3, 1), [4], xs.map((v) => Math.min(Math.max(v, 3), 1)), "lo > hi", { rel: 0 });
    assertTensor(clamp(f64([NaN]), -1, 1), [1], [NaN], "NaN passes through");
  });
});
