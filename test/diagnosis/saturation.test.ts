// The saturation rule: which layers, what fraction, since when; only two-sided saturating
// activations; edges; remedies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, healthy, remedyIds } from "./synthetic.js";

test("saturation: tanh layers 3–5 at 70% since step 21 are critical, with ReLU + He first", () => {
  const rec = healthy(6, 60, { layers: { saturatedFraction: (l, r) => (l >= 2 && l <= 4 && r >= 20 ? 0.7 : 0.02) } });
  const f = findingOf("saturation", rec);
  assert.ok(f);
  assert.equal(f.severity, "critical");
  assert.deepEqual(f.layers, [3, 4, 5]);
  assert.equal(f.steps.first, 21);
  assert.equal(evidence(f, "saturated since"), 21);
  assert.equal(evidence(f, "saturated fraction of layer 4 (late"), 0.7);
  assert.match(f.explanation, /70%/);
  assert.match(f.explanation, /saturated regions/);
  assert.match(f.explanation, /grew during training/);
  assert.equal(remedyIds(f)[0], "reluHe");
  assert.ok(remedyIds(f).includes("lowerLr"));
});

test("saturation: threshold edges at 0.25 (warning) and 0.6 (critical)", () => {
  const t = thresholds.saturation;
  const at = (x: number) => findingOf("saturation", healthy(4, 30, { activation: "sigmoid", layers: { saturatedFraction: x } }))?.severity;
  assert.equal(at(t.warning - 0.01), undefined);
  assert.equal(at(t.warning), "warning");
  assert.equal(at(t.critical - 0.01), "warning");
  assert.equal(at(t.critical), "critical");
});

test("saturation: ReLU's flat side is not saturation, healthy tanh is not flagged, a brief spike is ignored", () => {
  assert.equal(findingOf("saturation", healthy(6, 30, { activation: "relu", layers: { saturatedFraction: 0.55 } })), undefined);
  assert.equal(findingOf("saturation", healthy(6, 30)), undefined);
  const spike = healthy(6, 50, { layers: { saturatedFraction: (l, r) => (r >= 45 && r <= 46 ? 0.9 : 0.05) } });
  assert.equal(findingOf("saturation", spike), undefined);
});

test("saturation: mixed activations — only the sigmoid/tanh layers count; from the start the init comes second", () => {
  const rec = healthy(3, 30, { activation: ["relu", "tanh", "relu"], layers: { saturatedFraction: 0.7 } });
  const f = findingOf("saturation", rec);
  assert.deepEqual(f?.layers, [2]);
  assert.deepEqual(remedyIds(f).slice(0, 2), ["reluHe", "matchingInit"]);
});
