import type { Evidence } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule } from "../rule.js";
import { allReluLike } from "../setup.js";
import { layerList, layerMedians, layerSeries, pct, stretchStart } from "../summary.js";

/**
 * Saturation: a layer whose activation saturates on both sides (thresholds.saturation.activations:
 * sigmoid, tanh, hardTanh) with a late-median saturated fraction (|φ'| < 1% of sup|φ'|) at or
 * above thresholds.saturation.warning 0.25 (critical 0.6). Since when: the start of the final
 * stretch in which the fraction stays above the warning level.
 */
export const saturation: Rule = ({ rec, setup, th, w }) => {
  const t = th.saturation;
  if (rec.count === 0) return null;
  const late = layerMedians(rec, "saturatedFraction", w.late);
  const early = layerMedians(rec, "saturatedFraction", w.early);
  const layers = late.flatMap((f, l) => (t.activations.includes(rec.layerInfo[l]?.activation) && f >= t.warning ? [l + 1] : []));
  if (layers.length === 0) return null;
  const worstFraction = Math.max(...layers.map((l) => late[l - 1]));
  const severity = grade(worstFraction, t.warning, t.critical, true) ?? "warning";
  const since = Math.min(...layers.map((l) => Math.max(0, stretchStart(layerSeries(rec, "saturatedFraction", l - 1), w.k, (v) => v >= t.warning))));
  const developed = layers.every((l) => early[l - 1] < t.warning);
  const evidence: Evidence[] = layers.flatMap((l) => [
    { name: `saturated fraction of layer ${l} (late median)`, value: late[l - 1], unit: "fraction", layer: l },
    { name: `saturated fraction of layer ${l} at the start (early median)`, value: early[l - 1], unit: "fraction", layer: l },
  ]);
  evidence.push({ name: "saturated since step", value: rec.steps[since], unit: "step" });
  const acts = [...new Set(layers.map((l) => rec.layerInfo[l - 1].activation))].join("/");
  const explanation =
    `In ${layerList(layers)}, up to ${pct(worstFraction)} of the units sit in ${acts}'s saturated regions (derivative below 1% of its maximum) since step ${rec.steps[since]}` +
    (developed ? `; at the start it was at most ${pct(Math.max(...layers.map((l) => early[l - 1])))}, so the saturation grew during training. ` : ". ") +
    `There the curve is flat: the derivative is close to 0, so almost no gradient passes through these units and the layers below them get a vanishing gradient. ` +
    `Activations like ${acts} have saturated regions; ReLU does not saturate for positive inputs.`;
  const ids = developed
    ? (["reluHe", "batchNorm", "lowerLr", "l2", "matchingInit"] as const)
    : (["reluHe", "matchingInit", "batchNorm", "lowerLr"] as const);
  return {
    kind: "saturation", severity, title: `Saturated units in ${layerList(layers)} (up to ${pct(worstFraction)})`,
    layers, steps: stepRange(rec, since, rec.count), evidence, explanation,
    remedies: rankRemedies(setup, allReluLike(setup) ? ids.filter((id) => id !== "reluHe") : ids),
  };
};

