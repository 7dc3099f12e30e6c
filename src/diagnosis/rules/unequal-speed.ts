import type { Evidence } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule } from "../rule.js";
import { allReluLike } from "../setup.js";
import { fmt, layerList, layerMedians, medianOver } from "../summary.js";
import { relativeWeightGrad } from "./gradient-profile.js";

/**
 * Unequal learning speed: the late-median update ratios ‖ΔW_l‖/‖W_l‖ (or, without them, the
 * relative weight gradients ‖∂L/∂W_l‖/‖W_l‖) spread over max/min ≥ unequalSpeed.warningSpread
 * 100, two orders of magnitude (critical ≥ 1e4). Layers whose ratio is exactly 0 are left to the
 * dead-unit and vanishing rules, and a run whose slowest layer still moves ≥ divergence.updateWarning
 * to the divergence rule; the layers concerned are those ≥ warningSpread below the fastest.
 */
export const unequalSpeed: Rule = ({ rec, setup, th, w }) => {
  const t = th.unequalSpeed;
  if (rec.depth < 2 || rec.count === 0) return null;
  let speeds = layerMedians(rec, "updateRatio", w.late);
  let what = "update ratio ‖ΔW_l‖/‖W_l‖";
  if (!speeds.some(Number.isFinite)) {
    speeds = Array.from({ length: rec.depth }, (_, l) => medianOver(relativeWeightGrad(rec, l), w.late));
    what = "relative weight gradient ‖∂L/∂W_l‖/‖W_l‖";
  }
  const live = speeds.map((v, l) => ({ v, l: l + 1 })).filter(({ v }) => Number.isFinite(v) && v > 0);
  if (live.length < 2) return null;
  const fastest = live.reduce((a, b) => (b.v > a.v ? b : a));
  const slowest = live.reduce((a, b) => (b.v < a.v ? b : a));
  // NOTE: when even the slowest layer's updates are huge, the spread is a symptom of divergence (its rule reports it).
  if (slowest.v >= th.divergence.updateWarning) return null;
  const spread = fastest.v / slowest.v;
  const severity = grade(spread, t.warningSpread, t.criticalSpread, true);
  if (severity === null) return null;
  const layers = live.filter(({ v }) => fastest.v / v >= t.warningSpread).map(({ l }) => l);
  const evidence: Evidence[] = [
    { name: `spread of the ${what} over layers (max/min, late medians)`, value: spread, unit: "ratio" },
    { name: `orders of magnitude between the fastest and the slowest layer`, value: Math.log10(spread), unit: "decades" },
    { name: `${what} of the fastest layer`, value: fastest.v, unit: "ratio", layer: fastest.l },
    { name: `${what} of the slowest layer`, value: slowest.v, unit: "ratio", layer: slowest.l },
  ];
  const lowerSlow = layers.every((l) => l < fastest.l);
  const explanation =
    `The layers learn at very different speeds: each step changes layer ${fastest.l}'s weights by ${fmt(fastest.v)} of their size but layer ${slowest.l}'s by only ${fmt(slowest.v)}, ` +
    `${fmt(Math.log10(spread))} orders of magnitude apart. ${layerList(layers)[0].toUpperCase() + layerList(layers).slice(1)} barely ${layers.length === 1 ? "moves" : "move"} while the others adapt, ` +
    (lowerSlow
      ? "and since the slow layers are below the fast ones this is the vanishing gradient problem seen from the weights: the gradients shrink on their way to the input."
      : "so the network effectively trains only some of its layers; the scales of the weights and gradients differ from layer to layer.");
  const ids = lowerSlow && !allReluLike(setup)
    ? (["reluHe", "matchingInit", "batchNorm", "residual"] as const)
    : (["matchingInit", "batchNorm", "residual"] as const);
  return {
    kind: "unequalSpeed", severity, title: `Unequal learning speed across layers (${fmt(spread)}× spread)`,
    layers, steps: stepRange(rec, w.late[0], rec.count), evidence, explanation, remedies: rankRemedies(setup, ids),
  };
};
