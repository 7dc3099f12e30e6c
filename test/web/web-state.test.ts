import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveConfig } from "../../src/experiment/config/validate.js";
import { configToQuery } from "../../src/experiment/config/query.js";
import { defaultConfig } from "../../src/experiment/config/defaults.js";
import { applyRemedy } from "../../src/web/remedy-config.js";
import { toConfigPatch } from "../../src/doctor/remedy-config.js";
import { stateFromQuery, stateToQuery } from "../../src/web/url-state.js";
import { presetPair, webPresets } from "../../src/web/presets.js";
import { predictedProfile } from "../../src/theory/gain-prediction.js";
import { applyUpdate, inputOutputRatio, runDataFromRecording, runDataOf } from "../../src/web/run-data.js";
import { viridis } from "../../src/report/palette.js";
import { logScaleOf, scalePosition } from "../../src/web/ui/colormap.js";
import { WorkerRun } from "../../src/web/worker-run.js";
import { toJSON } from "../../src/probes/serialize.js";

test("remedy patch paths map onto experiment config paths", () => {
  assert.deepEqual(toConfigPatch({ "model.norm.kind": "batch", "training.lr": 0.01, "training.clip": null, "training.regularization.l2": 1e-4 }),
    { "model.norm.kind": "batch", "optimizer.lr": 0.01, clip: null, "regularization.l2": 1e-4 });
});

test("applyRemedy changes only the remedy's fields and keeps seed and data", () => {
  const a = resolveConfig({ seed: 7, data: { name: "moons" }, model: { activation: "sigmoid", init: "xavierNormal" }, optimizer: { name: "sgd", lr: 0.1, momentum: 0.9 } });
  const b = applyRemedy(a, { "model.activation": "relu", "model.init": { name: "heNormal" }, "training.lr": 0.01, "training.clip": { kind: "globalNorm", threshold: 1 } });
  assert.equal(b.seed, 7);
  assert.deepEqual(b.data, a.data);
  assert.equal(b.model.activation, "relu");
  assert.deepEqual(b.model.init, { name: "heNormal" });
  assert.equal(b.optimizer.lr, 0.01);
  assert.equal((b.optimizer as { momentum: number }).momentum, 0.9);
  assert.deepEqual(b.clip, { kind: "globalNorm", threshold: 1 });
  assert.throws(() => applyRemedy(a, { "model.depth": -3 }), /model\.depth/);
});

test("the page state round-trips through the URL query", () => {
  const config = resolveConfig({ model: { depth: 64, activation: "sigmoid", init: { name: "identity", value: 0.9 } }, clip: { kind: "norm", threshold: 2 }, seed: 3 });
  const configB = applyRemedy(config, { "model.norm.kind": "batch" });
  const state = { config, configB, labelB: "Add batch normalization", tab: "runs" as const, open: [3, 5], play: true };
  const q = stateToQuery(state);
  assert.deepEqual(stateFromQuery(`?${q}`), state);
  assert.deepEqual(stateFromQuery(""), { config: defaultConfig, configB: null, labelB: "", tab: "lab", open: [], play: false });
  assert.throws(() => stateFromQuery("model.depth=zero"), /model\.depth/);
});

test("every web preset resolves to two runs that differ", () => {
  for (const p of webPresets) {
    const { a, b } = presetPair(p);
    assert.notEqual(configToQuery(a), configToQuery(b), p.id);
    assert.notEqual(a.data.name, "digits", `${p.id}: digits are not in the web build`);
  }
});

test("predicted profile multiplies the gains back from the measured last layer", () => {
  assert.deepEqual(predictedProfile([0.5, 0.5, 2], 3), [1.5, 3, 6, 3]);
});

test("viridis runs dark to light and the log scale spans the positive finite values", () => {
  const [r0, g0, b0] = viridis(0), [r1, g1, b1] = viridis(1);
  assert.ok(r0 + g0 + b0 < r1 + g1 + b1);
  const s = logScaleOf([[1e-6, 0, NaN, 10], [Infinity, 1e-2]])!;
  assert.deepEqual(s, { lo: -6, hi: 1 });
  assert.equal(scalePosition(1e-6, s), 0);
  assert.ok(Number.isNaN(scalePosition(0, s)));
  assert.equal(logScaleOf([[0, NaN]]), null);
});

test("a worker run sends each record once, and its findings and final evaluation at the end", async () => {
  const config = resolveConfig({ data: { name: "moons", n: 200 }, model: { depth: 6, width: 8, activation: "sigmoid" }, train: { steps: 40, batch: 16, evalEvery: 20 }, probes: { every: 5 }, engine: "reference" });
  const run = await WorkerRun.create(config, "reference");
  assert.equal(run.info.depth, 6);
  assert.ok(run.info.plane !== null && run.info.plane.labels.length > 0);
  assert.equal(run.info.prediction.gain?.length, 5);
  const data = runDataOf(run.info);
  for (let i = 0; i < 12; i++) run.step();
  applyUpdate(data, run.update(true, false));
  assert.deepEqual(data.steps, [1, 5, 10]);
  assert.equal(data.boundary?.classes.length, 48 * 48);
  assert.equal(data.findings, null);
  while (!run.done) run.step();
  const last = run.update(false, false);
  applyUpdate(data, last);
  assert.equal(data.status, "completed");
  assert.deepEqual(data.steps, [1, 5, 10, 15, 20, 25, 30, 35, 40]);
  assert.ok(last.final !== null && last.findings !== null);
  assert.deepEqual(data.evaluations.map((e) => e.step), [20, 40]);
  // the columns sent equal the recording's, and a stored copy reads back the same
  const rec = run.session.recorder.recording;
  assert.deepEqual(data.layers.deltaNorm[2], Array.from(rec.layers.deltaNorm[2].subarray(0, rec.count)));
  const stored = runDataFromRecording(toJSON(rec), last.findings, { description: "x", engine: "reference", status: "completed", totalSteps: 40 });
  assert.equal(inputOutputRatio(stored), inputOutputRatio(data));
  assert.ok(inputOutputRatio(data) < 1, "sigmoid: δ shrinks toward the input");
});
