// Reading the PyTorch fixtures (test/fixtures/*.json, written by scripts/*.py) and comparing
// float64 tensors with them: the pieces the fixture tests of norm layers and networks share.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Rng, Tape, tensor, zeroGrad, type Tensor } from "../../src/core/index.js";
import { BatchNorm, LayerNorm, losses, type Network } from "../../src/nn/index.js";
import type { Targets } from "../../src/nn/losses.js";

/** A tensor as the fixture scripts write it. */
export interface Packed { shape: number[]; data: number[] }

/** test/fixtures/<name>, parsed. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), "utf8")) as T;
}

/** A float64 tensor of a packed fixture tensor. */
export const fromPacked = (p: Packed): Tensor => tensor(p.data, p.shape, "float64");

// NOTE: a gradient entry that is exactly 0 in exact arithmetic (∂L/∂b of a bias feeding batch
// norm) comes out as rounding noise of order 1e-17 in both; the absolute floor covers it.
const RTOL = 1e-10;
const ATOL = 1e-14;

/** |a − b| ≤ 1e-10·max(|a|, |b|) + 1e-14, element by element, with the shape checked too. */
export function assertMatchesTorch(what: string, actual: Tensor | null | undefined, expected: Packed | undefined): void {
  assert.ok(expected, `${what}: missing from the fixture`);
  assert.ok(actual, `${what}: no tensor (gradient not computed?)`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.data;
  expected.data.forEach((b, i) => {
    const bound = RTOL * Math.max(Math.abs(a[i]), Math.abs(b)) + ATOL;
    if (!(Math.abs(a[i] - b) <= bound)) assert.fail(`${what}[${i}]: got ${a[i]}, PyTorch ${b}, |diff| ${Math.abs(a[i] - b)} > ${bound}`);
  });
}

/** One forward/backward of a norm layer: input, upstream gradient g, output, ∂(Σ g⊙y)/∂x, ∂/∂γ, ∂/∂β, and the running statistics after it. */
export interface NormStep {
  x: Packed; g: Packed; y: Packed;
  "grad.x": Packed; "grad.weight"?: Packed; "grad.bias"?: Packed;
  running_mean?: Packed; running_var?: Packed;
}

/** Runs one forward and backward of Σ g⊙y through a norm layer on the step's batch and compares everything the step holds. */
export function checkNormStep(what: string, norm: BatchNorm | LayerNorm, step: NormStep, training: boolean): void {
  zeroGrad([norm.gamma, norm.beta].filter((t): t is Tensor => t !== null));
  const tape = new Tape();
  try {
    tape.run(() => {
      const x = fromPacked(step.x).trainable();
      const y = norm instanceof BatchNorm ? norm.forward(x, { training, rng: new Rng(0) }) : norm.forward(x);
      tape.backward(y, fromPacked(step.g));
      assertMatchesTorch(`${what} y`, y, step.y);
      assertMatchesTorch(`${what} ∂x`, x.grad, step["grad.x"]);
      if (step["grad.weight"] !== undefined) assertMatchesTorch(`${what} ∂γ`, norm.gamma?.grad, step["grad.weight"]);
      if (step["grad.bias"] !== undefined) assertMatchesTorch(`${what} ∂β`, norm.beta?.grad, step["grad.bias"]);
    });
  } finally {
    tape.dispose();
  }
  if (norm instanceof BatchNorm && step.running_mean !== undefined) {
    assertMatchesTorch(`${what} running_mean`, norm.runningMean, step.running_mean);
    assertMatchesTorch(`${what} running_var`, norm.runningVar, step.running_var);
  }
}

/** Sets every parameter of `net` from the fixture's, after checking the names and shapes agree. */
export function loadTorchParams(net: Network, params: Record<string, Packed>): void {
  const ours = net.parameters();
  assert.deepEqual(ours.map((p) => p.name).sort(), Object.keys(params).sort(), "parameter names");
  for (const p of ours) {
    assert.deepEqual(p.value.shape, params[p.name].shape, `${p.name} shape`);
    p.value.data.set(params[p.name].data);
  }
}

/** What PyTorch measured in one pass of a network: loss, logits, every grad.P and delta.i, the buffers after it. */
export interface TorchPass { loss: number; logits: Packed; grads: Record<string, Packed>; buffers: Record<string, Packed> }

/**
 * One forward (with trace) and backward of `net` on x with the named loss, in training or
 * evaluation mode, compared with PyTorch's pass: loss, logits, ∂L/∂h_i (delta.i), every ∂L/∂P
 * and every buffer. `what` prefixes the messages.
 */
export function checkNetworkPass(what: string, net: Network, x: Packed, loss: keyof typeof losses, targets: Targets, want: TorchPass, training: boolean): void {
  const params = net.parameters();
  zeroGrad(params.map((p) => p.value));
  const tape = new Tape();
  try {
    tape.run(() => {
      const { output, layers } = net.forwardTrace(fromPacked(x), { training, rng: new Rng(0) });
      const l = losses[loss](output, targets);
      tape.backward(l);
      assertMatchesTorch(`${what} loss`, l, { shape: [], data: [want.loss] });
      assertMatchesTorch(`${what} logits`, output, want.logits);
      layers.forEach((layer, i) => assertMatchesTorch(`${what} delta.${i} = ∂L/∂h_${i + 1}`, layer.pre.grad, want.grads[`delta.${i}`]));
    });
  } finally {
    tape.dispose();
  }
  for (const p of params) assertMatchesTorch(`${what} grad.${p.name}`, p.value.grad, want.grads[`grad.${p.name}`]);
  const buffers = net.buffers();
  assert.deepEqual(buffers.map((b) => b.name).sort(), Object.keys(want.buffers).sort(), `${what} buffer names`);
  for (const b of buffers) assertMatchesTorch(`${what} ${b.name}`, b.value, want.buffers[b.name]);
}
