// Diagnosis of real training runs: Networks trained by the Trainer on a 2-D data set, observed by
// the probes' Recorder. Healthy configs give no warning; each finding is provoked on purpose;
// applying a recommended remedy and training again removes the finding.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyPatch, diagnose, type Finding, type FindingKind, type Remedy } from "../../src/diagnosis/index.js";
import { contextOf, specsOf, train, type Run } from "./train.js";

const widths = (depth: number, width = 32) => new Array<number>(depth).fill(width);

function diagnoseRun(run: Run): Finding[] {
  return diagnose(train(run), contextOf(run));
}

const serious = (found: Finding[]) => found.filter((f) => f.severity !== "info").map((f) => `${f.severity} ${f.kind}: ${f.title}`);

function find(found: Finding[], kind: FindingKind): Finding {
  const f = found.find((x) => x.kind === kind);
  assert.ok(f, `expected a ${kind} finding, got ${JSON.stringify(found.map((x) => x.kind))}`);
  return f;
}

/** The run with a remedy's change applied. */
function withRemedy(run: Run, remedy: Remedy): Run {
  return { ...run, ...applyPatch(specsOf(run), remedy.change) };
}

test("integration: healthy ReLU + He (6×32) and tanh + Xavier (4×32) runs give no warning or critical finding", () => {
  for (const seed of [1, 2]) {
    assert.deepEqual(serious(diagnoseRun({ seed, model: { widths: widths(6), activation: "relu", init: "heNormal" }, steps: 100 })), [], `relu seed ${seed}`);
  }
  assert.deepEqual(serious(diagnoseRun({ model: { widths: widths(4), activation: "tanh", init: "xavierNormal" }, steps: 100 })), []);
});

test("integration: a deep sigmoid net with the 'standard' init has vanishing gradients; ReLU + He cures them", () => {
  const run: Run = { model: { widths: widths(6), activation: "sigmoid", init: "standard" }, steps: 80 };
  const found = diagnoseRun(run);
  const v = find(found, "vanishing");
  assert.equal(v.severity, "critical");
  assert.ok(v.layers.includes(1));
  assert.ok(v.evidence[0].value < 1e-3, "‖δ_1‖/‖δ_L‖");
  assert.equal(v.remedies[0].id, "reluHe");
  find(found, "unequalSpeed");
  const cured = diagnoseRun(withRemedy(run, v.remedies[0]));
  assert.equal(cured.some((f) => f.kind === "vanishing" || f.kind === "stalled"), false, JSON.stringify(serious(cured)));
});

test("integration: a huge init (N(0, 0.5²) on 32 units, ReLU) explodes to NaN/Inf with its origin", () => {
  const found = diagnoseRun({ model: { widths: widths(6), activation: "relu", init: { name: "normal", std: 0.5 } } });
  const nf = find(found, "nonFinite");
  assert.equal(nf.severity, "critical");
  assert.equal(found[0].severity, "critical");
  assert.match(nf.title, /NaN\/Inf at step \d+/);
  assert.equal(find(found, "exploding").severity, "critical");
  assert.equal(nf.remedies[0].id, "matchingInit");
});

test("integration: ReLU units with a large negative bias are dead; zero biases bring them back", () => {
  const run: Run = { model: { widths: widths(4), activation: "relu", init: "heNormal", biasInit: { name: "constant", value: -3 } }, steps: 60 };
  const d = find(diagnoseRun(run), "deadRelu");
  assert.equal(d.severity, "critical");
  assert.deepEqual(d.remedies.slice(0, 2).map((r) => r.id), ["leakyRelu", "zeroBias"]);
  const zero = d.remedies.find((r) => r.id === "zeroBias") as Remedy;
  assert.equal(diagnoseRun(withRemedy(run, zero)).some((f) => f.kind === "deadRelu"), false);
});

test("integration: tanh with N(0, 1) weights saturates", () => {
  const s = find(diagnoseRun({ model: { widths: widths(6), activation: "tanh", init: { name: "normal", std: 1 } }, steps: 60 }), "saturation");
  assert.equal(s.severity, "critical");
  assert.ok(s.layers.length >= 3);
  assert.equal(s.remedies[0].id, "reluHe");
});

test("integration: tanh at learning rate 4 diverges; a learning rate of 1e-6 stalls", () => {
  const diverging = find(diagnoseRun({ model: { widths: widths(4), activation: "tanh", init: "xavierNormal" }, training: { lr: 4 }, steps: 60 }), "divergence");
  assert.equal(diverging.remedies[0].id, "lowerLr");
  assert.deepEqual(diverging.remedies[0].change, { "training.lr": 0.4 });
  const stalled = find(diagnoseRun({ model: { widths: widths(4), activation: "tanh", init: "xavierNormal" }, training: { lr: 1e-6 }, steps: 100 }), "stalled");
  assert.equal(stalled.remedies[0].id, "raiseLr");
});
