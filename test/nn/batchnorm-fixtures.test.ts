// Batch norm, layer norm and a small residual BN network against PyTorch 1.13 in float64:
// outputs, gradients and running statistics to 1e-10 relative. The numbers come from
// test/fixtures/nn_layers_*.json, written by scripts/fixtures_nn_layers.py.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/index.js";
import { BatchNorm, LayerNorm, Network, defaultNetworkSpec, type NetworkSpec } from "../../src/nn/index.js";
import { checkNetworkPass, checkNormStep, loadFixture, loadTorchParams, type NormStep, type Packed, type TorchPass } from "../helpers/torch-fixtures.js";

interface NormFixture {
  torch: string;
  batchNorm: { config: { width: number; eps: number; momentum: number }; init: { weight: Packed; bias: Packed }; steps: NormStep[]; eval: NormStep };
  batchNormPlain: { config: { width: number; eps: number; momentum: number }; step: NormStep };
  layerNorm: NormStep & { config: { width: number; eps: number }; weight: Packed; bias: Packed };
}

interface NetworkFixture extends TorchPass {
  torch: string;
  config: { inputs: number; widths: number[]; outputs: number; batch: number; every: number; eps: number; momentum: number };
  x: Packed; y: Packed;
  params: Record<string, Packed>;
}

const norms = loadFixture<NormFixture>("nn_layers_norm.json");
const netFx = loadFixture<NetworkFixture>("nn_layers_network.json");

test("fixtures come from PyTorch 1.13", () => {
  assert.match(norms.torch, /^1\.13/);
  assert.match(netFx.torch, /^1\.13/);
});

test("BatchNorm1d (affine) matches PyTorch over 3 training steps, then in evaluation mode", () => {
  const fx = norms.batchNorm;
  const bn = new BatchNorm("bn", fx.config.width, { eps: fx.config.eps, momentum: fx.config.momentum, affine: true }, "float64");
  bn.gamma?.data.set(fx.init.weight.data);
  bn.beta?.data.set(fx.init.bias.data);
  assert.equal(fx.steps.length, 3);
  fx.steps.forEach((step, k) => checkNormStep(`train step ${k + 1}`, bn, step, true));
  const before = [Array.from(bn.runningMean.data), Array.from(bn.runningVar.data)];
  checkNormStep("eval", bn, fx.eval, false);
  assert.deepEqual([Array.from(bn.runningMean.data), Array.from(bn.runningVar.data)], before, "evaluation must not move the running statistics");
});

test("BatchNorm1d without affine parameters matches PyTorch in training", () => {
  const fx = norms.batchNormPlain;
  const bn = new BatchNorm("bn", fx.config.width, { eps: fx.config.eps, momentum: fx.config.momentum, affine: false }, "float64");
  assert.equal(bn.gamma, null);
  checkNormStep("plain", bn, fx.step, true);
});

test("LayerNorm matches PyTorch: outputs and input/γ/β gradients", () => {
  const fx = norms.layerNorm;
  const ln = new LayerNorm("ln", fx.config.width, { eps: fx.config.eps, momentum: 0.1, affine: true }, "float64");
  ln.gamma?.data.set(fx.weight.data);
  ln.beta?.data.set(fx.bias.data);
  checkNormStep("layer norm", ln, fx, true);
});

test("a 3-layer residual net with batch norm before tanh matches PyTorch: loss, logits, every ∂L/∂P, ∂L/∂h and the buffers", () => {
  const c = netFx.config;
  const spec: NetworkSpec = {
    ...defaultNetworkSpec,
    inputs: c.inputs, outputs: c.outputs, widths: c.widths, activation: "tanh", init: "xavierNormal", biasInit: "zeros", bias: true,
    norm: { kind: "batch", placement: "before", eps: c.eps, momentum: c.momentum, affine: true },
    residual: { every: c.every, scale: 1, norm: "none", projection: true },
    dropout: 0,
  };
  const net = new Network(spec, new Rng(1), "float64");
  loadTorchParams(net, netFx.params);
  assert.equal(net.layers.length, c.widths.length);
  checkNetworkPass("training", net, netFx.x, "softmaxCrossEntropy", Int32Array.from(netFx.y.data), netFx, true);
  net.dispose();
});
