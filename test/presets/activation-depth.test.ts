// activationDepth: with one init (Glorot normal) and one optimizer, which activations train at depth 3, 10 and 30.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inputToTopRatio, runPreset } from "./run-preset.js";

// Two classes: chance is 0.5. "Trains": final train accuracy ≥ 0.8; "fails": ≤ 0.6 (measured: 0.50 for every failure).
const TRAINS = 0.8;
const FAILS = 0.6;

test("activationDepth: every activation trains at depth 3; sigmoid fails from depth 10, ReLU and leaky ReLU at depth 30, tanh and ELU still train at 30", async () => {
  const runs = await runPreset("activationDepth");
  const acc = (label: string) => runs.get(label)!.finalTrain.accuracy;
  const table = [...runs].map(([label, r]) => `${label} ${r.finalTrain.accuracy.toFixed(2)} (‖δ_1‖/‖δ_L‖ ${inputToTopRatio(r.recording).toExponential(1)})`).join("; ");
  for (const a of ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu"]) assert.ok(acc(`${a}-d3`) >= TRAINS, `${a} at depth 3 should train: ${table}`);
  for (const label of ["sigmoid-d10", "sigmoid-d30", "relu-d30", "leakyRelu-d30"]) assert.ok(acc(label) <= FAILS, `${label} should fail: ${table}`);
  for (const label of ["tanh-d30", "elu-d30", "relu-d10", "leakyRelu-d10"]) assert.ok(acc(label) >= TRAINS, `${label} should train: ${table}`);
  // The failures are the vanishing ones: every run whose ‖δ_1‖/‖δ_L‖ at step 1 is below 1e-4 fails,
  // and every run with 1e-2 ≤ ‖δ_1‖/‖δ_L‖ ≤ 1 trains.
  for (const [label, r] of runs) {
    const ratio = inputToTopRatio(r.recording);
    if (ratio < 1e-4) assert.ok(r.finalTrain.accuracy <= FAILS, `${label}: ratio ${ratio} but accuracy ${r.finalTrain.accuracy}`);
    if (ratio >= 1e-2 && ratio <= 1) assert.ok(r.finalTrain.accuracy >= TRAINS, `${label}: ratio ${ratio} but accuracy ${r.finalTrain.accuracy}`);
  }
});
