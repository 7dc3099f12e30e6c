// Two more Network layouts against PyTorch 1.13 twins in float64 (test/fixtures/nn_layers_networks.json,
// written by scripts/fixtures_nn_layers.py): batch norm after φ with non-default ε and momentum and
// post-norm residual blocks under MSE, and layer norm before φ with pre-norm blocks and a 1/√blocks
// branch scale under cross-entropy. Each: a training-mode pass (logits, loss, every ∂L/∂P, ∂L/∂h_l,
// running statistics after it), then an evaluation-mode pass with those statistics.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Rng, Tape, tensor, zeroGrad, type Tensor } from "../../src/core/index.js";
import { Network, defaultNetworkSpec, losses, type NetworkSpec, type NormSpec, type ResidualSpec } from "../../src/nn/index.js";

interface Packed { shape: number[]; data: number[] }
interface Pass { logits: Packed; loss: number; grads: Record<string, Packed>; buffers: Record<string, Packed> }
interface Net {
  config: { inputs: number; widths: number[]; outputs: number; activation: string; loss: "softmaxCrossEntropy" | "meanSquaredError"; norm: NormSpec; residual: ResidualSpec };
  params: Record<string, Packed>;
  x: Packed; targets: Packed;
  train: Pass; eval: Pass;
}
interface Fixture { torch: string; nets: Record<string, Net> }

const fx = JSON.parse(readFileSync(new URL("../../../test/fixtures/nn_layers_networks.json", import.meta.url), "utf8")) as Fixture;

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

/** One pass of the net on the fixture batch in the given mode, compared with PyTorch's pass. */
function checkPass(name: string, net: Network, fixture: Net, training: boolean): void {
  const want = training ? fixture.train : fixture.eval;
  const mode = training ? "train" : "eval";
  const params = net.parameters();
  zeroGrad(params.map((p) => p.value));
  const targets = fixture.config.loss === "softmaxCrossEntropy" ? Int32Array.from(fixture.targets.data) : f64(fixture.targets);
  const tape = new Tape();
  try {
    tape.run(() => {
      const { output, layers } = net.forwardTrace(f64(fixture.x), { training, rng: new Rng(0) });
      const loss = losses[fixture.config.loss](output, targets);
      tape.backward(loss);
      assertClose(`${name} ${mode} loss`, loss, { shape: [], data: [want.loss] });
      assertClose(`${name} ${mode} logits`, output, want.logits);
      layers.forEach((l, i) => assertClose(`${name} ${mode} delta.${i}`, l.pre.grad, want.grads[`delta.${i}`]));
    });
  } finally {
    tape.dispose();
  }
  for (const p of params) assertClose(`${name} ${mode} grad.${p.name}`, p.value.grad, want.grads[`grad.${p.name}`]);
  const buffers = net.buffers();
  assert.deepEqual(buffers.map((b) => b.name).sort(), Object.keys(want.buffers).sort(), `${name}: buffer names`);
  for (const b of buffers) assertClose(`${name} ${mode} ${b.name}`, b.value, want.buffers[b.name]);
}

for (const [name, fixture] of Object.entries(fx.nets)) {
  const c = fixture.config;
  test(`${name} (${c.activation}, ${c.norm.kind} norm ${c.norm.placement} φ, ε ${c.norm.eps}, residual every ${c.residual.every} ${c.residual.norm}-norm, scale ${c.residual.scale}) matches PyTorch ${fx.torch} in training and evaluation`, () => {
    const spec: NetworkSpec = {
      ...defaultNetworkSpec,
      inputs: c.inputs, outputs: c.outputs, widths: c.widths, activation: c.activation, init: "xavierNormal", biasInit: "zeros", bias: true,
      norm: c.norm, residual: c.residual, dropout: 0,
    };
    const net = new Network(spec, new Rng(1), "float64");
    const params = net.parameters();
    assert.deepEqual(params.map((p) => p.name).sort(), Object.keys(fixture.params).sort(), "parameter names");
    for (const p of params) {
      assert.deepEqual(p.value.shape, fixture.params[p.name].shape, `${p.name} shape`);
      p.value.data.set(fixture.params[p.name].data);
    }
    checkPass(name, net, fixture, true);
    checkPass(name, net, fixture, false);
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
