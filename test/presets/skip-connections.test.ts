// skipConnections: 50 layers — plain fails; an unscaled residual branch blows up the forward signal; a branch scaled by 1/√blocks trains.
import assert from "node:assert/strict";
import { test } from "node:test";
import { layerColumn, runPreset } from "./run-preset.js";

test("skipConnections: at depth 50 the plain net stays at chance, the unscaled residual net overflows, the scaled residual nets train", async () => {
  const runs = await runPreset("skipConnections");
  const plain = runs.get("plain")!, residual = runs.get("residual")!, scaled = runs.get("residualScaled")!, small = runs.get("residual0.1")!;
  assert.ok(plain.recording.depth >= 50);
  assert.equal(plain.status, "completed");
  assert.ok(plain.finalTrain.accuracy <= 0.6, `plain accuracy ${plain.finalTrain.accuracy}`);
  // Scale 1: the residual stream's variance about doubles per block: the first loss is huge and the run overflows.
  assert.equal(residual.status, "nonfinite");
  assert.ok(residual.recording.scalars.loss[0] > 1e3, `scale-1 first loss ${residual.recording.scalars.loss[0]}`);
  for (const [name, r] of [["1/√blocks", scaled], ["0.1", small]] as const) {
    assert.equal(r.status, "completed");
    assert.ok(r.finalTrain.accuracy >= 0.8, `branch scale ${name}: accuracy ${r.finalTrain.accuracy}`);
    assert.ok(r.recording.scalars.loss[0] < 100, `branch scale ${name}: first loss ${r.recording.scalars.loss[0]}`);
  }
  // The activations at the top of the net at step 1: the unscaled branches amplify them far more.
  const top = (r: typeof plain) => layerColumn(r.recording, "actStd").at(-1)!;
  assert.ok(top(residual) > 100 * top(scaled), `top activation std: scale 1 ${top(residual)}, 1/√blocks ${top(scaled)}`);
});
