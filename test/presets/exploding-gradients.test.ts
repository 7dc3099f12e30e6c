// explodingGradients: lr 0.15 (or W ~ N(0, 1)) overflows to NaN; clipping by norm or value and L2 each keep training finite, with their costs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runPreset } from "./run-preset.js";

test("explodingGradients: no remedy overflows; clip by norm, clip by value and L2 each finish finite; L2 costs accuracy; a huge init overflows at once unless clipped", async () => {
  const runs = await runPreset("explodingGradients");
  const r = (label: string) => runs.get(label)!;
  const none = r("none");
  assert.equal(none.status, "nonfinite");
  assert.ok(none.recording.nonFinite !== null && none.steps <= 20, `overflow at step ${none.steps}`);
  for (const label of ["clipNorm", "clipValue", "l2", "l2Strong"]) {
    const run = r(label);
    assert.equal(run.status, "completed", `${label}: ${run.status}`);
    assert.equal(run.recording.nonFinite, null);
    assert.ok(Number.isFinite(run.finalTrain.loss), `${label}: final loss ${run.finalTrain.loss}`);
  }
  // Trade-offs (two classes, chance 0.5). Measured: clip by norm 1.00, by value 1.00, L2 0.1 → 0.88, L2 1 → 0.50.
  assert.ok(r("clipNorm").finalTrain.accuracy >= 0.9, `clipNorm accuracy ${r("clipNorm").finalTrain.accuracy}`);
  assert.ok(r("clipValue").finalTrain.accuracy >= 0.9, `clipValue accuracy ${r("clipValue").finalTrain.accuracy}`);
  assert.ok(r("l2").finalTrain.accuracy >= 0.7 && r("l2").finalTrain.accuracy < r("clipNorm").finalTrain.accuracy, `l2 accuracy ${r("l2").finalTrain.accuracy}`);
  assert.ok(r("l2Strong").finalTrain.accuracy <= 0.6, `strong l2 accuracy ${r("l2Strong").finalTrain.accuracy}`);
  assert.ok(r("clipNorm").recording.scalars.clipFired.subarray(0, 5).some((f) => f === 1), "the norm clip fires in the first steps");
  // W ~ N(0, 1): the first loss is already huge and the first update overflows; clipping the norm trains.
  const big = r("bigInit"), bigClipped = r("bigInitClipNorm");
  assert.ok(big.recording.scalars.loss[0] > 1e4, `first loss with W ~ N(0, 1): ${big.recording.scalars.loss[0]}`);
  assert.equal(big.status, "nonfinite");
  assert.ok(big.steps <= 3, `big init overflows at step ${big.steps}`);
  assert.equal(bigClipped.status, "completed");
  assert.ok(bigClipped.finalTrain.accuracy >= 0.8, `big init clipped: accuracy ${bigClipped.finalTrain.accuracy}`);
});
