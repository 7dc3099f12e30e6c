// The Trainer's whole step against a PyTorch 1.13 training loop in float64 (test/fixtures/
// optim_training.json, written by scripts/fixtures_nn_optim.py): loss + L1/L2 penalty, backward,
// clipping (global norm / value), the optimizer (Nesterov SGD / AdamW with decoupled decay on the
// weights only) at the scheduled lr (warm-up + cosine / step), six steps on six batches.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, tensor } from "../../src/core/index.js";
import { Trainer, type TrainingSpec } from "../../src/experiment/trainer.js";
import { Network, defaultNetworkSpec } from "../../src/nn/index.js";
import { loadFixture, type Packed } from "../helpers/torch-fixtures.js";

interface Step { lr: number; data: number; penalty: number; clipNormBefore: number; clipNormAfter: number; params: Record<string, Packed> }
interface Run {
  spec: TrainingSpec;
  inputs: number; widths: number[]; outputs: number;
  params: Record<string, Packed>;
  batches: { x: Packed; y: number[] }[];
  steps: Step[];
}
interface Fixture { torch: string; runs: Record<string, Run> }

const fx = loadFixture<Fixture>("optim_training.json");

/** |a − b| ≤ rtol·max(|a|, |b|) + 1e-15. */
function close(what: string, a: number, b: number, rtol = 1e-10): void {
  assert.ok(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + 1e-15, `${what}: ours ${a}, PyTorch ${b}`);
}

for (const [name, run] of Object.entries(fx.runs)) {
  test(`${name}: ${run.steps.length} Trainer steps follow PyTorch ${fx.torch} (lr, data loss, penalty, clip norms, parameters)`, () => {
    const net = new Network({
      ...defaultNetworkSpec, inputs: run.inputs, outputs: run.outputs, widths: run.widths, activation: "tanh", bias: true,
      norm: { ...defaultNetworkSpec.norm, kind: "none" }, residual: { ...defaultNetworkSpec.residual, every: 0 }, dropout: 0,
    }, new Rng(1), "float64");
    for (const p of net.parameters()) p.value.data.set(run.params[p.name].data);
    const trainer = new Trainer(net, run.spec);
    let clipped = 0;
    run.batches.forEach((b, k) => {
      const want = run.steps[k];
      const o = trainer.step(tensor(b.x.data, b.x.shape, "float64"), Int32Array.from(b.y), new Rng(0));
      close(`step ${k + 1} lr`, o.lr, want.lr);
      close(`step ${k + 1} data loss`, o.terms.data, want.data);
      close(`step ${k + 1} penalty`, o.terms.penalty, want.penalty);
      assert.ok(o.clip !== null);
      close(`step ${k + 1} clip norm before`, o.clip.normBefore, want.clipNormBefore);
      close(`step ${k + 1} clip norm after`, o.clip.normAfter, want.clipNormAfter);
      if (o.clip.fired) clipped++;
      for (const p of net.parameters()) {
        const w = want.params[p.name].data;
        p.value.data.forEach((v, i) => close(`step ${k + 1} ${p.name}[${i}]`, v, w[i]));
      }
    });
    assert.equal(clipped, run.steps.length, "the threshold is chosen so that every step clips");
    net.dispose();
  });
}
