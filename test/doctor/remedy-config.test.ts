// Remedy patches ({ model, training } paths) in experiment-config paths, conflicts, validation;
// the doctor's score.
import assert from "node:assert/strict";
import { test } from "node:test";
import { conflicts, mergePatches, patchedConfig, scoreHealth, toConfigPatch } from "../../src/doctor/index.js";
import { remediesOf } from "../../src/doctor/doctor.js";
import { ConfigError, resolveConfig } from "../../src/experiment/index.js";

test("training.* paths move to their experiment-config sections; model.* paths stay", () => {
  assert.deepEqual(toConfigPatch({ "training.lr": 0.005, "training.clip": { kind: "globalNorm", threshold: 1 }, "training.regularization.l2": 1e-4, "model.norm.kind": "batch" }),
    { "optimizer.lr": 0.005, clip: { kind: "globalNorm", threshold: 1 }, "regularization.l2": 1e-4, "model.norm.kind": "batch" });
  assert.deepEqual(toConfigPatch({ "training.optimizer": { name: "adam" } }), { "optimizer.name": "adam" });
  assert.deepEqual(toConfigPatch({ "training.optimizer": "adam" }), { "optimizer.name": "adam" });
});

test("a patched config keeps everything else and is validated", () => {
  const base = resolveConfig({ model: { depth: 6, activation: "sigmoid", init: { name: "normal", std: 0.1 } }, optimizer: { name: "sgd", lr: 0.05, momentum: 0.9 } });
  const c = patchedConfig(base, toConfigPatch({ "model.activation": "relu", "model.init": { name: "heNormal" }, "training.lr": 0.005 }));
  assert.equal(c.model.activation, "relu");
  assert.deepEqual(c.model.init, { name: "heNormal" }, "the old init's std does not linger");
  assert.equal(c.optimizer.lr, 0.005);
  assert.equal((c.optimizer as { momentum?: number }).momentum, 0.9);
  assert.equal(c.model.depth, 6);
  assert.throws(() => patchedConfig(base, { "model.norm.kind": "group" }), (e: unknown) => e instanceof ConfigError && /model\.norm\.kind/.test(e.message));
});

test("two patches conflict when they set the same field differently or one field inside another", () => {
  assert.equal(conflicts({ "model.init": { name: "heNormal" } }, { "model.init": { name: "xavierNormal" } }), true);
  assert.equal(conflicts({ "model.init": "heNormal" }, { "model.init.std": 0.1 }), true);
  assert.equal(conflicts({ "model.norm.kind": "batch" }, { "model.residual.every": 2 }), false);
  assert.equal(conflicts({ "model.init": "heNormal" }, { "model.init": "heNormal" }), false);
  assert.deepEqual(mergePatches([{ a: 1 }, { b: 2 }]), { a: 1, b: 2 });
});

test("the remedies come from warning and critical findings only, worst first, each once", () => {
  const r = (id: string) => ({ id, label: id, why: "", change: {} });
  const got = remediesOf([
    { severity: "critical", remedies: [r("reluHe"), r("batchNorm")] },
    { severity: "info", remedies: [r("raiseLr")] },
    { severity: "warning", remedies: [r("batchNorm"), r("residual")] },
  ]);
  assert.deepEqual(got.map((x) => x.id), ["reluHe", "batchNorm", "residual"]);
});

test("score: fewer findings, a ratio nearer 1 and a lower loss score better; NaN/Inf scores +∞", () => {
  const parts = {
    status: "completed" as const, findings: { critical: 0, warning: 0, info: 0, kinds: [] }, signalRatio: { first: 1, last: 1 },
    ratioDistance: 0, deadFraction: 0, saturatedFraction: 0, testLoss: 0.5, testAccuracy: 0.9,
  };
  const good = scoreHealth(parts, 1).score;
  assert.ok(good < scoreHealth({ ...parts, ratioDistance: 3 }, 1).score);
  assert.ok(good < scoreHealth({ ...parts, findings: { ...parts.findings, warning: 1 } }, 1).score);
  assert.ok(good < scoreHealth({ ...parts, testLoss: 0.9 }, 1).score);
  assert.ok(good < scoreHealth({ ...parts, testAccuracy: 0.5 }, 1).score);
  assert.equal(scoreHealth({ ...parts, status: "nonfinite", testLoss: NaN }, 1).score, Infinity);
  assert.equal(scoreHealth({ ...parts, testAccuracy: NaN }, 0.5).outcomePenalty, 3, "regression: 3·log2(2) at the baseline's loss");
});
