// Two more Network layouts against PyTorch 1.13 twins in float64 (test/fixtures/nn_layers_networks.json,
// written by scripts/fixtures_nn_layers.py): batch norm after φ with non-default ε and momentum and
// post-norm residual blocks under MSE, and layer norm before φ with pre-norm blocks and a 1/√blocks
// branch scale under cross-entropy. Each: a training-mode pass (logits, loss, every ∂L/∂P, ∂L/∂h_l,
// running statistics after it), then an evaluation-mode pass with those statistics.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/index.js";
import { Network, defaultNetworkSpec, type NetworkSpec, type NormSpec, type ResidualSpec } from "../../src/nn/index.js";
import { checkNetworkPass, fromPacked, loadFixture, loadTorchParams, type Packed, type TorchPass } from "../helpers/torch-fixtures.js";

interface Net {
  config: { inputs: number; widths: number[]; outputs: number; activation: string; loss: "softmaxCrossEntropy" | "meanSquaredError"; norm: NormSpec; residual: ResidualSpec };
  params: Record<string, Packed>;
  x: Packed; targets: Packed;
  train: TorchPass; eval: TorchPass;
}
interface Fixture { torch: string; nets: Record<string, Net> }

const fx = loadFixture<Fixture>("nn_layers_networks.json");

for (const [name, fixture] of Object.entries(fx.nets)) {
  const c = fixture.config;
  test(`${name} (${c.activation}, ${c.norm.kind} norm ${c.norm.placement} φ, ε ${c.norm.eps}, residual every ${c.residual.every} ${c.residual.norm}-norm, scale ${c.residual.scale}) matches PyTorch ${fx.torch} in training and evaluation`, () => {
    const spec: NetworkSpec = {
      ...defaultNetworkSpec,
      inputs: c.inputs, outputs: c.outputs, widths: c.widths, activation: c.activation, init: "xavierNormal", biasInit: "zeros", bias: true,
      norm: c.norm, residual: c.residual, dropout: 0,
    };
    const net = new Network(spec, new Rng(1), "float64");
    loadTorchParams(net, fixture.params);
    const targets = c.loss === "softmaxCrossEntropy" ? Int32Array.from(fixture.targets.data) : fromPacked(fixture.targets);
    checkNetworkPass(`${name} train`, net, fixture.x, c.loss, targets, fixture.train, true);
    checkNetworkPass(`${name} eval`, net, fixture.x, c.loss, targets, fixture.eval, false);
    net.dispose();
  });
}

test("the fixture nets cover batch norm after φ with post-norm and layer norm before φ with pre-norm", () => {
  assert.match(fx.torch, /^1\.13/);
  const layouts = Object.values(fx.nets).map((n) => `${n.config.norm.kind}/${n.config.norm.placement}/${n.config.residual.norm}`).sort();
  assert.deepEqual(layouts, ["batch/after/post", "layer/before/pre"]);
  // The eval pass really differs from the training pass for batch norm (running vs batch statistics).
  const bn = Object.values(fx.nets).find((n) => n.config.norm.kind === "batch");
  assert.ok(bn && bn.train.loss !== bn.eval.loss);
});
