import type { LayerMetric, NonFiniteEvent, Recording } from "../../probes/recording.js";
import type { Evidence } from "../finding.js";
import { rankRemedies, type RemedyId } from "../remedies.js";
import type { Rule } from "../rule.js";
import { layerSeries, scalarSeries } from "../summary.js";

/** Which pass a recorded layer metric belongs to, for the fallback scan. */
const passOf: Partial<Record<LayerMetric, NonFiniteEvent["pass"]>> = {
  actMean: "forward", actStd: "forward", deltaNorm: "backward", weightGradNorm: "backward", weightNorm: "update",
};

/** First index where a series is ±Inf, or NaN after having been finite (NaN alone may mean "not recorded"). */
function firstBad(xs: Float64Array): number {
  let seenFinite = false;
  for (let r = 0; r < xs.length; r++) {
    if (Number.isFinite(xs[r])) seenFinite = true;
    else if (xs[r] === Infinity || xs[r] === -Infinity || seenFinite) return r;
  }
  return -1;
}

/** The recorder's sentinel event, or else the first non-finite value in the recorded loss and layer metrics. */
export function nonFiniteEvent(rec: Recording): NonFiniteEvent | null {
  if (rec.nonFinite !== null) return rec.nonFinite;
  let best: NonFiniteEvent | null = null;
  const consider = (xs: Float64Array, layer: number, pass: NonFiniteEvent["pass"], tensor: string) => {
    const r = firstBad(xs);
    if (r >= 0 && (best === null || rec.steps[r] < best.step)) best = { step: rec.steps[r], layer, pass, tensor, value: xs[r] };
  };
  consider(scalarSeries(rec, "loss"), 0, "forward", "loss");
  for (const [metric, pass] of Object.entries(passOf) as [LayerMetric, NonFiniteEvent["pass"]][]) {
    for (let l = 0; l < rec.depth; l++) consider(layerSeries(rec, metric, l), l + 1, pass, `recorded ${metric}`);
  }
  return best;
}

/** What each pass's overflow means, and the remedies in the order the seed suggests for it. */
const byPass: Record<NonFiniteEvent["pass"], { meaning: string; ids: RemedyId[] }> = {
  forward: { meaning: "in the forward pass: activations grew beyond the number range, usually because the weights are too large, from the initialization or from earlier updates", ids: ["matchingInit", "lowerLr", "l2", "clip"] },
  backward: { meaning: "in the backward pass: the gradient grew beyond the number range on its way down the layers — exploding gradients", ids: ["clip", "matchingInit", "lowerLr", "l2"] },
  update: { meaning: "in a weight update: a step of learning rate × gradient was so large that the weights themselves overflowed", ids: ["lowerLr", "clip", "l2", "matchingInit"] },
};

/**
 * NaN/Inf sentinel (always critical): the first non-finite value, from recording.nonFinite (or,
 * failing that, the first ±Inf, or NaN after finite values, in the recorded loss and layer
 * metrics), with its step, layer, pass and tensor; remedies ranked by the pass it appeared in.
 */
export const nonFinite: Rule = ({ rec, setup }) => {
  const e = nonFiniteEvent(rec);
  if (e === null) return null;
  const what = e.layer > 0 ? `${e.tensor} of layer ${e.layer}` : e.tensor === "loss" ? "the loss" : `${e.tensor} of the output head`;
  const { meaning, ids } = byPass[e.pass];
  const evidence: Evidence[] = [
    { name: "first step with a non-finite value", value: e.step, unit: "step" },
    { name: "layer where it appeared (0 = loss/output head)", value: e.layer, unit: "layer" },
  ];
  let before = -1;
  for (let r = 0; r < rec.count; r++) if (rec.steps[r] < e.step) before = r;
  const last = rec.count > 0 ? Math.max(e.step, rec.steps[rec.count - 1]) : e.step;
  const explanation =
    `At step ${e.step} ${Number.isNaN(e.value) ? "a NaN (not a number)" : `a value of ${e.value}`} appeared in ${what}, ${meaning}. ` +
    "This is where exploding gradients end: the weights become NaN or infinity, numerical instability sets in, and training cannot continue." +
    (before >= 0 ? ` The statistics up to step ${rec.steps[before]} are kept and show how it built up.` : "");
  return {
    kind: "nonFinite", severity: "critical", title: `NaN/Inf at step ${e.step} in ${what} (${e.pass} pass)`,
    layers: e.layer > 0 ? [e.layer] : [], steps: { first: e.step, last }, evidence, explanation, remedies: rankRemedies(setup, ids),
  };
};
