// glorotBengio: the sigmoid net's top hidden layer saturates at 0 early; standard init shrinks δ toward the input with balanced ‖∂L/∂W‖; normalized init removes most of the shrinkage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstStep, inputToTopRatio, layerColumn, meanGain, presetRun, runOne } from "./run-preset.js";

test("glorotBengio sigmoidStandard: the top hidden layer's mean activation falls from 0.5 to near 0 early and stays; the first layer stays near 0.5", async () => {
  const r = await runOne("glorotBengio", "sigmoidStandard");
  const rec = r.recording, L = rec.depth;
  const top = Array.from(rec.layers.actMean[L - 1].subarray(0, rec.count));
  const first = Array.from(rec.layers.actMean[0].subarray(0, rec.count));
  const steps = Array.from(rec.steps.subarray(0, rec.count));
  assert.ok(Math.abs(top[0] - 0.5) < 0.05, `top layer starts at ${top[0]}`);
  const saturatedAt = steps[top.findIndex((m) => m < 0.15)];
  assert.ok(saturatedAt !== undefined && saturatedAt <= 30, `top layer mean below 0.15 first at step ${saturatedAt}`);
  const after = top.filter((_, i) => steps[i] >= saturatedAt);
  assert.ok(Math.max(...after) < 0.15, `top layer mean after saturating: max ${Math.max(...after)}`);
  assert.ok(first.every((m) => Math.abs(m - 0.5) < 0.05), `first layer mean ${Math.min(...first)}…${Math.max(...first)}`);
});

test("glorotBengio tanh: standard init shrinks ‖δ‖ toward the input while ‖∂L/∂W_l‖ stays balanced; normalized init shrinks it far less", async () => {
  const standard = await firstStep(presetRun("glorotBengio", "tanhStandard"));
  const normalized = await firstStep(presetRun("glorotBengio", "tanhNormalized"));
  // Layers 2…L: layer 1's input is the data (196 standardized features), not a hidden activation of width n.
  const w = layerColumn(standard, "weightGradNorm").slice(1);
  const spread = Math.max(...w) / Math.min(...w);
  assert.ok(inputToTopRatio(standard) < 0.25, `standard ‖δ_1‖/‖δ_L‖ = ${inputToTopRatio(standard)}`);
  assert.ok(spread < 1.2, `standard max/min ‖∂L/∂W_l‖ over layers 2…L = ${spread}`);
  assert.ok(meanGain(normalized) > 0.75, `normalized per-layer gain ${meanGain(normalized)}`);
  assert.ok(inputToTopRatio(normalized) > 3 * inputToTopRatio(standard), `normalized ${inputToTopRatio(normalized)} vs standard ${inputToTopRatio(standard)}`);
  // Var(W)·n is 1/3 vs 1: the per-layer gains should differ by about √3 (measured 1.5: φ' differs too).
  const gainRatio = meanGain(normalized) / meanGain(standard);
  assert.ok(gainRatio > 1.3 && gainRatio < 2, `gain ratio normalized/standard ${gainRatio}, expected ≈ √3`);
});
