// The README's library example, kept runnable: if this test needs a change, so does README.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Network, Trainer, defaultNetworkSpec, uniformWidths, Rng, tensor, type Tensor } from "../../src/index.js";

test("the README library example runs and exposes δ_l for every layer", () => {
  const rng = new Rng(42);
  const net = new Network({
    ...defaultNetworkSpec,
    inputs: 2, outputs: 3,
    widths: uniformWidths(30, 64),
    activation: "sigmoid",
    init: "xavierNormal",
    norm: { ...defaultNetworkSpec.norm, kind: "batch", placement: "before" },
    residual: { every: 2, scale: "invSqrtDepth", norm: "none", projection: true },
  }, rng);
  const trainer = new Trainer(net, {
    loss: "softmaxCrossEntropy", optimizer: { name: "adam" }, lr: 1e-3,
    schedule: { name: "cosine", totalSteps: 1000, warmupSteps: 50 },
    clip: { kind: "globalNorm", threshold: 1 }, regularization: { l2: 1e-4 },
  });
  const x = tensor(rng.normalArray(64 * 2), [64, 2]);
  const labels = Int32Array.from({ length: 64 }, (_, i) => i % 3);
  const deltas: (Tensor | null)[] = [];
  const outcome = trainer.step(x, labels, rng, {
    onBackward: ({ trace, clip }) => {
      trace.layers.forEach((l) => deltas.push(l.pre.grad));
      assert.ok(clip !== null && clip.normBefore > 0);
    },
  });
  assert.equal(deltas.length, 30);
  for (const d of deltas) assert.deepEqual(d?.shape, [64, 64]);
  assert.ok(outcome.terms.penalty > 0 && outcome.terms.data > 0);
  net.dispose();
});

test("README names the commands that .ci/run and package.json use", () => {
  const root = new URL("../../../", import.meta.url);
  const readme = readFileSync(new URL("README.md", root), "utf8");
  const ci = readFileSync(new URL(".ci/run", root), "utf8");
  assert.match(readme, /npm ci && npx gradscope run/);
  assert.match(readme, /^npm test$/m);
  assert.match(ci, /^npm test$/m);
  assert.match(readme, /new Network\(\{/);
});
