// The Network switches that the gradient checks alone cannot pin down: a per-layer activation list
// applies activation i to layer i; the bias initializer and the head initializer are chosen apart
// from the weights'; dropout acts in training only; the trainer reports the L1/L2 penalty as its
// own loss term, added to the data loss.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, Tape, add, matmul, tensor, type Tensor } from "../../src/core/index.js";
import { Trainer } from "../../src/experiment/trainer.js";
import {
  Network, activationFunction, defaultNetworkSpec, resolveActivation, type ActivationSpec, type NetworkSpec,
} from "../../src/nn/index.js";

const NO_NORM = { ...defaultNetworkSpec.norm, kind: "none" as const };
const NO_RESIDUAL = { ...defaultNetworkSpec.residual, every: 0 };

function spec(over: Partial<NetworkSpec>): NetworkSpec {
  return { ...defaultNetworkSpec, inputs: 3, outputs: 2, widths: [4, 4, 4], norm: NO_NORM, residual: NO_RESIDUAL, dropout: 0, biasInit: { name: "normal", std: 0.5 }, ...over };
}

/** Σ xᵢ². */
function sumSquares(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] * xs[i];
  return s;
}

/** The net's output computed by hand: h = a·Wᵀ + b, then φ_l elementwise, for the given activation of each layer. */
function byHand(net: Network, x: Tensor, acts: (string | ActivationSpec)[]): number[] {
  let a = Array.from(x.data);
  let width = x.shape[1];
  const rows = x.shape[0];
  const dense = (w: Tensor, b: Tensor | null, v: number[], fanIn: number) => {
    const out = w.shape[0];
    const h = new Array<number>(rows * out).fill(0);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < out; o++) {
        let s = b === null ? 0 : b.data[o];
        for (let k = 0; k < fanIn; k++) s += v[r * fanIn + k] * w.data[o * fanIn + k];
        h[r * out + o] = s;
      }
    }
    return h;
  };
  net.layers.forEach((layer, l) => {
    const phi = activationFunction(resolveActivation(acts[l]));
    a = dense(layer.dense.weight, layer.dense.bias, a, width).map(phi);
    width = layer.dense.outFeatures;
  });
  return dense(net.head.weight, net.head.bias, a, width);
}

test("one activation per layer: layer l applies the l-th entry of the list (and a single name applies to all)", () => {
  const x = tensor(new Rng(2).normalArray(5 * 3, 0, 2), [5, 3], "float64");
  const lists: (string | ActivationSpec)[][] = [
    ["relu", { name: "leakyRelu", alpha: 0.3 }, "sigmoid"],
    ["sigmoid", "relu", { name: "leakyRelu", alpha: 0.3 }],
    [{ name: "elu", alpha: 2 }, "hardTanh", "softplus"],
  ];
  const outputs = lists.map((acts) => {
    const net = new Network(spec({ activation: acts }), new Rng(1), "float64");
    assert.deepEqual(net.layers.map((l) => l.activation), acts.map((a) => resolveActivation(a)));
    const got = Array.from(net.forward(x, { training: true, rng: new Rng(0) }).data);
    const want = byHand(net, x, acts);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `${JSON.stringify(acts)} output[${i}]: ${v} vs ${want[i]}`));
    return got;
  });
  // The same weights (same seed) with the list permuted give another function.
  assert.notDeepEqual(outputs[0], outputs[1]);
  const single = new Network(spec({ activation: { name: "leakyRelu", alpha: 0.2 } }), new Rng(1), "float64");
  const all = new Array<ActivationSpec>(3).fill({ name: "leakyRelu", alpha: 0.2 });
  const got = Array.from(single.forward(x, { training: true, rng: new Rng(0) }).data);
  byHand(single, x, all).forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-12, `single activation output[${i}]`));
});

test("bias init is chosen separately from the weights' init, and the head's weight init separately from the hidden layers'", () => {
  const net = new Network(spec({ widths: [64, 64], init: "heNormal", biasInit: { name: "constant", value: 0.25 }, headInit: "zeros" }), new Rng(3), "float64");
  for (const p of net.parameters()) {
    if (p.name.endsWith(".bias")) assert.ok(p.value.data.every((v) => v === 0.25), `${p.name} is not all 0.25`);
  }
  assert.ok(net.head.weight.data.every((v) => v === 0), "head.weight follows headInit");
  // The hidden weights are He draws: mean 0, variance 2/fan_in within 5 standard errors (N = 64·64, κ = 3).
  const w = net.layers[1].dense.weight.data;
  const n = w.length, v = 2 / 64;
  const second = sumSquares(w) / n;
  assert.ok(Math.abs(second - v) <= 5 * v * Math.sqrt(2 / n), `layers.1.weight variance ${second}, expected ${v}`);
  // meanField as the bias init: N(0, σ_b²) whatever the weights are, over a wide layer.
  const wide = new Network(spec({ inputs: 2, widths: [4096], init: "orthogonal", biasInit: { name: "meanField", sigmaB2: 0.09 } }), new Rng(4), "float64");
  const b = wide.layers[0].dense.bias?.data ?? new Float64Array(0);
  const bVar = sumSquares(b) / b.length;
  assert.ok(Math.abs(bVar - 0.09) <= 5 * 0.09 * Math.sqrt(2 / b.length), `bias variance ${bVar}, expected 0.09`);
  // Without headInit the head follows init (c·I here).
  const same = new Network(spec({ init: "identity" }), new Rng(5), "float64");
  assert.deepEqual(Array.from(same.head.weight.data), [1, 0, 0, 0, 0, 1, 0, 0]);
});

test("dropout in a Network: evaluation equals the net without dropout; training applies a seeded mask between layers", () => {
  const x = tensor(new Rng(6).normalArray(200 * 3), [200, 3], "float64");
  const withDrop = new Network(spec({ widths: [32, 32], activation: "tanh", dropout: 0.5 }), new Rng(7), "float64");
  const without = new Network(spec({ widths: [32, 32], activation: "tanh", dropout: 0 }), new Rng(7), "float64");
  const evalOut = withDrop.forward(x, { training: false, rng: new Rng(8) }).toArray();
  assert.deepEqual(evalOut, without.forward(x, { training: false, rng: new Rng(8) }).toArray());
  assert.deepEqual(evalOut, without.forward(x, { training: true, rng: new Rng(8) }).toArray());
  const tape = new Tape();
  tape.run(() => {
    const { layers } = withDrop.forwardTrace(x, { training: true, rng: new Rng(9) });
    // The second layer's input is the first layer's φ output after dropout: h_2 = D(a_1)·W_2ᵀ + b_2.
    const a1 = layers[0].act;
    const h2 = layers[1].pre.data;
    const w2 = withDrop.layers[1].dense.weight, b2 = withDrop.layers[1].dense.bias;
    const undropped = add(matmul(a1, w2, { transB: true }), b2 as Tensor).data;
    let differ = 0;
    for (let i = 0; i < h2.length; i++) if (Math.abs(h2[i] - undropped[i]) > 1e-12) differ++;
    assert.ok(differ > h2.length / 2, `dropout changed ${differ} of ${h2.length} pre-activations`);
  });
  tape.dispose();
  const train1 = withDrop.forward(x, { training: true, rng: new Rng(9) }).toArray();
  assert.deepEqual(withDrop.forward(x, { training: true, rng: new Rng(9) }).toArray(), train1, "the mask comes from the seeded generator");
  assert.notDeepEqual(train1, evalOut);
});

test("the trainer reports the L1/L2 penalty as its own loss term: loss = data + λ₁Σ|w| + (λ₂/2)Σw² over the weights only", () => {
  const net = new Network(spec({ widths: [6, 6], biasInit: { name: "constant", value: 3 } }), new Rng(10), "float64");
  const l1 = 0.01, l2 = 0.2;
  let abs = 0, sq = 0;
  for (const p of net.parameters()) {
    if (!p.name.endsWith(".weight")) continue;
    for (const v of p.value.data) {
      abs += Math.abs(v);
      sq += v * v;
    }
  }
  const trainer = new Trainer(net, { loss: "softmaxCrossEntropy", optimizer: "sgd", lr: 0.1, schedule: "constant", clip: null, regularization: { l1, l2 } });
  const x = tensor(new Rng(11).normalArray(8 * 3), [8, 3], "float64");
  const labels = Int32Array.from([0, 1, 1, 0, 1, 0, 0, 1]);
  const outcome = trainer.step(x, labels, new Rng(12));
  const want = l1 * abs + (l2 / 2) * sq;
  assert.ok(Math.abs(outcome.terms.penalty - want) <= 1e-13 * want, `penalty ${outcome.terms.penalty} vs ${want}`);
  assert.ok(Math.abs(outcome.loss - (outcome.terms.data + outcome.terms.penalty)) <= 1e-14 * outcome.loss);
  const plain = new Trainer(new Network(net.spec, new Rng(10), "float64"), { ...trainer.spec, regularization: {} });
  const o2 = plain.step(x, labels, new Rng(12));
  assert.deepEqual(Object.keys(o2.terms), ["data"]);
  assert.equal(o2.terms.data, outcome.terms.data, "the data term does not depend on the penalty");
});
