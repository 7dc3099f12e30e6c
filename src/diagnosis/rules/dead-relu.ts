import type { Evidence } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule } from "../rule.js";
import { layerList, layerMedians, layerSeries, pct, stretchStart } from "../summary.js";

/**
 * Dead ReLUs: a layer whose units can die (LayerInfo.canDie) with a late-median dead fraction
 * (units zero for every example of the batch) at or above thresholds.deadRelu.warning 0.5
 * (critical 0.8).
 */
export const deadRelu: Rule = ({ rec, setup, th, w }) => {
  const t = th.deadRelu;
  if (rec.count === 0) return null;
  const late = layerMedians(rec, "deadFraction", w.late);
  const early = layerMedians(rec, "deadFraction", w.early);
  const layers = late.flatMap((f, l) => (rec.layerInfo[l]?.canDie && f >= t.warning ? [l + 1] : []));
  if (layers.length === 0) return null;
  const worstFraction = Math.max(...layers.map((l) => late[l - 1]));
  const severity = grade(worstFraction, t.warning, t.critical, true) ?? "warning";
  const since = Math.min(...layers.map((l) => Math.max(0, stretchStart(layerSeries(rec, "deadFraction", l - 1), w.k, (v) => v >= t.warning))));
  const evidence: Evidence[] = layers.flatMap((l) => [
    { name: `dead fraction of layer ${l} (late median)`, value: late[l - 1], unit: "fraction", layer: l },
    { name: `dead fraction of layer ${l} at the start (early median)`, value: early[l - 1], unit: "fraction", layer: l },
  ]);
  evidence.push({ name: "dead since step", value: rec.steps[since], unit: "step" });
  const fromStart = layers.every((l) => early[l - 1] >= t.warning);
  const b = setup.biasInit;
  const negativeBias = b !== null && b.name === "constant" && (b.value ?? 1) < 0;
  const explanation =
    `In ${layerList(layers)}, up to ${pct(worstFraction)} of the ReLU units output 0 for every example of the batch: they are dead. ` +
    `The ReLU derivative is 0 for negative inputs, so no gradient flows through a dead unit, its weights stop learning and the layers below lose that path. ` +
    (fromStart
      ? "They were dead from the start, which points at the initialization (e.g. large negative biases or a poorly scaled init)."
      : `They died during training (at the start at most ${pct(Math.max(...layers.map((l) => early[l - 1])))}): a too large update pushed their inputs below zero for good, which points at the learning rate.`) +
    (negativeBias ? ` The biases start at ${b?.value}, which pushes every unit's input toward the flat, negative side.` : "");
  const ids = fromStart || negativeBias
    ? (["leakyRelu", "zeroBias", "matchingInit", "lowerLr"] as const)
    : (["leakyRelu", "lowerLr", "matchingInit"] as const);
  return {
    kind: "deadRelu", severity, title: `Dead ReLU units in ${layerList(layers)} (up to ${pct(worstFraction)})`,
    layers, steps: stepRange(rec, since, rec.count), evidence, explanation, remedies: rankRemedies(setup, ids),
  };
};
