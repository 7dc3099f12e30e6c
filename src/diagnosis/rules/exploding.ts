import type { Recording } from "../../probes/recording.js";
import { milder, worst, type Evidence, type Severity } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule, type RuleInput } from "../rule.js";
import { fmt, layerList, layerSeries, layersWhere, medianOver, perLayer, rootSumSquare, scalarSeries, stretchStart } from "../summary.js";
import { deltaRelativeToTop, weightGradFirstToLast, weightGradsBalanced } from "./gradient-profile.js";

/** What one of the three checks found: severity, layers (1-based), first record, evidence, a sentence. */
interface Part {
  severity: Severity;
  layers: number[];
  since: number;
  evidence: Evidence[];
  text: string;
}

/** Across layers: ‖δ_1‖/‖δ_L‖ (late median) against warningRatio/criticalRatio; milder when weight gradients stay balanced. */
function acrossLayers({ rec, th, w }: RuleInput): Part | null {
  const t = th.exploding, L = rec.depth;
  if (L < 2) return null;
  const rel = deltaRelativeToTop(rec);
  const ratio = medianOver(rel[0], w.late);
  const graded = grade(ratio, t.warningRatio, t.criticalRatio, true);
  if (graded === null) return null;
  const balanced = weightGradsBalanced(rec, w.late, th.vanishing.balancedRatio);
  const wRatio = weightGradFirstToLast(rec, w.late);
  const gain = perLayer(ratio, L - 1);
  const evidence: Evidence[] = [
    { name: "‖δ_1‖/‖δ_L‖, backprop signal at layer 1 relative to the last hidden layer (late median)", value: ratio, unit: "ratio" },
    { name: "per-layer gain ‖δ_l‖/‖δ_{l+1}‖ (geometric mean)", value: gain, unit: "×/layer" },
  ];
  if (Number.isFinite(wRatio)) evidence.push({ name: "relative weight gradient ‖∂L/∂W‖/‖W‖, layer 1 over layer L (late median)", value: wRatio, unit: "ratio" });
  return {
    severity: balanced ? milder(graded) : graded,
    layers: layersWhere(rel.map((s) => medianOver(s, w.late)), (v, l) => l < L - 1 && v >= t.warningRatio),
    since: Math.max(0, stretchStart(rel[0], w.k, (v) => v >= t.warningRatio)),
    evidence,
    text: `On its way from the output to the input the backprop signal δ grows ${fmt(gain)}× per layer, so at layer 1 it is ${fmt(ratio)} times its size at layer ${L}.` +
      (balanced ? ` The weight gradients, though, stay balanced (layer 1's relative weight gradient is ${fmt(wRatio)} of layer ${L}'s), so the updates themselves are not out of scale.` : ""),
  };
}

/** Per record, the gradient norm of all hidden layers together (‖∂L/∂W‖, or ‖δ‖ when weight gradients are not recorded). */
function gradientNorm(rec: Recording): Float64Array {
  const g = rootSumSquare(rec, "weightGradNorm");
  return g.some(Number.isFinite) ? g : rootSumSquare(rec, "deltaNorm");
}

/** Over steps: the gradient norm's late/early median against warningGrowth/criticalGrowth. */
function overSteps({ rec, th, w }: RuleInput): Part | null {
  const t = th.exploding;
  const g = gradientNorm(rec);
  const early = medianOver(g, w.early), late = medianOver(g, w.late);
  const growth = rec.count >= 4 && early > 0 ? late / early : NaN;
  const severity = grade(growth, t.warningGrowth, t.criticalGrowth, true);
  if (severity === null) return null;
  const layers: number[] = [];
  for (let l = 0; l < rec.depth; l++) {
    const gl = layerSeries(rec, "weightGradNorm", l);
    if (medianOver(gl, w.late) >= t.warningGrowth * medianOver(gl, w.early)) layers.push(l + 1);
  }
  return {
    severity, layers,
    since: Math.max(0, stretchStart(g, w.k, (v) => v >= t.warningGrowth * early)),
    evidence: [{ name: "growth of the gradient norm over training, late/early median", value: growth, unit: "ratio" }],
    text: `Over training the gradient norm grew ${fmt(growth)}-fold (from ${fmt(early)} to ${fmt(late)}).`,
  };
}

/** Overflow: the largest recorded ‖δ_l‖ or ‖∂L/∂W_l‖ at or above overflowNorm. */
function overflow({ rec, th }: RuleInput): Part | null {
  const limit = th.exploding.overflowNorm;
  let max = 0, at = -1;
  const layers: number[] = [];
  for (let l = 0; l < rec.depth; l++) {
    for (const metric of ["deltaNorm", "weightGradNorm"] as const) {
      layerSeries(rec, metric, l).forEach((v, r) => {
        if (!Number.isFinite(v)) return;
        if (v >= limit && !layers.includes(l + 1)) layers.push(l + 1);
        if (v > max) { max = v; at = r; }
      });
    }
  }
  if (max < limit) return null;
  return {
    severity: "critical", layers, since: at,
    evidence: [{ name: "largest recorded gradient norm ‖δ_l‖ or ‖∂L/∂W_l‖", value: max, unit: "‖·‖₂" }],
    text: `A gradient norm reached ${fmt(max)} at step ${rec.steps[at]}, close to overflowing into infinity.`,
  };
}

/**
 * Exploding gradients, three ways (the worst sets the severity), see thresholds.exploding:
 * across layers, late median ‖δ_1‖/‖δ_L‖ ≥ warningRatio 10 (critical 1e3), i.e. a per-layer gain > 1,
 * one level milder when the relative weight gradients stay balanced (first/last within
 * vanishing.balancedRatio 0.1 of each other); over steps, the gradient norm's late/early median
 * ≥ warningGrowth 100 (critical 1e4); overflow, any recorded ‖δ_l‖ or ‖∂L/∂W_l‖ ≥ overflowNorm 1e8
 * (critical). Remedies: the init first when the growth is across layers, clipping first otherwise.
 */
export const exploding: Rule = (input) => {
  const { rec, setup } = input;
  if (rec.count === 0) return null;
  const layered = acrossLayers(input);
  const parts = [layered, overSteps(input), overflow(input)].filter((p): p is Part => p !== null);
  if (parts.length === 0) return null;
  const severity = parts.reduce<Severity | null>((s, p) => worst(s, p.severity), null) as Severity;
  const layers = [...new Set(parts.flatMap((p) => p.layers))].sort((a, b) => a - b);
  const evidence = parts.flatMap((p) => p.evidence);
  const fired = medianOver(scalarSeries(rec, "clipFired"), [0, rec.count]);
  if (Number.isFinite(fired)) evidence.push({ name: "share of steps on which clipping fired (median of 0/1)", value: fired, unit: "fraction" });
  const explanation = parts.map((p) => p.text).join(" ") +
    " This is the exploding gradient problem: the chain rule multiplies the layers' factors, and when they exceed 1 the gradients grow exponentially; " +
    "excessively large gradients cause large updates to the weights, which can become NaN (not a number) or infinity, leading to numerical instability.";
  const ids = layered !== null ? (["matchingInit", "clip", "lowerLr", "l2"] as const) : (["clip", "lowerLr", "matchingInit", "l2"] as const);
  return {
    kind: "exploding", severity,
    title: layers.length > 0 ? `Exploding gradients (${layerList(layers)})` : "Exploding gradients",
    layers, steps: stepRange(rec, Math.min(...parts.map((p) => p.since)), rec.count), evidence, explanation,
    remedies: rankRemedies(setup, ids),
  };
};
