// The unequal-learning-speed rule: update ratios spread over orders of magnitude; edges, the
// relative-gradient fallback, dead layers left to other rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, healthy, noise, remedyIds } from "./synthetic.js";

const n = noise(21, 0.3);

test("unequalSpeed: layers 1–2 learning 1000× slower than the top is a warning naming them", () => {
  const rec = healthy(6, 40, { layers: { updateRatio: (l, r) => (l < 2 ? 1e-6 : 1e-3) * n(l, r) } });
  const f = findingOf("unequalSpeed", rec);
  assert.ok(f);
  assert.equal(f.severity, "warning");
  assert.deepEqual(f.layers, [1, 2]);
  assert.ok(Math.abs(evidence(f, "orders of magnitude") - 3) < 0.3);
  assert.equal(remedyIds(f)[0], "reluHe");
  assert.match(f.explanation, /vanishing gradient/);
});

test("unequalSpeed: threshold edges at 100 (warning) and 1e4 (critical)", () => {
  const t = thresholds.unequalSpeed;
  const at = (spread: number) => findingOf("unequalSpeed", healthy(4, 20, { layers: { updateRatio: (l) => (l === 2 ? 1e-2 / spread : 1e-2) } }))?.severity;
  assert.equal(at(t.warningSpread * 0.98), undefined);
  assert.equal(at(t.warningSpread * 1.02), "warning");
  assert.equal(at(t.criticalSpread * 0.98), "warning");
  assert.equal(at(t.criticalSpread * 1.02), "critical");
});

test("unequalSpeed: a slow top layer is not called vanishing; without update ratios the relative gradients are used", () => {
  const top = findingOf("unequalSpeed", healthy(4, 20, { activation: "relu", layers: { updateRatio: (l) => (l === 3 ? 1e-7 : 1e-3) } }));
  assert.deepEqual(top?.layers, [4]);
  assert.doesNotMatch(top?.explanation ?? "", /vanishing/);
  assert.equal(remedyIds(top).includes("reluHe"), false);
  const fallback = findingOf("unequalSpeed", healthy(4, 20, { layers: { updateRatio: NaN, weightGradNorm: (l) => (l === 0 ? 1e-5 : 0.1) } }));
  assert.match(fallback?.evidence[0].name ?? "", /relative weight gradient/);
});

test("unequalSpeed: healthy spreads, dead (zero) layers and single layers are not flagged", () => {
  assert.equal(findingOf("unequalSpeed", healthy(6, 40)), undefined);
  assert.equal(findingOf("unequalSpeed", healthy(6, 40, { layers: { updateRatio: (l) => (l === 0 ? 0 : 1e-3) } })), undefined);
  assert.equal(findingOf("unequalSpeed", healthy(1, 40, { layers: { updateRatio: 1e-9 } })), undefined);
  const diverging = healthy(4, 10, { layers: { updateRatio: (l) => (l === 0 ? 0.5 : 1e3) } });
  assert.equal(findingOf("unequalSpeed", diverging), undefined, "every layer moves too much: divergence, not unequal speed");
  assert.ok(findingOf("divergence", diverging));
});
