// BatchNorm and LayerNorm away from PyTorch's defaults (ε = 0.05 / 0.1, momentum 0.3) against
// PyTorch 1.13 in float64: a layer that ignored its ε or momentum would pass the default-setting
// fixtures but fails these. Numbers from test/fixtures/nn_layers_norm_options.json, written by
// scripts/fixtures_nn_layers.py.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Rng, Tape, tensor, zeroGrad, type Tensor } from "../../src/core/index.js";
import { BatchNorm, LayerNorm } from "../../src/nn/index.js";

interface Packed { shape: number[]; data: number[] }
interface NormStep {
  x: Packed; g: Packed; y: Packed;
  "grad.x": Packed; "grad.weight"?: Packed; "grad.bias"?: Packed;
  running_mean?: Packed; running_var?: Packed;
}
interface Fixture {
  torch: string;
  batchNorm: { config: { width: number; eps: number; momentum: number }; init: { weight: Packed; bias: Packed }; steps: NormStep[]; eval: NormStep };
  layerNormPlain: NormStep & { config: { width: number; eps: number } };
}

const fx = JSON.parse(readFileSync(new URL("../../../test/fixtures/nn_layers_norm_options.json", import.meta.url), "utf8")) as Fixture;

/** |a − b| ≤ 1e-10·max(|a|, |b|) + 1e-14, element by element, shapes equal. */
function assertClose(what: string, actual: Tensor | null | undefined, expected: Packed | undefined): void {
  assert.ok(expected, `${what}: missing from the fixture`);
  assert.ok(actual, `${what}: no tensor`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  expected.data.forEach((b, i) => {
    const a = actual.data[i];
    const bound = 1e-10 * Math.max(Math.abs(a), Math.abs(b)) + 1e-14;
    if (!(Math.abs(a - b) <= bound)) assert.fail(`${what}[${i}]: got ${a}, PyTorch ${b}`);
  });
}

const f64 = (p: Packed) => tensor(p.data, p.shape, "float64");

/** One forward and backward of Σ g⊙y through the layer, compared with everything the step holds. */
function checkStep(what: string, norm: BatchNorm | LayerNorm, step: NormStep, training: boolean): void {
  zeroGrad([norm.gamma, norm.beta].filter((t): t is Tensor => t !== null));
  const tape = new Tape();
  try {
    tape.run(() => {
      const x = f64(step.x).trainable();
      const y = norm instanceof BatchNorm ? norm.forward(x, { training, rng: new Rng(0) }) : norm.forward(x);
      tape.backward(y, f64(step.g));
      assertClose(`${what} y`, y, step.y);
      assertClose(`${what} ∂x`, x.grad, step["grad.x"]);
      if (step["grad.weight"] !== undefined) assertClose(`${what} ∂γ`, norm.gamma?.grad, step["grad.weight"]);
      if (step["grad.bias"] !== undefined) assertClose(`${what} ∂β`, norm.beta?.grad, step["grad.bias"]);
    });
  } finally {
    tape.dispose();
  }
  if (norm instanceof BatchNorm && step.running_mean !== undefined) {
    assertClose(`${what} running_mean`, norm.runningMean, step.running_mean);
    assertClose(`${what} running_var`, norm.runningVar, step.running_var);
  }
}

test(`BatchNorm1d(eps 0.05, momentum 0.3) matches PyTorch ${fx.torch}: 3 training steps with running statistics, then evaluation`, () => {
  const c = fx.batchNorm.config;
  assert.deepEqual([c.eps, c.momentum], [0.05, 0.3]);
  const bn = new BatchNorm("bn", c.width, { eps: c.eps, momentum: c.momentum, affine: true }, "float64");
  bn.gamma?.data.set(fx.batchNorm.init.weight.data);
  bn.beta?.data.set(fx.batchNorm.init.bias.data);
  fx.batchNorm.steps.forEach((step, k) => checkStep(`train step ${k + 1}`, bn, step, true));
  checkStep("eval", bn, fx.batchNorm.eval, false);
});

test("the same batches with PyTorch's default ε or momentum do not match (the fixture tells the settings apart)", () => {
  const c = fx.batchNorm.config;
  for (const [eps, momentum] of [[1e-5, c.momentum], [c.eps, 0.1]]) {
    const bn = new BatchNorm("bn", c.width, { eps, momentum, affine: true }, "float64");
    bn.gamma?.data.set(fx.batchNorm.init.weight.data);
    bn.beta?.data.set(fx.batchNorm.init.bias.data);
    assert.throws(() => fx.batchNorm.steps.forEach((step, k) => checkStep(`ε ${eps} momentum ${momentum} step ${k + 1}`, bn, step, true)), /PyTorch/);
  }
});

test("LayerNorm(eps 0.1, no affine) matches PyTorch: outputs and input gradients", () => {
  const c = fx.layerNormPlain.config;
  const ln = new LayerNorm("ln", c.width, { eps: c.eps, momentum: 0.1, affine: false }, "float64");
  assert.equal(ln.gamma, null);
  checkStep("layer norm", ln, fx.layerNormPlain, true);
  const defaultEps = new LayerNorm("ln", c.width, { eps: 1e-5, momentum: 0.1, affine: false }, "float64");
  assert.throws(() => checkStep("layer norm ε 1e-5", defaultEps, fx.layerNormPlain, true), /PyTorch/);
});
