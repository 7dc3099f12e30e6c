import { milder, type Evidence, type Severity } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule } from "../rule.js";
import { allReluLike, mainActivation } from "../setup.js";
import { fmt, layerList, layersWhere, medianOver, perLayer, stretchStart } from "../summary.js";
import { deltaRelativeToTop, weightGradFirstToLast } from "./gradient-profile.js";

/** Why an activation makes the signal shrink, in the seed's terms. */
function activationNote(name: string): string {
  if (name === "sigmoid") return "The sigmoid has saturated regions and its derivative is at most 1/4, so every layer multiplies the gradient by a small factor.";
  if (name === "tanh" || name === "hardTanh") return "tanh has saturated regions at ±1 where its derivative is close to 0, and the chain rule multiplies these small factors layer after layer.";
  return "With this activation the shrinking points at the weights' scale: the initialization does not match the activation.";
}

/**
 * Vanishing gradients: the late median of ‖δ_1‖/‖δ_L‖ at or below thresholds.vanishing
 * (warningRatio 0.1, criticalRatio 1e-3); layers concerned are those with ‖δ_l‖/‖δ_L‖ at or
 * below warningRatio, "from layer l* down". Evidence: the ratio, the geometric-mean per-layer
 * gain (ratio^(1/(L−1))) and whether the relative weight gradients stay balanced (first/last
 * ≥ balancedRatio 0.1: one level milder, since the layers then still learn at comparable speeds).
 */
export const vanishing: Rule = ({ rec, setup, th, w }) => {
  const t = th.vanishing;
  const L = rec.depth;
  if (L < 2 || rec.count === 0) return null;
  const rel = deltaRelativeToTop(rec);
  const profile = rel.map((s) => medianOver(s, w.late));
  const ratio = profile[0];
  const graded: Severity | null = grade(ratio, t.warningRatio, t.criticalRatio, false);
  if (graded === null) return null;
  const layers = layersWhere(profile, (v, l) => l < L - 1 && v <= t.warningRatio);
  const gain = perLayer(ratio, L - 1);
  const wRatio = weightGradFirstToLast(rec, w.late);
  const balanced = wRatio >= t.balancedRatio;
  const severity = balanced ? milder(graded) : graded;
  const since = Math.max(0, stretchStart(rel[0], w.k, (v) => v <= t.warningRatio));
  const evidence: Evidence[] = [
    { name: "‖δ_1‖/‖δ_L‖, backprop signal at layer 1 relative to the last hidden layer (late median)", value: ratio, unit: "ratio" },
    { name: "per-layer gain ‖δ_l‖/‖δ_{l+1}‖ (geometric mean)", value: gain, unit: "×/layer" },
    { name: "‖δ_1‖/‖δ_L‖ at the start (early median)", value: medianOver(rel[0], w.early), unit: "ratio" },
    { name: "from which layer down the signal is below the warning ratio", value: Math.max(...layers), unit: "layer" },
  ];
  if (Number.isFinite(wRatio)) evidence.push({ name: "relative weight gradient ‖∂L/∂W‖/‖W‖, layer 1 over layer L (late median)", value: wRatio, unit: "ratio" });
  const act = mainActivation(setup).name;
  const balancedNote = !Number.isFinite(wRatio) ? "" : balanced
    ? ` The weight gradients, though, stay balanced (layer 1's relative weight gradient is ${fmt(wRatio)} of layer ${L}'s): larger activations compensate for the smaller δ, so the layers still learn at comparable speeds.`
    : ` The weight gradients shrink with it (layer 1's relative weight gradient is ${fmt(wRatio)} of layer ${L}'s), so the lower layers' weights are not being updated effectively.`;
  const explanation =
    `The backprop signal δ shrinks on its way from the output to the input: at layer 1 it is ${fmt(ratio)} times its size at layer ${L}, ` +
    `a factor of ${fmt(gain)} per layer (geometric mean). From ${layerList([Math.max(...layers)])} down, layers get less than ${fmt(t.warningRatio)} of the last layer's signal. ` +
    `This is the vanishing gradient problem: when gradients become extremely small, the lower layers learn very slowly or not at all, and training may stagnate. ` +
    activationNote(act) + balancedNote;
  const ids = allReluLike(setup)
    ? (["matchingInit", "batchNorm", "residual"] as const)
    : (["reluHe", "matchingInit", "batchNorm", "residual"] as const);
  return {
    kind: "vanishing", severity, title: `Vanishing gradients from ${layerList([Math.max(...layers)])} down`,
    layers, steps: stepRange(rec, since, rec.count), evidence, explanation, remedies: rankRemedies(setup, ids),
  };
};
