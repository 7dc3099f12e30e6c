// Batch norm, layer norm and a small residual BN network against PyTorch 1.13 in float64:
// outputs, gradients and running statistics to 1e-10 relative. The numbers come from
// test/fixtures/nn_layers_*.json, written by scripts/fixtures_nn_layers.py.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Rng, Tape, tensor, zeroGrad, type Tensor } from "../../src/core/index.js";
import { BatchNorm, LayerNorm, Network, defaultNetworkSpec, losses, type NetworkSpec } from "../../src/nn/index.js";

/** A tensor as the fixture script writes it. */
interface Packed { shape: number[]; data: number[] }

/** One forward/backward of a norm layer: input, upstream gradient g, output, ∂(Σ g⊙y)/∂x, ∂/∂γ, ∂/∂β. */
interface NormStep {
  x: Packed; g: Packed; y: Packed;
  "grad.x": Packed; "grad.weight"?: Packed; "grad.bias"?: Packed;
  running_mean?: Packed; running_var?: Packed;
}

interface NormFixture {
  torch: string;
  batchNorm: { config: { width: number; eps: number; momentum: number }; init: { weight: Packed; bias: Packed }; steps: NormStep[]; eval: NormStep };
  batchNormPlain: { config: { width: number; eps: number; momentum: number }; step: NormStep };
  layerNorm: NormStep & { config: { width: number; eps: number }; weight: Packed; bias: Packed };
}

interface NetworkFixture {
  torch: string;
  config: { inputs: number; widths: number[]; outputs: number; batch: number; every: number; eps: number; momentum: number };
  x: Packed; y: Packed;
  params: Record<string, Packed>;
  logits: Packed; loss: number;
  grads: Record<string, Packed>;
  buffers: Record<string, Packed>;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), "utf8")) as T;
}

const norms = load<NormFixture>("nn_layers_norm.json");
const netFx = load<NetworkFixture>("nn_layers_network.json");

// NOTE: a gradient entry that is exactly 0 in exact arithmetic (∂L/∂b of a bias feeding batch
// norm) comes out as rounding noise of order 1e-17 in both; the absolute floor covers it.
const RTOL = 1e-10;
const ATOL = 1e-14;

/** |a − b| ≤ RTOL·max(|a|, |b|) + ATOL, element by element, with the shape checked too. */
function assertClose(what: string, actual: Tensor | null | undefined, expected: Packed | undefined): void {
  assert.ok(expected, `${what}: missing from the fixture`);
  assert.ok(actual, `${what}: no tensor (gradient not computed?)`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.data;
  expected.data.forEach((b, i) => {
    const bound = RTOL * Math.max(Math.abs(a[i]), Math.abs(b)) + ATOL;
    if (!(Math.abs(a[i] - b) <= bound)) assert.fail(`${what}[${i}]: got ${a[i]}, PyTorch ${b}, |diff| ${Math.abs(a[i] - b)} > ${bound}`);
  });
}

const f64 = (p: Packed) => tensor(p.data, p.shape, "float64");

/** Runs one forward and backward of a norm layer on the step's batch and compares everything it holds. */
function checkNormStep(what: string, norm: BatchNorm | LayerNorm, step: NormStep, training: boolean): void {
  const params = [norm.gamma, norm.beta].filter((t): t is Tensor => t !== null);
  zeroGrad(params);
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
  const params = net.parameters();
  assert.deepEqual(params.map((p) => p.name).sort(), Object.keys(netFx.params).sort(), "parameter names");
  for (const p of params) {
    const want = netFx.params[p.name];
    assert.deepEqual(p.value.shape, want.shape, `${p.name} shape`);
    p.value.data.set(want.data);
  }
  const tape = new Tape();
  try {
    tape.run(() => {
      const { output, layers } = net.forwardTrace(f64(netFx.x), { training: true, rng: new Rng(0) });
      const loss = losses.softmaxCrossEntropy(output, Int32Array.from(netFx.y.data));
      tape.backward(loss);
      assertClose("loss", loss, { shape: [], data: [netFx.loss] });
      assertClose("logits", output, netFx.logits);
      assert.equal(layers.length, c.widths.length);
      layers.forEach((l, i) => assertClose(`delta.${i} = ∂L/∂h_${i + 1}`, l.pre.grad, netFx.grads[`delta.${i}`]));
    });
  } finally {
    tape.dispose();
  }
  for (const p of params) assertClose(`grad.${p.name}`, p.value.grad, netFx.grads[`grad.${p.name}`]);
  const buffers = net.buffers();
  assert.deepEqual(buffers.map((b) => b.name).sort(), Object.keys(netFx.buffers).sort(), "buffer names");
  for (const b of buffers) assertClose(b.name, b.value, netFx.buffers[b.name]);
  net.dispose();
});
