// The stalled-learning rule: loss flat while gradients (or updates) are tiny, never when
// converged, on a plateau with healthy gradients, or with too few records.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, healthy, noise, remedyIds } from "./synthetic.js";

const flat = (level: number, amp = 0.003) => { const n = noise(9, amp); return (r: number) => level * n(0, r); };

test("stalled: a flat loss at ln 2 with tiny gradients is a warning with the vanishing remedies", () => {
  const rec = healthy(8, 100, { activation: "sigmoid", scalars: { loss: flat(0.693), accuracy: 0.5 }, layers: { weightGradNorm: 1e-6, updateRatio: 1e-7 } });
  const f = findingOf("stalled", rec);
  assert.ok(f);
  assert.equal(f.severity, "warning");
  assert.match(f.title, /gradients tiny/);
  assert.ok(evidence(f, "relative loss change") < thresholds.stalled.flatImprovement);
  assert.equal(evidence(f, "‖∂L/∂W_l‖"), 1e-6);
  assert.deepEqual(remedyIds(f), ["reluHe", "matchingInit", "batchNorm", "residual"]);
  assert.match(f.explanation, /stagnates/);
});

test("stalled: healthy gradients but tiny updates (lr too small) recommend a larger learning rate", () => {
  const rec = healthy(4, 60, { scalars: { loss: flat(0.9), lr: 1e-6, accuracy: 0.4 }, layers: { updateRatio: 1e-8 } });
  const f = findingOf("stalled", rec);
  assert.match(f?.title ?? "", /updates tiny/);
  assert.deepEqual(remedyIds(f), ["raiseLr"]);
  assert.ok(Math.abs((f?.remedies[0].change["training.lr"] as number) - 1e-5) < 1e-18);
});

test("stalled: tiny updates with gradients fading toward the input are vanishing, not a small learning rate", () => {
  const fading = (l: number) => 1e-2 * 1e-4 ** ((3 - l) / 3);
  const rec = healthy(4, 60, { activation: "sigmoid", scalars: { loss: flat(0.65), accuracy: 0.6 }, layers: { weightGradNorm: (l) => fading(l), updateRatio: (l) => fading(l) / 100 } });
  const f = findingOf("stalled", rec);
  assert.match(f?.title ?? "", /gradients tiny/);
  assert.match(f?.explanation ?? "", /fade toward the input/);
  assert.equal(remedyIds(f)[0], "reluHe");
});

test("stalled: not on a plateau with healthy gradients, not when converged, not while the loss falls, not with few records", () => {
  assert.equal(findingOf("stalled", healthy(4, 60, { scalars: { loss: flat(0.4) } })), undefined);
  const tiny = { weightGradNorm: 1e-7, updateRatio: 1e-9 };
  assert.equal(findingOf("stalled", healthy(4, 60, { scalars: { loss: flat(0.004) }, layers: tiny })), undefined);
  assert.equal(findingOf("stalled", healthy(4, 60, { scalars: { loss: flat(0.3), accuracy: 1 }, layers: tiny })), undefined);
  assert.equal(findingOf("stalled", healthy(4, 60, { layers: tiny })), undefined);
  assert.equal(findingOf("stalled", healthy(4, thresholds.window.minRecords - 1, { scalars: { loss: 0.69 }, layers: tiny })), undefined);
  assert.equal(findingOf("stalled", healthy(4, 60)), undefined);
});

test("stalled: edges — a 4.9% change over the second half is flat, 5.1% is not; gradients at 1e-4 are not tiny", () => {
  const ramp = (change: number) => (r: number) => (r < 30 ? 0.7 : 0.7 * (1 - change));
  const tiny = { weightGradNorm: 1e-6, updateRatio: NaN };
  assert.ok(findingOf("stalled", healthy(4, 60, { scalars: { loss: ramp(0.049) }, layers: tiny })));
  assert.equal(findingOf("stalled", healthy(4, 60, { scalars: { loss: ramp(0.051) }, layers: tiny })), undefined);
  const t = thresholds.stalled;
  assert.equal(findingOf("stalled", healthy(4, 60, { scalars: { loss: 0.7 }, layers: { weightGradNorm: t.gradTiny, updateRatio: NaN } })), undefined);
  assert.ok(findingOf("stalled", healthy(4, 60, { scalars: { loss: 0.7 }, layers: { weightGradNorm: t.gradTiny * 0.99, updateRatio: NaN } })));
});
