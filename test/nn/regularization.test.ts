// The L1/L2 penalty of src/nn/regularization.ts: its value, its gradient (gradCheck in float64),
// only decaying parameters, and L2 = coupled weight decay.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Tape, add, gradCheck, mean, square, tensor, type Tensor } from "../../src/core/index.js";
import { createOptimizer } from "../../src/nn/optim/index.js";
import type { Parameter } from "../../src/nn/parameter.js";
import { penalty } from "../../src/nn/regularization.js";

const W = [0.7, -1.3, 0.25, 2.1, -0.45, 0.9];
const V = [-0.6, 0.35, 1.8];
const B = [5, -7];

function params(): Parameter[] {
  return [
    { name: "layers.0.weight", value: tensor(W, [2, 3], "float64").trainable(), decay: true },
    { name: "layers.0.bias", value: tensor(B, [2], "float64").trainable(), decay: false },
    { name: "head.weight", value: tensor(V, [1, 3], "float64").trainable(), decay: true },
  ];
}

const sumAbs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0);
const sumSq = (xs: number[]) => xs.reduce((s, x) => s + x * x, 0);

test("R = λ₁·Σ|w| + (λ₂/2)·Σw² over decaying parameters only", () => {
  const l1 = 0.01, l2 = 0.2;
  const all = [...W, ...V];
  const want = l1 * sumAbs(all) + (l2 / 2) * sumSq(all);
  const r = penalty(params(), { l1, l2 });
  assert.deepEqual(r.shape, []);
  assert.equal(r.dtype, "float64");
  assert.ok(Math.abs(r.item() - want) <= 1e-15 * want, `${r.item()} vs ${want}`);
  assert.ok(Math.abs(penalty(params(), { l1 }).item() - l1 * sumAbs(all)) < 1e-16);
  assert.ok(Math.abs(penalty(params(), { l2 }).item() - (l2 / 2) * sumSq(all)) < 1e-15);
});

test("on the tape: ∂R/∂w = λ₁·sign(w) + λ₂·w, biases get no gradient", () => {
  const l1 = 0.03, l2 = 0.5;
  const ps = params();
  const tape = new Tape();
  tape.run(() => {
    const r = penalty(ps, { l1, l2 });
    assert.ok(r.requiresGrad);
    tape.backward(r);
  });
  tape.dispose();
  const expect = (w: number) => l1 * Math.sign(w) + l2 * w;
  W.forEach((w, i) => assert.ok(Math.abs(ps[0].value.grad!.data[i] - expect(w)) < 1e-15));
  V.forEach((w, i) => assert.ok(Math.abs(ps[2].value.grad!.data[i] - expect(w)) < 1e-15));
  assert.equal(ps[1].value.grad, null);
});

test("gradCheck (float64, central differences) passes away from w = 0", () => {
  const f = (w: Tensor, v: Tensor, b: Tensor) => penalty([
    { name: "w", value: w, decay: true },
    { name: "v", value: v, decay: true },
    { name: "b", value: b, decay: false },
  ], { l1: 0.07, l2: 0.3 });
  const result = gradCheck(f, [tensor(W, [2, 3], "float64"), tensor(V, [3], "float64"), tensor(B, [2], "float64")]);
  assert.ok(result.ok, `max relative error ${result.maxRelError}`);
  assert.equal(result.checked, W.length + V.length + B.length);
});

test("a constant 0 when nothing decays or both coefficients are 0", () => {
  const r0 = penalty(params(), {});
  assert.equal(r0.item(), 0);
  assert.equal(r0.requiresGrad, false);
  assert.equal(r0.dtype, "float64");
  const biasesOnly = params().filter((p) => !p.decay);
  assert.equal(penalty(biasesOnly, { l1: 1, l2: 1 }).item(), 0);
  assert.equal(penalty([], { l2: 1 }).dtype, "float32");
});

test("L2 through the loss equals SGD's coupled weight decay λ₂", () => {
  const lambda = 0.1, lr = 0.05;
  const x = tensor([0.2, -0.4, 0.9], [3, 1], "float64");
  const dataLoss = (ps: Parameter[]) => mean(square(add(ps[0].value, x)));
  const viaPenalty = params(), viaDecay = params();
  const tape = new Tape();
  tape.run(() => {
    const data = dataLoss(viaPenalty.slice(2));
    const reg = penalty(viaPenalty.slice(2), { l2: lambda });
    assert.ok(reg.item() > 0, "the penalty is its own term, reported separately");
    tape.backward(add(data, reg));
  });
  tape.dispose();
  // NOTE: a second loss gets its own tape: Tape.backward walks every node the tape recorded.
  const other = new Tape();
  other.run(() => other.backward(dataLoss(viaDecay.slice(2))));
  other.dispose();
  createOptimizer("sgd").step(viaPenalty.slice(2), lr);
  createOptimizer({ name: "sgd", weightDecay: lambda }).step(viaDecay.slice(2), lr);
  viaDecay[2].value.data.forEach((v, i) => assert.ok(Math.abs(viaPenalty[2].value.data[i] - v) <= 1e-15 * Math.abs(v)));
});

test("negative or non-finite coefficients are errors naming the field", () => {
  const naming = (fn: () => unknown, ...fragments: string[]) =>
    assert.throws(fn, (e: unknown) => e instanceof GradscopeError && fragments.every((f) => e.message.includes(f)));
  naming(() => penalty(params(), { l1: -0.1 }), "regularization.l1", "-0.1", "≥ 0");
  naming(() => penalty(params(), { l2: Number.NaN }), "regularization.l2");
  naming(() => penalty(params(), { l2: -1 }, "train.regularization"), "train.regularization.l2");
});
