import type { Evidence } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { stepRange, type Rule } from "../rule.js";
import { allReluLike } from "../setup.js";
import { fmt, layerList, layerMedians, layersWhere, median, medianOver, scalarSeries } from "../summary.js";
import { weightGradFirstToLast } from "./gradient-profile.js";

/**
 * Stalled learning (warning): with at least thresholds.window.minRecords records, the loss is
 * flat over the second half of the run (|mid − late| / mid < stalled.flatImprovement 0.05, medians
 * over k records ending at the middle and at the end) while the gradients are tiny (median over
 * layers of the late ‖∂L/∂W_l‖ < gradTiny 1e-4) or the updates are (median over layers of the late
 * ‖ΔW_l‖/‖W_l‖ < updateTiny 1e-5); not when converged (late loss ≤ 0.01 or accuracy ≥ 0.99).
 * Tiny updates with healthy, balanced gradients: raise the learning rate; otherwise the vanishing remedies.
 */
export const stalled: Rule = ({ rec, setup, th, w }) => {
  const t = th.stalled;
  if (rec.count < th.window.minRecords) return null;
  const loss = scalarSeries(rec, "loss");
  const half = Math.floor(rec.count / 2);
  const mid = medianOver(loss, [Math.max(0, half - w.k), half]);
  const late = medianOver(loss, w.late);
  const start = medianOver(loss, w.early);
  if (!(Number.isFinite(mid) && Number.isFinite(late)) || mid === 0) return null;
  const change = Math.abs(mid - late) / Math.abs(mid);
  if (!(change < t.flatImprovement) || late <= t.convergedLoss) return null;
  const accuracy = medianOver(scalarSeries(rec, "accuracy"), w.late);
  if (accuracy >= t.convergedAccuracy) return null;
  const grads = layerMedians(rec, "weightGradNorm", w.late);
  const updates = layerMedians(rec, "updateRatio", w.late);
  const grad = median(grads), update = median(updates);
  const firstToLast = weightGradFirstToLast(rec, w.late);
  const gradsTiny = grad < t.gradTiny;
  const updatesTiny = update < t.updateTiny;
  if (!gradsTiny && !updatesTiny) return null;
  // NOTE: tiny updates with balanced, healthy gradients mean the learning rate is too small;
  // with gradients that shrink toward the input they are the vanishing gradient problem.
  const lrTooSmall = !gradsTiny && !(firstToLast < th.vanishing.balancedRatio);
  const layers = lrTooSmall ? layersWhere(updates, (u) => u < t.updateTiny) : layersWhere(grads, (g, l) => g < t.gradTiny || updates[l] < t.updateTiny);
  const evidence: Evidence[] = [
    { name: "loss at mid-run (median)", value: mid, unit: "loss" },
    { name: "loss at the end (late median)", value: late, unit: "loss" },
    { name: "relative loss change over the second half", value: change, unit: "fraction" },
    { name: "loss at the start (early median)", value: start, unit: "loss" },
  ];
  if (Number.isFinite(grad)) evidence.push({ name: "median over layers of ‖∂L/∂W_l‖ (late median)", value: grad, unit: "‖·‖₂" });
  if (Number.isFinite(update)) evidence.push({ name: "median over layers of the update ratio ‖ΔW_l‖/‖W_l‖ (late median)", value: update, unit: "ratio" });
  if (Number.isFinite(firstToLast)) evidence.push({ name: "relative weight gradient ‖∂L/∂W‖/‖W‖, layer 1 over layer L (late median)", value: firstToLast, unit: "ratio" });
  const why = lrTooSmall
    ? `the weights barely move: a typical update changes a layer's weights by ${fmt(update)} of their size, although the gradients are not tiny (${fmt(grad)}) and reach every layer. ` +
      "The learning rate is too small for this network."
    : (gradsTiny ? `the gradients are tiny: the typical layer's weight gradient is ${fmt(grad)}` : `the gradients fade toward the input: layer 1's relative weight gradient is ${fmt(firstToLast)} of layer ${rec.depth}'s and a typical update changes a layer's weights by only ${fmt(update)} of their size`) +
      ", so the weights are not being updated effectively. This is what vanishing gradients do to training: it stagnates or becomes extremely slow.";
  const explanation =
    `Learning has stalled: over the second half of the run the loss changed by only ${fmt(change * 100)}% (${fmt(mid)} → ${fmt(late)}) and stays far from converged, while ${why}` +
    (layers.length > 0 && layers.length < rec.depth ? ` Affected: ${layerList(layers)}.` : "");
  const ids = lrTooSmall
    ? (["raiseLr"] as const)
    : ((allReluLike(setup) ? ["matchingInit", "batchNorm", "residual"] : ["reluHe", "matchingInit", "batchNorm", "residual"]) as ("reluHe" | "matchingInit" | "batchNorm" | "residual")[]);
  return {
    kind: "stalled", severity: "warning", title: lrTooSmall ? "Learning stalled: loss flat, updates tiny" : "Learning stalled: loss flat, gradients tiny",
    layers, steps: stepRange(rec, Math.max(0, half - w.k), rec.count), evidence, explanation, remedies: rankRemedies(setup, ids),
  };
};
