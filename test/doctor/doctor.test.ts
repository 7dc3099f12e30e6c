// The doctor: a deep sigmoid net with a poor init gets a prescription that measurably helps;
// a healthy ReLU + He net gets none; trials are deterministic and reported as they run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { doctor, type DoctorEvent } from "../../src/doctor/index.js";
import { prepareData, resolveConfig, useEngine } from "../../src/experiment/index.js";

useEngine("wasm");

const sick = resolveConfig({
  model: { depth: 10, width: 16, activation: "sigmoid", init: { name: "normal", std: 0.1 } },
  train: { steps: 1000, batch: 32, evalEvery: 0 },
});
const healthy = resolveConfig({
  model: { depth: 4, width: 16, activation: "relu", init: "heNormal" },
  train: { steps: 1000, batch: 32, evalEvery: 0 },
});

test("a deep sigmoid net with a small normal init: the best candidate heals the gradient and lowers the test loss", async () => {
  const data = await prepareData(sick);
  const events: DoctorEvent[] = [];
  const p = await doctor(sick, data, { steps: 120, onEvent: (e) => events.push(e) });
  assert.equal(p.healthy, false);
  assert.equal(p.steps, 120);
  assert.equal(p.baseline.config.train.steps, 120);
  const kinds = p.baseline.findings.map((f) => f.kind);
  assert.ok(kinds.includes("vanishing"), `baseline findings: ${kinds.join(", ")}`);
  assert.ok(p.baseline.health.signalRatio.last < 1e-6, `baseline ‖δ_1‖/‖δ_L‖ ${p.baseline.health.signalRatio.last}`);
  assert.ok(p.best !== null, "a remedy helps");
  const best = p.best;
  assert.equal(best, p.candidates[0], "the best is ranked first");
  // gradient health: at least four orders of magnitude closer to 1, fewer serious findings
  assert.ok(best.health.ratioDistance < p.baseline.health.ratioDistance - 4, `ratio ${p.baseline.health.signalRatio.last} → ${best.health.signalRatio.last}`);
  assert.ok(best.health.findings.critical + best.health.findings.warning < p.baseline.health.findings.critical + p.baseline.health.findings.warning);
  // outcome: a clearly lower test loss and a higher test accuracy than the stalled baseline
  assert.ok(best.health.testLoss < 0.8 * p.baseline.health.testLoss, `test loss ${p.baseline.health.testLoss} → ${best.health.testLoss}`);
  assert.ok(best.health.testAccuracy > p.baseline.health.testAccuracy + 0.2);
  // ranked by score, singles and pairs tried, every candidate's config is the baseline's with its change
  for (let i = 1; i < p.candidates.length; i++) assert.ok(p.candidates[i - 1].health.score <= p.candidates[i].health.score);
  assert.ok(p.candidates.some((c) => c.remedies.length === 2), "combinations are tried");
  const ids = p.candidates.filter((c) => c.remedies.length === 1).map((c) => c.remedies[0].id);
  assert.deepEqual([...new Set(ids)], ids, "each single remedy once");
  for (const c of p.candidates) {
    assert.equal(c.config.seed, sick.seed);
    assert.equal(c.config.train.steps, 120);
    assert.ok(!c.remedies.some((a) => c.remedies.some((b) => a !== b && a.id === b.id)));
  }
  // progress: a start and a done per trial, the baseline first
  assert.deepEqual(events.slice(0, 2).map((e) => e.type + ":" + e.label), ["start:baseline", "done:baseline"]);
  assert.equal(events.filter((e) => e.type === "done").length, p.candidates.length + 1);
});

test("the doctor is deterministic: the same config and data give the same ranking and numbers", async () => {
  const config = resolveConfig({ ...sick, model: { ...sick.model, depth: 8 } });
  const data = await prepareData(config);
  const options = { steps: 40, maxRemedies: 2, combineTop: 2 };
  const a = await doctor(config, data, options);
  const b = await doctor(config, data, options);
  assert.deepEqual(a.candidates.map((c) => [c.label, c.health]), b.candidates.map((c) => [c.label, c.health]));
  assert.deepEqual(a.baseline.health, b.baseline.health);
});

test("a healthy ReLU + He net of depth 4: nothing is wrong, nothing is prescribed", async () => {
  const data = await prepareData(healthy);
  let trials = 0;
  const p = await doctor(healthy, data, { steps: 120, onEvent: (e) => { if (e.type === "done") trials++; } });
  assert.equal(p.healthy, true);
  assert.deepEqual(p.candidates, []);
  assert.equal(p.best, null);
  assert.equal(trials, 1, "only the baseline is trained");
  assert.deepEqual(p.baseline.findings.filter((f) => f.severity !== "info"), []);
  assert.ok(p.baseline.health.testAccuracy > 0.8, "the evidence of health: it learns");
  assert.ok(p.baseline.health.ratioDistance < 1, "and ‖δ_1‖/‖δ_L‖ is within a factor 10 of 1");
});

test("the default trial length is the config's steps, at most 300", async () => {
  const short = resolveConfig({ ...healthy, train: { steps: 30, batch: 32 } });
  const p = await doctor(short, await prepareData(short));
  assert.equal(p.steps, 30);
  assert.equal(p.baseline.health.status, "completed");
});
