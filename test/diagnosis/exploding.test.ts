// The exploding-gradient rule on synthetic Recordings: growth across layers, growth over steps,
// overflow, threshold edges and remedies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, geometricDelta, healthy, remedyIds } from "./synthetic.js";

const L = 8;

test("exploding: δ growing 1e4-fold toward the input is critical, with a per-layer gain > 1 and init first", () => {
  const rec = healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 1e4), weightGradNorm: geometricDelta(L, 1e4) } });
  const f = findingOf("exploding", rec, { model: { init: { name: "normal", std: 1 } } });
  assert.ok(f);
  assert.equal(f.severity, "critical");
  assert.ok(evidence(f, "per-layer gain") > 1);
  assert.ok(Math.abs(evidence(f, "‖δ_1‖/‖δ_L‖") / 1e4 - 1) < 1e-9);
  assert.deepEqual(f.layers, [1, 2, 3, 4, 5, 6], "layer 7 is only 3.7× layer 8");
  assert.deepEqual(remedyIds(f), ["matchingInit", "clip", "lowerLr", "l2"]);
  assert.match(f.explanation, /exploding gradient/);
  assert.match(f.explanation, /NaN/);
});

test("exploding: threshold edges across layers at 10 (warning) and 1e3 (critical)", () => {
  const t = thresholds.exploding;
  const layers = (ratio: number) => ({ deltaNorm: geometricDelta(L, ratio), weightGradNorm: geometricDelta(L, ratio) });
  const at = (ratio: number) => findingOf("exploding", healthy(L, 40, { layers: layers(ratio) }))?.severity;
  assert.equal(at(t.warningRatio * 0.98), undefined);
  assert.equal(at(t.warningRatio * 1.02), "warning");
  assert.equal(at(t.criticalRatio * 0.98), "warning");
  assert.equal(at(t.criticalRatio * 1.02), "critical");
});

test("exploding: δ growth with balanced relative weight gradients is one level milder, and says so", () => {
  const f = findingOf("exploding", healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 30), weightGradNorm: 0.1 } }));
  assert.equal(f?.severity, "info");
  assert.match(f?.explanation ?? "", /stay balanced/);
  const g = findingOf("exploding", healthy(L, 40, { layers: { deltaNorm: geometricDelta(L, 1e4), weightGradNorm: 0.1 } }));
  assert.equal(g?.severity, "warning");
});

test("exploding: gradient norms growing over steps (×1e3, then ×1e5) are flagged, clipping first", () => {
  const growing = (total: number) => healthy(L, 100, { layers: { weightGradNorm: (l, r) => 0.1 * total ** (r / 99) } });
  const warn = findingOf("exploding", growing(1e3));
  assert.equal(warn?.severity, "warning");
  assert.ok(evidence(warn, "growth") > thresholds.exploding.warningGrowth);
  assert.deepEqual(remedyIds(warn), ["clip", "lowerLr", "matchingInit", "l2"]);
  assert.deepEqual(warn?.remedies[1].change, { "training.lr": 0.01 });
  assert.ok((warn?.steps.first ?? 0) > 50, "since: the growth passes ×100 late in the run");
  assert.equal(findingOf("exploding", growing(1e5))?.severity, "critical");
  assert.equal(findingOf("exploding", growing(10)), undefined);
});

test("exploding: a gradient norm near overflow (≥ 1e8) is critical and names its layer and step", () => {
  const f = findingOf("exploding", healthy(L, 30, { layers: { weightGradNorm: (l, r) => (l === 2 && r === 20 ? 3e9 : 0.1) } }));
  assert.equal(f?.severity, "critical");
  assert.deepEqual(f?.layers, [3]);
  assert.equal(f?.steps.first, 21);
  assert.equal(evidence(f, "largest recorded gradient norm"), 3e9);
});

test("exploding: healthy runs, and clipping already in place", () => {
  assert.equal(findingOf("exploding", healthy(L, 60)), undefined);
  assert.equal(findingOf("exploding", healthy(L, 1)), undefined);
  const rec = healthy(L, 40, { scalars: { clipFired: 1 }, layers: { deltaNorm: geometricDelta(L, 100) } });
  const f = findingOf("exploding", rec, { training: { clip: { kind: "globalNorm", threshold: 1 }, lr: 0.5 }, model: { activation: "tanh", init: "xavierNormal" } });
  assert.deepEqual(remedyIds(f), ["lowerLr", "l2"]);
  assert.equal(f?.remedies[0].change["training.lr"], 0.05);
  assert.equal(evidence(f, "clipping fired"), 1);
});
