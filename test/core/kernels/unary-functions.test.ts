import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UnaryKind } from "../../../src/core/kernels/kernels.js";
import { unaryDerivative, unaryForward } from "../../../src/core/kernels/reference/index.js";
import { alphaFor, UNARY_KINDS } from "./helpers.js";

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1e-300, Math.abs(b));

describe("reference unary functions: known values (float64)", () => {
  const cases: [UnaryKind, number, number, number][] = [
    // kind, x, alpha, f(x) from mpmath
    ["gelu", 1, 0, 0.8413447460685429],
    ["gelu", -1, 0, -0.15865525393145705],
    ["gelu", -10, 0, -7.619853024160526e-23],
    ["gelu", 3, 0, 2.99595030590511],
    ["selu", 1, 0, 1.0507009873554805],
    ["selu", -1, 0, -1.1113307378125628],
    ["softplus", 30, 0, 30],
    ["softplus", 0, 0, 0.6931471805599453],
    ["softplus", -30, 0, 9.357622968839737e-14],
    ["silu", 1, 0, 0.7310585786300049],
    ["elu", -1, 1, -0.6321205588285577],
    ["sigmoid", 0, 0, 0.5],
    ["sigmoid", -800, 0, 0],
    ["sigmoid", 800, 0, 1],
    ["tanh", 0.5, 0, 0.46211715726000974],
    ["leakyRelu", -2, 0.01, -0.02],
    ["hardTanh", 3, 0, 1],
    ["hardTanh", -0.25, 0, -0.25],
  ];
  for (const [kind, x, alpha, want] of cases) {
    it(`${kind}(${x}) = ${want}`, () => {
      assert.ok(close(unaryForward(kind, x, alpha), want, 2e-15), `got ${unaryForward(kind, x, alpha)}`);
    });
  }

  it("softplus follows PyTorch's threshold 20 (x > 20 gives x exactly)", () => {
    assert.equal(unaryForward("softplus", 20.5, 0), 20.5);
    assert.ok(close(unaryForward("softplus", 20, 0), 20.000000002061153, 1e-15));
  });

  it("gelu' at 1 and −2 (Φ(x) + x·φ(x))", () => {
    assert.ok(close(unaryDerivative("gelu", 1, 0, 0), 1.0833154705876864, 2e-15));
    assert.ok(close(unaryDerivative("gelu", -2, 0, 0), -0.0852318010781969, 1e-14));
  });
});

describe("reference derivatives: PyTorch conventions at kinks", () => {
  const d = (kind: UnaryKind, x: number, alpha = 0): number => unaryDerivative(kind, x, unaryForward(kind, x, alpha), alpha);
  it("relu'(0) = 0, relu'(>0) = 1", () => { assert.equal(d("relu", 0), 0); assert.equal(d("relu", 1e-30), 1); });
  it("leakyRelu'(0) = alpha", () => assert.equal(d("leakyRelu", 0, 0.1), 0.1));
  it("elu'(0) = alpha, selu'(0) = scale·alpha", () => {
    assert.equal(d("elu", 0, 0.7), 0.7);
    assert.ok(close(d("selu", 0), 1.0507009873554805 * 1.6732632423543772, 1e-15));
  });
  it("hardTanh' is 0 at ±1 and outside, 1 strictly inside", () => {
    assert.deepEqual([-2, -1, -0.999, 0, 0.999, 1, 2].map((x) => d("hardTanh", x)), [0, 0, 1, 1, 1, 0, 0]);
  });
  it("abs' is sign(x), 0 at 0", () => assert.deepEqual([-3, 0, 3].map((x) => d("abs", x)), [-1, 0, 1]));
  it("NaN in gives NaN out of every forward", () => {
    for (const kind of UNARY_KINDS) assert.ok(Number.isNaN(unaryForward(kind, NaN, alphaFor(kind))), kind);
  });
});

describe("reference derivatives against central differences (float64)", () => {
  /** Test points for each kind, away from kinks and inside the domain. */
  function points(kind: UnaryKind): number[] {
    const all = [-6, -3.3, -2, -1.37, -0.8, -0.3, -0.05, 0.05, 0.3, 0.8, 1.37, 2, 3.3, 6];
    switch (kind) {
      case "log": case "sqrt": return all.filter((x) => x > 0);
      case "hardTanh": return all.filter((x) => Math.abs(Math.abs(x) - 1) > 0.1);
      default: return all;
    }
  }
  for (const kind of UNARY_KINDS) {
    it(`${kind}: |analytic − numeric| / (|a| + |n|) < 1e-7`, () => {
      const alpha = alphaFor(kind);
      for (const x of points(kind)) {
        const h = 1e-5 * Math.max(1, Math.abs(x));
        const numeric = (unaryForward(kind, x + h, alpha) - unaryForward(kind, x - h, alpha)) / (2 * h);
        const analytic = unaryDerivative(kind, x, unaryForward(kind, x, alpha), alpha);
        const err = Math.abs(analytic - numeric) / Math.max(1e-12, Math.abs(analytic) + Math.abs(numeric));
        assert.ok(err < 1e-7, `${kind}'(${x}): analytic ${analytic}, numeric ${numeric}`);
      }
    });
  }
});
