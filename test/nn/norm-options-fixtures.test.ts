// BatchNorm and LayerNorm away from PyTorch's defaults (ε = 0.05 / 0.1, momentum 0.3) against
// PyTorch 1.13 in float64: a layer that ignored its ε or momentum would pass the default-setting
// fixtures but fails these. Numbers from test/fixtures/nn_layers_norm_options.json, written by
// scripts/fixtures_nn_layers.py.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BatchNorm, LayerNorm } from "../../src/nn/index.js";
import { checkNormStep, loadFixture, type NormStep, type Packed } from "../helpers/torch-fixtures.js";

interface Fixture {
  torch: string;
  batchNorm: { config: { width: number; eps: number; momentum: number }; init: { weight: Packed; bias: Packed }; steps: NormStep[]; eval: NormStep };
  layerNormPlain: NormStep & { config: { width: number; eps: number } };
}

const fx = loadFixture<Fixture>("nn_layers_norm_options.json");

test(`BatchNorm1d(eps 0.05, momentum 0.3) matches PyTorch ${fx.torch}: 3 training steps with running statistics, then evaluation`, () => {
  const c = fx.batchNorm.config;
  assert.deepEqual([c.eps, c.momentum], [0.05, 0.3]);
  const bn = new BatchNorm("bn", c.width, { eps: c.eps, momentum: c.momentum, affine: true }, "float64");
  bn.gamma?.data.set(fx.batchNorm.init.weight.data);
  bn.beta?.data.set(fx.batchNorm.init.bias.data);
  fx.batchNorm.steps.forEach((step, k) => checkNormStep(`train step ${k + 1}`, bn, step, true));
  checkNormStep("eval", bn, fx.batchNorm.eval, false);
});

test("the same batches with PyTorch's default ε or momentum do not match (the fixture tells the settings apart)", () => {
  const c = fx.batchNorm.config;
  for (const [eps, momentum] of [[1e-5, c.momentum], [c.eps, 0.1]]) {
    const bn = new BatchNorm("bn", c.width, { eps, momentum, affine: true }, "float64");
    bn.gamma?.data.set(fx.batchNorm.init.weight.data);
    bn.beta?.data.set(fx.batchNorm.init.bias.data);
    assert.throws(() => fx.batchNorm.steps.forEach((step, k) => checkNormStep(`ε ${eps} momentum ${momentum} step ${k + 1}`, bn, step, true)), /PyTorch/);
  }
});

test("LayerNorm(eps 0.1, no affine) matches PyTorch: outputs and input gradients", () => {
  const c = fx.layerNormPlain.config;
  const ln = new LayerNorm("ln", c.width, { eps: c.eps, momentum: 0.1, affine: false }, "float64");
  assert.equal(ln.gamma, null);
  checkNormStep("layer norm", ln, fx.layerNormPlain, true);
  const defaultEps = new LayerNorm("ln", c.width, { eps: 1e-5, momentum: 0.1, affine: false }, "float64");
  assert.throws(() => checkNormStep("layer norm ε 1e-5", defaultEps, fx.layerNormPlain, true), /PyTorch/);
});
