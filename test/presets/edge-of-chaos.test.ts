// edgeOfChaos: tanh, σ_b² = 0.05, a grid of σ_w² × depth — the deepest trainable net against the mean-field 6ξ_c.
import assert from "node:assert/strict";
import { test } from "node:test";
import { edgeOfChaosDepths, edgeOfChaosSigmaB2, edgeOfChaosSigmaW2, criticalSigmaW2, depthScales } from "../../src/index.js";
import { runPreset } from "./run-preset.js";

// Three classes: chance 1/3. "Trainable": final train accuracy ≥ 0.8 after the quick budget.
const TRAINABLE = 0.8;

test("edgeOfChaos: nets deeper than 2·6ξ_c do not train, nets within 3ξ_c do, and the trainable depth peaks at the critical σ_w²", async () => {
  const runs = await runPreset("edgeOfChaos");
  const rows = edgeOfChaosSigmaW2.map((w) => {
    const xiC = depthScales({ activation: "tanh", sigmaW2: w, sigmaB2: edgeOfChaosSigmaB2 }).xiC;
    const accuracy = edgeOfChaosDepths.map((d) => runs.get(`w${w}-d${d}`)!.finalTrain.accuracy);
    const trainable = edgeOfChaosDepths.filter((_, i) => accuracy[i] >= TRAINABLE);
    return { w, xiC, accuracy, deepest: trainable.length === 0 ? 0 : Math.max(...trainable) };
  });
  const table = rows.map((r) => `σ_w² ${r.w}: 6ξ_c ${(6 * r.xiC).toFixed(1)}, accuracy ${r.accuracy.map((a) => a.toFixed(2)).join("/")}`).join("; ");
  for (const r of rows) {
    edgeOfChaosDepths.forEach((d, i) => {
      if (d > 12 * r.xiC) assert.ok(r.accuracy[i] < TRAINABLE, `σ_w² ${r.w}, depth ${d} > 2·6ξ_c should not train: ${table}`);
      if (d <= 3 * r.xiC) assert.ok(r.accuracy[i] >= TRAINABLE, `σ_w² ${r.w}, depth ${d} ≤ 3ξ_c should train: ${table}`);
    });
  }
  // The grid's critical point is the theory's (≈ 1.76 for σ_b² = 0.05), and its trainable depth is the largest.
  const critical = criticalSigmaW2("tanh", edgeOfChaosSigmaB2).sigmaW2;
  const nearest = rows.reduce((a, b) => (Math.abs(b.w - critical) < Math.abs(a.w - critical) ? b : a));
  assert.ok(Math.abs(nearest.w - critical) < 0.01, `grid point ${nearest.w} vs critical ${critical}`);
  for (const r of rows) assert.ok(nearest.deepest >= r.deepest, `critical deepest ${nearest.deepest} < σ_w² ${r.w}'s ${r.deepest}: ${table}`);
  // Deeper into the ordered phase, ξ_c and the trainable depth shrink together.
  const ordered = rows.filter((r) => r !== nearest && r.w < critical).sort((a, b) => a.xiC - b.xiC);
  for (let i = 1; i < ordered.length; i++) assert.ok(ordered[i].deepest > ordered[i - 1].deepest, table);
});
