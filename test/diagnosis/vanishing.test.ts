// The vanishing-gradient rule on synthetic Recordings: positive, negative, threshold edges,
// "from which layer down", balanced weight gradients, robustness and context-aware remedies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, geometricDelta, healthy, noise, remedyIds } from "./synthetic.js";

const L = 10;
const n2 = noise(5, 0.2);

test("vanishing: a deep sigmoid net whose δ shrinks 1e5-fold is critical, from layer 8 down, with ReLU + He first", () => {
  const rec = healthy(L, 60, {
    activation: "sigmoid",
    layers: { deltaNorm: (l, r) => geometricDelta(L, 1e-5)(l) * n2(l, r), weightGradNorm: (l) => 0.1 * 1e-5 ** ((L - 1 - l) / (L - 1)) },
  });
  const f = findingOf("vanishing", rec);
  assert.ok(f);
  assert.equal(f.severity, "critical");
  assert.deepEqual(f.layers, [1, 2, 3, 4, 5, 6, 7, 8], "layer 9 still gets 0.28 of layer 10's signal");
  assert.match(f.title, /from layer 8 down/);
  assert.ok(Math.abs(evidence(f, "‖δ_1‖/‖δ_L‖") / 1e-5 - 1) < 0.3);
  assert.ok(Math.abs(evidence(f, "per-layer gain") - 1e-5 ** (1 / 9)) < 0.02);
  assert.deepEqual(remedyIds(f), ["reluHe", "matchingInit", "batchNorm", "residual"]);
  assert.match(f.explanation, /vanishing gradient/);
  assert.match(f.explanation, /sigmoid/);
  assert.match(f.explanation, /not being updated effectively/);
  assert.deepEqual(f.steps, { first: 1, last: 60 });
});

test("vanishing: a healthy profile (‖δ_1‖/‖δ_L‖ ≈ 0.4) is not flagged", () => {
  assert.equal(findingOf("vanishing", healthy(L, 60)), undefined);
  assert.equal(findingOf("vanishing", healthy(4, 60, { activation: "relu" })), undefined);
});

test("vanishing: threshold edges at ‖δ_1‖/‖δ_L‖ = 0.1 (warning) and 1e-3 (critical)", () => {
  const layers = (ratio: number) => ({ deltaNorm: geometricDelta(L, ratio), weightGradNorm: geometricDelta(L, ratio) });
  const at = (ratio: number) => findingOf("vanishing", healthy(L, 40, { layers: layers(ratio) }))?.severity;
  const t = thresholds.vanishing;
  assert.equal(at(t.warningRatio * 1.02), undefined);
  assert.equal(at(t.warningRatio * 0.98), "warning");
  assert.equal(at(t.criticalRatio * 1.02), "warning");
  assert.equal(at(t.criticalRatio * 0.98), "critical");
});

test("vanishing: only the layers below the warning ratio are concerned ('from layer 4 down')", () => {
  const profile = [1e-4, 1e-3, 0.01, 0.05, 0.5, 0.8, 0.9, 1, 1, 1];
  const f = findingOf("vanishing", healthy(L, 40, { layers: { deltaNorm: (l) => profile[l] } }));
  assert.ok(f);
  assert.deepEqual(f.layers, [1, 2, 3, 4]);
  assert.equal(evidence(f, "from which layer down"), 4);
});

test("vanishing: balanced relative weight gradients are noted and make the finding one level milder", () => {
  const rec = healthy(L, 40, { activation: "linear", layers: { deltaNorm: geometricDelta(L, 1e-6), weightGradNorm: 0.1, weightNorm: 5 } });
  const f = findingOf("vanishing", rec);
  assert.ok(f);
  assert.equal(f.severity, "warning");
  assert.match(f.explanation, /stay balanced/);
  assert.equal(evidence(f, "relative weight gradient"), 1);
  const mild = findingOf("vanishing", healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 0.05), weightGradNorm: 0.1 } }));
  assert.equal(mild?.severity, "info");
  const unbalanced = findingOf("vanishing", healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 1e-6), weightGradNorm: geometricDelta(L, 1e-6) } }));
  assert.equal(unbalanced?.severity, "critical");
  assert.match(unbalanced?.explanation ?? "", /shrink with it/);
});

test("vanishing: robust to outliers, judged on the late window, and 'since' follows the onset", () => {
  const outlier = healthy(L, 50, { layers: { deltaNorm: (l, r) => (r === 47 && l === 0 ? 1e-9 : geometricDelta(L, 0.4)(l)) } });
  assert.equal(findingOf("vanishing", outlier), undefined);
  const healed = healthy(L, 50, { layers: { deltaNorm: (l, r) => geometricDelta(L, r < 25 ? 1e-4 : 0.5)(l) } });
  assert.equal(findingOf("vanishing", healed), undefined);
  const onset = healthy(L, 50, { layers: { deltaNorm: (l, r) => geometricDelta(L, r < 30 ? 0.5 : 1e-4)(l) } });
  const f = findingOf("vanishing", onset);
  assert.equal(f?.steps.first, 31);
  assert.equal(f?.steps.last, 50);
});

test("vanishing: remedies skip what the context says is in place", () => {
  const rec = healthy(L, 40, { activation: "relu", layers: { deltaNorm: geometricDelta(L, 1e-4) } });
  assert.deepEqual(remedyIds(findingOf("vanishing", rec)), ["matchingInit", "batchNorm", "residual"]);
  const ctx = { model: { activation: "relu", init: "kaimingUniform", norm: { kind: "batch" as const } } };
  assert.deepEqual(remedyIds(findingOf("vanishing", rec, ctx)), ["residual"]);
  const tanh = healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 1e-4) } });
  const f = findingOf("vanishing", tanh, { model: { init: "standard" } });
  assert.equal(f?.remedies[1].id, "matchingInit");
  assert.deepEqual(f?.remedies[1].change, { "model.init": { name: "xavierNormal" } });
  assert.deepEqual(f?.remedies[0].change, { "model.activation": "relu", "model.init": { name: "heNormal" } });
});

test("vanishing: needs two layers and at least one record", () => {
  assert.equal(findingOf("vanishing", healthy(1, 20, { layers: { deltaNorm: 1e-9 } })), undefined);
  assert.equal(findingOf("vanishing", healthy(L, 0)), undefined);
});
