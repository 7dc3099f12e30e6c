// The Network of src/nn/network.ts with every remedy as a switch: a float64 gradCheck of the
// whole net (input and every parameter) per switch, the residual semantics, PyTorch-style
// names, errors naming the field, and the deep-net signal propagation of the seed text.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GradscopeError, Rng, Tape, add, div, gradCheck, matmul, mean, mul, sqrt, square, sub, tanh, tensor, type DType, type Tensor,
} from "../../src/core/index.js";
import {
  Network, defaultNetworkSpec, losses, type ActivationSpec, type NetworkSpec, type NormSpec, type ResidualSpec,
} from "../../src/nn/index.js";

const NORM: NormSpec = { kind: "none", placement: "before", eps: 1e-5, momentum: 0.1, affine: true };
const RESIDUAL: ResidualSpec = { every: 0, scale: 1, norm: "none", projection: true };

/** A small spec: 3 inputs, widths [4, 4, 4], 2 outputs, tanh, Xavier, normal biases. */
function small(over: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    ...defaultNetworkSpec,
    inputs: 3, outputs: 2, widths: [4, 4, 4], activation: "tanh", init: "xavierNormal",
    biasInit: { name: "normal", std: 0.3 }, bias: true, norm: NORM, residual: RESIDUAL, dropout: 0,
    ...over,
  };
}

/** Where a parameter tensor lives: the module object and its field (weight, bias, gamma, beta). */
interface Slot { owner: Record<string, Tensor | null>; key: string }

/** Finds the field holding each parameter, walking the network's modules. */
function slotsOf(net: Network): Slot[] {
  const owners = [
    ...net.layers.flatMap((l) => [l.dense, l.norm]),
    ...net.blocks.flatMap((b) => [b.projection, b.norm]),
    net.head,
  ].filter((m) => m !== null) as unknown as Record<string, Tensor | null>[];
  return net.parameters().map((p) => {
    for (const owner of owners) {
      for (const key of ["weight", "bias", "gamma", "beta"]) if (owner[key] === p.value) return { owner, key };
    }
    throw new Error(`parameter ${p.name} not found in the modules`);
  });
}

/** Points where φ' jumps, for the activations of a spec (0 for the ReLU family, ±1 for hardTanh). */
function kinksOf(spec: NetworkSpec): number[] {
  const names = (Array.isArray(spec.activation) ? spec.activation : [spec.activation]).map((a) => (typeof a === "string" ? a : a.name));
  const k = new Set<number>();
  for (const n of names) {
    if (["relu", "leakyRelu", "elu", "selu"].includes(n)) k.add(0);
    if (n === "hardTanh") [-1, 1].forEach((v) => k.add(v));
  }
  return [...k];
}

/** The smallest distance of any activation input of a forward pass from a kink. */
function kinkMargin(net: Network, x: Tensor, training: boolean, kinks: number[]): number {
  if (kinks.length === 0) return Infinity;
  const tape = new Tape();
  let margin = Infinity;
  tape.run(() => {
    const { layers } = net.forwardTrace(x, { training, rng: new Rng(77) });
    for (const l of layers) for (const v of l.actIn.data) for (const k of kinks) margin = Math.min(margin, Math.abs(v - k));
  });
  tape.dispose();
  return margin;
}

interface CheckOptions {
  training?: boolean;
  batch?: number;
  /** Training-mode forward passes before the check (moves batch norm's running statistics). */
  warmup?: number;
  /** A scalar loss of the output to check instead of the output itself. */
  loss?: (output: Tensor) => Tensor;
}

/**
 * gradCheck of the whole net's output with respect to x and every parameter, in float64.
 * NOTE: gradCheck differentiates with respect to the tensors it passes to f, so f swaps them
 * into the modules' fields (restored afterwards). Dropout draws from a fresh Rng(77) on every
 * call, so its mask is a constant of f. The data seed is moved until every activation input
 * is ≥ 1e-3 from a kink.
 */
function checkNetwork(what: string, spec: NetworkSpec, options: CheckOptions = {}): Network {
  const { training = true, batch = 5, warmup = 0, loss } = options;
  const net = new Network(spec, new Rng(3), "float64");
  const params = net.parameters();
  const slots = slotsOf(net);
  const warm = new Rng(8);
  for (let i = 0; i < warmup; i++) net.forward(tensor(warm.normalArray(8 * spec.inputs, 0.5, 1.5), [8, spec.inputs], "float64"), { training: true, rng: warm });
  let x: Tensor | null = null;
  for (let seed = 1; seed < 50 && x === null; seed++) {
    const candidate = tensor(new Rng(seed).normalArray(batch * spec.inputs), [batch, spec.inputs], "float64");
    if (kinkMargin(net, candidate, training, kinksOf(spec)) > 1e-3) x = candidate;
  }
  assert.ok(x, `${what}: no input batch keeps 1e-3 away from the kinks`);
  const originals = slots.map((s) => s.owner[s.key] as Tensor);
  const f = (input: Tensor, ...ps: Tensor[]): Tensor => {
    slots.forEach((s, i) => (s.owner[s.key] = ps[i]));
    const out = net.forward(input, { training, rng: new Rng(77) });
    return loss === undefined ? out : loss(out);
  };
  try {
    const res = gradCheck(f, [x, ...params.map((p) => p.value)], { atol: 1e-8 });
    const size = x.size + params.reduce((n, p) => n + p.value.size, 0);
    assert.equal(res.checked, size, `${what}: checked ${res.checked} of ${size}`);
    assert.ok(res.ok, `${what}: max rel error ${res.maxRelError}, worst ${JSON.stringify(res.worst)} (${params[(res.worst?.input ?? 1) - 1]?.name ?? "x"})`);
  } finally {
    slots.forEach((s, i) => (s.owner[s.key] = originals[i]));
  }
  return net;
}

test("gradCheck per activation (each table name, non-default α, and a per-layer list)", () => {
  const names = ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu", "gelu", "silu", "swish", "softplus", "hardTanh", "linear", "identity"];
  const specs: (string | ActivationSpec)[] = [...names, { name: "leakyRelu", alpha: 0.2 }, { name: "elu", alpha: 0.5 }];
  for (const activation of specs) checkNetwork(`activation ${JSON.stringify(activation)}`, small({ activation }));
  checkNetwork("activation list", small({ activation: ["relu", { name: "elu", alpha: 0.7 }, "sigmoid"] }));
});

test("gradCheck per norm kind × placement, affine and not, training and evaluation", () => {
  for (const kind of ["batch", "layer"] as const) {
    for (const placement of ["before", "after"] as const) {
      for (const affine of [true, false]) {
        const spec = small({ norm: { ...NORM, kind, placement, affine }, activation: "relu", init: "heNormal" });
        const net = checkNetwork(`norm ${kind} ${placement} affine=${affine}`, spec);
        assert.equal(net.parameters().filter((p) => p.name.includes(".norm.")).length, affine ? 6 : 0);
        if (kind === "batch") checkNetwork(`norm batch ${placement} affine=${affine} eval`, spec, { training: false, warmup: 3 });
      }
    }
  }
});

test("gradCheck per residual switch: every 1/2/3, identity skips and projections, norm pre/post, branch scale", () => {
  const same = { inputs: 4, widths: [4, 4, 4, 4] };
  const differ = { inputs: 3, widths: [4, 5, 5, 6] };
  for (const every of [1, 2, 3]) {
    for (const [label, shape] of [["same widths", same], ["widths differ", differ]] as const) {
      const net = checkNetwork(`residual every ${every} ${label}`, small({ ...shape, residual: { ...RESIDUAL, every } }));
      const projections = net.parameters().filter((p) => p.name.includes(".proj."));
      if (label === "same widths") assert.equal(projections.length, 0);
      else assert.ok(projections.length > 0 && projections.every((p) => p.name.endsWith(".proj.weight")), `every ${every}: no projection`);
    }
  }
  for (const norm of ["pre", "post"] as const) {
    for (const kind of ["none", "batch"] as const) {
      checkNetwork(`residual norm ${norm}, norm.kind ${kind}`, small({ ...differ, norm: { ...NORM, kind }, residual: { ...RESIDUAL, every: 2, norm } }));
    }
  }
  const half = checkNetwork("branch scale 0.5", small({ ...same, residual: { ...RESIDUAL, every: 1, scale: 0.5 } }));
  assert.equal(half.branchScale, 0.5);
  const inv = checkNetwork("branch scale invSqrtDepth", small({ ...same, residual: { ...RESIDUAL, every: 1, scale: "invSqrtDepth" } }));
  assert.equal(inv.blocks.length, 4);
  assert.equal(inv.branchScale, 0.5);
  assert.equal(new Network(small({ ...same, residual: { ...RESIDUAL, every: 2, scale: "invSqrtDepth" } }), new Rng(1)).branchScale, 1 / Math.sqrt(2));
});

test("gradCheck of each loss on top of a network", () => {
  const spec = small({ norm: { ...NORM, kind: "batch" }, outputs: 3 });
  const targets = (seed: number, lo: number, hi: number) => tensor(new Rng(seed).uniformArray(15, lo, hi), [5, 3], "float64");
  checkNetwork("net + softmaxCrossEntropy", spec, { loss: (z) => losses.softmaxCrossEntropy(z, Int32Array.from([2, 0, 1, 1, 2])) });
  checkNetwork("net + binaryCrossEntropy", spec, { loss: (z) => losses.binaryCrossEntropy(z, targets(1, 0, 1)) });
  checkNetwork("net + meanSquaredError", spec, { loss: (z) => losses.meanSquaredError(z, targets(2, -1, 1)) });
});

test("gradCheck with dropout (fixed rng), without biases, and with an everything-on net", () => {
  checkNetwork("dropout 0.25", small({ dropout: 0.25 }));
  const nobias = checkNetwork("bias false", small({ bias: false }));
  assert.ok(nobias.parameters().every((p) => p.name.endsWith(".weight")));
  checkNetwork("everything on", small({
    inputs: 3, widths: [4, 5, 5], activation: "gelu", dropout: 0.2,
    norm: { ...NORM, kind: "batch", placement: "after" }, residual: { every: 2, scale: "invSqrtDepth", norm: "pre", projection: true },
  }));
});

/** Dense h = x·Wᵀ + b with the net's own tensors. */
function dense(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const h = matmul(x, w, { transB: true });
  return b === null ? h : add(h, b);
}

/** Layer norm of rows, without affine parameters. */
function layerNorm(x: Tensor, eps: number): Tensor {
  const c = sub(x, mean(x, 1, true));
  return div(c, sqrt(add(mean(square(c), 1, true), eps)));
}

test("residual semantics: out = P·u + s·F(u), pre-norm F(N(u)), post-norm N(P·u + s·F(u))", () => {
  for (const norm of ["none", "pre", "post"] as const) {
    const spec = small({ inputs: 3, widths: [4, 4, 5], residual: { every: 2, scale: 0.7, norm, projection: true }, norm: { ...NORM, affine: false } });
    const net = new Network(spec, new Rng(5), "float64");
    const x = tensor(new Rng(6).normalArray(6 * 3), [6, 3], "float64");
    const got = net.forward(x, { training: true, rng: new Rng(1) });
    const layer = (u: Tensor, l: number) => tanh(dense(u, net.layers[l].dense.weight, net.layers[l].dense.bias));
    let a = x;
    for (const [j, [start, end]] of [[0, 2], [2, 3]].entries()) {
      const block = net.blocks[j];
      assert.deepEqual([block.start, block.end], [start, end]);
      const skip = block.projection === null ? a : dense(a, block.projection.weight, null);
      let u = norm === "pre" ? layerNorm(a, 1e-5) : a;
      for (let l = start; l < end; l++) u = layer(u, l);
      const sum = add(skip, mul(u, 0.7));
      a = norm === "post" ? layerNorm(sum, 1e-5) : sum;
    }
    const want = dense(a, net.head.weight, net.head.bias);
    assert.equal(net.blocks[0].projection?.weight.shape.join(), "4,3");
    assert.equal(net.blocks[1].projection?.weight.shape.join(), "5,4");
    for (let i = 0; i < want.size; i++) assert.ok(Math.abs(got.data[i] - want.data[i]) < 1e-12, `norm ${norm}: output[${i}] ${got.data[i]} vs ${want.data[i]}`);
  }
});

test("parameters and buffers carry PyTorch's names and nn.Linear shapes", () => {
  const net = new Network(small({ inputs: 3, widths: [4, 6], norm: { ...NORM, kind: "batch" }, residual: { ...RESIDUAL, every: 2, norm: "post" } }), new Rng(1));
  assert.deepEqual(net.parameters().map((p) => `${p.name} ${p.value.shape.join("x")} ${p.decay ? "decay" : "-"}`), [
    "layers.0.weight 4x3 decay", "layers.0.bias 4 -", "layers.0.norm.weight 4 -", "layers.0.norm.bias 4 -",
    "layers.1.weight 6x4 decay", "layers.1.bias 6 -", "layers.1.norm.weight 6 -", "layers.1.norm.bias 6 -",
    "blocks.0.proj.weight 6x3 decay", "blocks.0.norm.weight 6 -", "blocks.0.norm.bias 6 -",
    "head.weight 2x6 decay", "head.bias 2 -",
  ]);
  assert.deepEqual(net.buffers().map((b) => b.name), [
    "layers.0.norm.running_mean", "layers.0.norm.running_var", "layers.1.norm.running_mean", "layers.1.norm.running_var",
    "blocks.0.norm.running_mean", "blocks.0.norm.running_var",
  ]);
  assert.equal(net.depth, 2);
  // The same seed gives the same weights (float32: rounded); float64 nets hold float64 parameters.
  assert.ok(net.parameters().every((p) => p.value.dtype === "float32"));
  const again = new Network(net.spec, new Rng(1), "float64");
  net.parameters().forEach((p, i) => assert.deepEqual(Array.from(again.parameters()[i].value.data, Math.fround), Array.from(p.value.data), p.name));
  assert.ok(again.parameters().every((p) => p.value.dtype === "float64"));
  assert.ok(again.buffers().every((b) => b.value.dtype === "float64"));
});

test("bad specs are errors naming the field", () => {
  const cases: [Partial<NetworkSpec>, RegExp][] = [
    [{ activation: "reLU" }, /^model\.activation: "reLU" is not a known activation/],
    [{ activation: ["relu", "nope", "tanh"] }, /^model\.activation\[1\]: "nope" is not a known activation/],
    [{ activation: ["relu", "tanh"] }, /^model\.activation: .* is not allowed; expected one activation, or a list of 3 \(one per hidden layer\)/],
    [{ init: "glorot" }, /^model\.init: "glorot" is not a known initializer/],
    [{ widths: [4, 0, 4] }, /^model\.widths\[1\]: 0 is not allowed; expected an integer ≥ 1/],
    [{ widths: [] }, /^model\.widths: \[\] is not allowed/],
    [{ inputs: 0 }, /^model\.inputs: 0 is not allowed/],
    [{ outputs: 2.5 }, /^model\.outputs: 2\.5 is not allowed/],
    [{ dropout: -0.1 }, /^model\.dropout: -0\.1 is not allowed; expected a rate in \[0, 1\)/],
    [{ dropout: 1 }, /^model\.dropout: 1 is not allowed/],
    [{ norm: { ...NORM, kind: "group" as "batch" } }, /^model\.norm\.kind: "group" is not allowed; expected "none", "batch" or "layer"/],
    [{ norm: { ...NORM, placement: "middle" as "before" } }, /^model\.norm\.placement: "middle"/],
    [{ norm: { ...NORM, eps: 0 } }, /^model\.norm\.eps: 0/],
    [{ norm: { ...NORM, momentum: 1.5 } }, /^model\.norm\.momentum: 1\.5/],
    [{ residual: { ...RESIDUAL, every: 4 } }, /^model\.residual\.every: 4 is not allowed; expected at most the depth \(3\)/],
    [{ residual: { ...RESIDUAL, every: 1, norm: "both" as "pre" } }, /^model\.residual\.norm: "both"/],
    [{ residual: { ...RESIDUAL, every: 1, scale: "sqrt" as "invSqrtDepth" } }, /^model\.residual\.scale: "sqrt"/],
    [{ inputs: 3, widths: [4, 4, 4], residual: { ...RESIDUAL, every: 2, projection: false } },
      /^model\.residual\.projection: false is not allowed; expected true: block 0 \(hidden layers 1–2\) maps width 3 to 4, so an identity skip cannot be added/],
    [{ inputs: 4, widths: [4, 4, 6], residual: { ...RESIDUAL, every: 2, projection: false } }, /^model\.residual\.projection: .*block 1 \(hidden layers 3–3\) maps width 4 to 6/],
  ];
  for (const [over, pattern] of cases) {
    assert.throws(() => new Network(small(over), new Rng(1)), (e: unknown) => e instanceof GradscopeError && pattern.test(e.message),
      `expected ${pattern} for ${JSON.stringify(over)}`);
  }
  // Without a projection, equal widths are fine.
  assert.equal(new Network(small({ inputs: 4, widths: [4, 4, 4], residual: { ...RESIDUAL, every: 2, projection: false } }), new Rng(1)).blocks.length, 2);
});

/** ‖δ_l‖ = ‖∂L/∂h_l‖ for l = 1…L after one backward pass of softmax cross-entropy on Gaussian inputs. */
function deltaNorms(spec: NetworkSpec, batch: number, dtype: DType, seed = 1): number[] {
  const net = new Network(spec, new Rng(seed), dtype);
  const rng = new Rng(seed + 100);
  const x = tensor(rng.normalArray(batch * spec.inputs), [batch, spec.inputs], dtype);
  const labels = Int32Array.from({ length: batch }, () => rng.int(spec.outputs));
  const tape = new Tape();
  try {
    return tape.run(() => {
      const { output, layers } = net.forwardTrace(x, { training: true, rng });
      tape.backward(losses.softmaxCrossEntropy(output, labels));
      return layers.map((l) => Math.hypot(...(l.pre.grad?.data ?? [NaN])));
    });
  } finally {
    tape.dispose();
    net.dispose();
  }
}

const deep = (over: Partial<NetworkSpec>): NetworkSpec => ({
  ...defaultNetworkSpec, inputs: 128, outputs: 10, widths: new Array<number>(20).fill(128), bias: true, biasInit: "zeros",
  norm: NORM, residual: RESIDUAL, dropout: 0, ...over,
});

test("seed: a sigmoid net with \"standard\" init loses the backprop signal toward the input by orders of magnitude", () => {
  const norms = deltaNorms(deep({ activation: "sigmoid", init: "standard" }), 256, "float32");
  assert.equal(norms.length, 20);
  for (let l = 0; l < 19; l++) assert.ok(norms[l] < norms[l + 1], `‖δ_${l + 1}‖ ${norms[l]} ≥ ‖δ_${l + 2}‖ ${norms[l + 1]}`);
  const ratio = norms[0] / norms[19];
  assert.ok(ratio > 0 && ratio < 1e-12, `‖δ_1‖/‖δ_20‖ = ${ratio}`);
  // σ' ≤ 1/4 and ‖Wᵀδ‖ ≈ √(1/3)‖δ‖ under U[±1/√n]: the mean per-layer gain sits near 0.14, below 1/4.
  const gain = ratio ** (1 / 19);
  assert.ok(gain < 0.25, `geometric-mean per-layer gain ${gain}`);
});

test("seed: a ReLU net with heNormal keeps ‖δ_1‖/‖δ_L‖ within a factor 3 of 1", () => {
  const norms = deltaNorms(deep({ activation: "relu", init: "heNormal" }), 256, "float32");
  const ratio = norms[0] / norms[19];
  assert.ok(ratio > 1 / 3 && ratio < 3, `‖δ_1‖/‖δ_20‖ = ${ratio} (${norms.map((v) => v.toExponential(2)).join(", ")})`);
});

test("seed: a linear net with identity init c = 1.5 grows the backprop signal by exactly 1.5 a layer", () => {
  const norms = deltaNorms({
    ...deep({ activation: "linear", init: { name: "identity", value: 1.5 }, headInit: "xavierNormal", bias: false }),
    inputs: 16, widths: new Array<number>(10).fill(16),
  }, 32, "float64");
  for (let l = 0; l < 9; l++) {
    const gain = norms[l] / norms[l + 1];
    assert.ok(Math.abs(gain - 1.5) < 1e-6, `‖δ_${l + 1}‖/‖δ_${l + 2}‖ = ${gain}`);
  }
});
