// The README's library example, kept runnable: if this test needs a change, so does README.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  Network, Trainer, defaultNetworkSpec, prepareData, renderReport, resolveConfig, runExperiment, uniformWidths, Rng, tensor, type Tensor,
} from "../../src/index.js";

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

test("the README experiment example runs: a deep sigmoid net is diagnosed and reported", async () => {
  const config = resolveConfig({ model: { depth: 30, activation: "sigmoid", init: "standard" }, train: { steps: 300 } });
  const result = await runExperiment(config, await prepareData(config));
  assert.equal(result.recording.layers.deltaNorm.length, 30);
  assert.ok(result.findings.some((f) => f.kind === "vanishing" && f.remedies[0]?.change !== undefined), result.findings.map((f) => f.kind).join());
  const html = renderReport({ title: "deep sigmoid", runs: [{ name: "a", status: result.status, config, recording: result.recording, findings: result.findings, evaluations: result.evaluations }] });
  assert.match(html, /^<!DOCTYPE html>/i);
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  assert.match(readme, /runExperiment\(config, await prepareData\(config\)\)/);
  assert.match(readme, /f\.remedies\[0\]\?\.change/);
});
