// deepLinear: W = c·I, linear activation — ‖h_l‖ ∝ c^l and ‖δ_l‖ ∝ c^(L−l), to float32 rounding.
import assert from "node:assert/strict";
import { test } from "node:test";
import { presetConfigs, type InitSpec } from "../../src/index.js";
import { firstStep, inputToTopRatio, layerColumn, relativeError } from "./run-preset.js";

// NOTE: measured on wasm float32: the per-layer ratios agree with c to ~6e-8 and the 40-layer
// product to ~3e-8 (c = 1.5 and 0.5 are exact in binary); the tolerances leave 20–300× room.
const PER_LAYER = 1e-6;
const WHOLE_NET = 1e-5;

for (const { label, config } of presetConfigs("deepLinear", { quick: true })) {
  test(`deepLinear ${label}: every layer multiplies h and δ by c, so ‖δ_1‖/‖δ_L‖ = c^(L−1) and ‖∂L/∂W_l‖ is the same in every layer`, async () => {
    const c = (config.model.init as InitSpec).value as number;
    const rec = await firstStep(config);
    const L = rec.depth;
    assert.equal(L, config.model.depth);
    const delta = layerColumn(rec, "deltaNorm");
    const actStd = layerColumn(rec, "actStd");
    const weightGrad = layerColumn(rec, "weightGradNorm");
    for (let l = 0; l < L - 1; l++) {
      assert.ok(relativeError(delta[l] / delta[l + 1], c) < PER_LAYER, `‖δ_${l + 1}‖/‖δ_${l + 2}‖ = ${delta[l] / delta[l + 1]}, expected ${c}`);
      assert.ok(relativeError(actStd[l + 1] / actStd[l], c) < PER_LAYER, `std(a_${l + 2})/std(a_${l + 1}) = ${actStd[l + 1] / actStd[l]}, expected ${c}`);
      assert.ok(relativeError(weightGrad[l], weightGrad[L - 1]) < WHOLE_NET, `‖∂L/∂W_${l + 1}‖ = ${weightGrad[l]} vs ‖∂L/∂W_L‖ = ${weightGrad[L - 1]}`);
    }
    const ratio = inputToTopRatio(rec);
    assert.ok(relativeError(ratio, c ** (L - 1)) < WHOLE_NET, `‖δ_1‖/‖δ_L‖ = ${ratio}, expected c^(L−1) = ${c ** (L - 1)}`);
  });
}
