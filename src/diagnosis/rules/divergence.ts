import { worst, type Evidence, type Severity } from "../finding.js";
import { rankRemedies } from "../remedies.js";
import { grade, stepRange, type Rule } from "../rule.js";
import { fmt, layerMedians, layerList, layersWhere, median, medianOver, scalarSeries, series, stretchStart } from "../summary.js";
import type { Recording } from "../../probes/recording.js";

/** Per record, the largest update ratio ‖ΔW_l‖/‖W_l‖ over the layers. */
function maxUpdateRatio(rec: Recording): Float64Array {
  const cols = rec.layers.updateRatio ?? [];
  return series(rec.count, (r) => cols.reduce((m, c) => (Number.isFinite(c[r]) && c[r] > m ? c[r] : m), NaN as number));
}

/**
 * Divergence (see thresholds.divergence), with at least window.minRecords records for the loss:
 * late median / start ≥ riseWarning 1.5 (critical ≥ riseCritical 10), start = the lower of the
 * first record's loss and the early median; or, after a gain of
 * at least minGain 10% of the early loss (best = lowest median of k consecutive records), the late
 * loss gave back ≥ givenBack 50% of it; or, at any length, the largest late-median update ratio
 * ‖ΔW_l‖/‖W_l‖ over the layers ≥ updateWarning 0.3 (critical ≥ updateCritical 1).
 */
export const divergence: Rule = ({ rec, setup, th, w }) => {
  const t = th.divergence;
  if (rec.count === 0) return null;
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  let severity: Severity | null = null;
  let since = rec.count;
  const loss = scalarSeries(rec, "loss");
  const early = medianOver(loss, w.early), late = medianOver(loss, w.late);
  // NOTE: a run can blow up within its first few steps, so the start is the lower of the first
  // record (the loss of the initial weights) and the early median.
  const start = Number.isFinite(loss[0]) ? Math.min(loss[0], early) : early;
  if (rec.count >= th.window.minRecords && start > 0 && Number.isFinite(late)) {
    const rise = late / start;
    const byRise = grade(rise, t.riseWarning, t.riseCritical, true);
    const blocks = Array.from({ length: Math.floor(rec.count / w.k) }, (_, b) => median(loss, b * w.k, (b + 1) * w.k));
    const best = Math.min(...blocks.filter(Number.isFinite));
    const bestAt = blocks.indexOf(best);
    const gain = (early - best) / early;
    const givenBack = gain >= t.minGain ? (late - best) / (early - best) : NaN;
    if (byRise !== null) {
      severity = byRise;
      since = Math.max(0, stretchStart(loss, w.k, (v) => v >= t.riseWarning * start));
      evidence.push({ name: "loss at the end over loss at the start (late median / lower of first record and early median)", value: rise, unit: "ratio" });
      parts.push(`The loss rose from ${fmt(start)} at the start to ${fmt(late)} at the end (${fmt(rise)}×).`);
    } else if (givenBack >= t.givenBack) {
      severity = "warning";
      since = bestAt * w.k;
      evidence.push({ name: "share of the loss decrease given back (late vs best)", value: givenBack, unit: "fraction" });
      parts.push(`The loss fell from ${fmt(early)} to ${fmt(best)} around step ${rec.steps[bestAt * w.k]}, then climbed back to ${fmt(late)}, undoing ${Math.round(givenBack * 100)}% of the progress.`);
    }
  }
  const updates = layerMedians(rec, "updateRatio", w.late);
  const maxUpdate = Math.max(...updates.filter(Number.isFinite));
  const byUpdate = grade(maxUpdate, t.updateWarning, t.updateCritical, true);
  const layers = byUpdate === null ? [] : layersWhere(updates, (u) => u >= t.updateWarning);
  if (byUpdate !== null) {
    severity = worst(severity, byUpdate);
    since = Math.min(since, Math.max(0, stretchStart(maxUpdateRatio(rec), w.k, (v) => v >= t.updateWarning)));
    evidence.push({ name: "largest update ratio ‖ΔW_l‖/‖W_l‖ over the layers (late median)", value: maxUpdate, unit: "ratio" });
    parts.push(`Each update changes the weights of ${layerList(layers)} by up to ${fmt(maxUpdate)} of their size, far beyond the usual 1e-3 or so.`);
  }
  if (severity === null) return null;
  const explanation = parts.join(" ") +
    " Training is diverging: the updates are too large for the loss surface, so each step overshoots and the weights run away instead of settling. " +
    "Left alone this ends in the exploding gradient problem, with weights that become NaN or infinity.";
  return {
    kind: "divergence", severity, title: "Training diverges", layers, steps: stepRange(rec, since, rec.count), evidence, explanation,
    remedies: rankRemedies(setup, ["lowerLr", "clip", "l2", "matchingInit"]),
  };
};
