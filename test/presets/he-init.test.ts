// heInit: a 30-layer ReLU net — Xavier's per-layer gain ≈ 1/√2 (gradients ≈ 2^(−(L−1)/2) smaller at the input) and the net stalls; He's gain ≈ 1 and it trains.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inputToTopRatio, meanGain, runPreset } from "./run-preset.js";

test("heInit: Xavier's backprop signal shrinks ≈ 2^(−1/2) a layer and the net stays at chance; He keeps the gain ≈ 1 and trains", async () => {
  const runs = await runPreset("heInit");
  const xavier = runs.get("xavier")!, he = runs.get("he")!;
  const L = xavier.recording.depth;
  assert.ok(L >= 30);
  // Per-layer gain at step 1 (batch 32, width 32; measured 0.68 and 0.965): mean-field says 1/√2 and 1.
  const gx = meanGain(xavier.recording), gh = meanGain(he.recording);
  assert.ok(Math.abs(gx - Math.SQRT1_2) < 0.08, `Xavier per-layer gain ${gx}, expected ≈ 1/√2`);
  assert.ok(Math.abs(gh - 1) < 0.08, `He per-layer gain ${gh}, expected ≈ 1`);
  // Xavier's ‖δ_1‖/‖δ_L‖ relative to He's ≈ 2^(−(L−1)/2) (measured within 10%; a factor 4 allowed for finite width).
  const relative = inputToTopRatio(xavier.recording) / inputToTopRatio(he.recording);
  const predicted = 2 ** (-(L - 1) / 2);
  assert.ok(relative > predicted / 4 && relative < predicted * 4, `Xavier/He input-to-top ratio ${relative}, predicted ${predicted}`);
  // Training: 3 classes, chance 1/3.
  assert.equal(xavier.status, "completed");
  assert.ok(xavier.finalTrain.accuracy < 0.4, `Xavier train accuracy ${xavier.finalTrain.accuracy}: it should stall near chance`);
  assert.ok(he.finalTrain.accuracy > 0.7, `He train accuracy ${he.finalTrain.accuracy}: it should train`);
  assert.ok(he.finalTrain.loss < 0.7 * xavier.finalTrain.loss, `He loss ${he.finalTrain.loss} vs Xavier ${xavier.finalTrain.loss}`);
});
