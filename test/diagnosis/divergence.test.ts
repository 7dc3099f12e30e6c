// The divergence rule: loss rising, loss giving back its gains, update ratios exploding; edges,
// noisy healthy runs, remedies with the computed learning rate.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, healthy, noise, remedyIds } from "./synthetic.js";

const n = noise(11, 0.05);

test("divergence: a loss rising from 0.7 to 2 is a warning, lower lr first (lr/10 from the context)", () => {
  const rec = healthy(4, 80, { scalars: { loss: (r) => (0.7 + 1.3 * (r / 79)) * n(0, r) } });
  const f = findingOf("divergence", rec, { training: { lr: 0.3 } });
  assert.ok(f);
  assert.equal(f.severity, "warning");
  assert.ok(evidence(f, "loss at the end over loss at the start") > thresholds.divergence.riseWarning);
  assert.deepEqual(remedyIds(f), ["lowerLr", "clip", "l2", "matchingInit"]);
  assert.ok(Math.abs((f.remedies[0].change["training.lr"] as number) - 0.03) < 1e-15);
  assert.match(f.explanation, /diverging/);
});

test("divergence: a loss rising ten-fold is critical, also when it jumps within the first steps", () => {
  const rec = healthy(4, 80, { scalars: { loss: (r) => 0.7 * 30 ** (r / 79) } });
  assert.equal(findingOf("divergence", rec)?.severity, "critical");
  const jump = healthy(4, 80, { scalars: { loss: (r) => (r === 0 ? 0.7 : 20 + r / 10) } });
  const f = findingOf("divergence", jump);
  assert.equal(f?.severity, "critical");
  assert.match(f?.explanation ?? "", /from 0\.7 at the start/);
});

test("divergence: a loss that fell from 0.7 to 0.1 and climbed back to 0.5 gave back its gains", () => {
  const rec = healthy(4, 100, { scalars: { loss: (r) => (r < 50 ? 0.7 - 0.6 * (r / 49) : 0.1 + 0.4 * ((r - 50) / 49)) * n(0, r) } });
  const f = findingOf("divergence", rec);
  assert.equal(f?.severity, "warning");
  assert.ok(evidence(f, "given back") > 0.5);
  assert.ok((f?.steps.first ?? 0) >= 40);
});

test("divergence: update ratios at 0.3 (warning) and 1 (critical), with the layers concerned", () => {
  const t = thresholds.divergence;
  const at = (u: number) => findingOf("divergence", healthy(4, 10, { layers: { updateRatio: (l) => (l === 3 ? u : 1e-3) } }));
  assert.equal(at(t.updateWarning * 0.98), undefined);
  assert.equal(at(t.updateWarning)?.severity, "warning");
  assert.deepEqual(at(t.updateWarning)?.layers, [4]);
  assert.equal(at(t.updateCritical * 0.98)?.severity, "warning");
  assert.equal(at(t.updateCritical)?.severity, "critical");
});

test("divergence: noisy healthy runs, slight late upticks and short runs are not flagged", () => {
  assert.equal(findingOf("divergence", healthy(4, 100)), undefined);
  const noisy = noise(12, 0.3);
  assert.equal(findingOf("divergence", healthy(4, 200, { scalars: { loss: (r) => (0.05 + 0.65 * Math.exp(-r / 20)) * noisy(0, r) } })), undefined);
  const uptick = healthy(4, 100, { scalars: { loss: (r) => (r < 80 ? 0.7 - 0.6 * (r / 79) : 0.1 + 0.1 * ((r - 80) / 19)) } });
  assert.equal(findingOf("divergence", uptick), undefined);
  assert.equal(findingOf("divergence", healthy(4, 10, { scalars: { loss: (r) => 0.7 * 2 ** r } })), undefined);
});
