import { layerMedians, layerSeries, medianOver, ratioSeries } from "../diagnosis/summary.js";
import type { SessionResult } from "../experiment/session/session.js";
import type { Recording } from "../probes/recording.js";
import type { Health } from "./types.js";

/** Orders of magnitude charged for a signal ratio of 0 or ∞ (no finite log). */
const maxDistance = 12;

/** The late window of a recording: its last tenth, at least one record. */
const lateWindow = (count: number): [number, number] => [Math.max(0, count - Math.max(1, Math.ceil(count / 10))), count];

/** ‖δ_1‖/‖δ_L‖ per record (NaN where undefined). */
export function signalRatioSeries(rec: Recording): Float64Array {
  return ratioSeries(layerSeries(rec, "deltaNorm", 0), layerSeries(rec, "deltaNorm", rec.depth - 1));
}

/** Mean over layers of a layer metric's median over `window` (0 when no layer has a finite value). */
function layerMean(rec: Recording, name: "deadFraction" | "saturatedFraction", window: readonly [number, number]): number {
  const values = layerMedians(rec, name, window).filter(Number.isFinite);
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The doctor's score of a trial, lower is better:
 * health = 2·#critical + #warning + |log10 ‖δ_1‖/‖δ_L‖| + 2·(dead + saturated fraction);
 * outcome = 3·log2(1 + testLoss/baselineLoss) (3 for the baseline itself), plus 10·(1 − test accuracy)
 * for classification. A NaN/Inf in training scores +∞.
 */
export function scoreHealth(h: Omit<Health, "healthPenalty" | "outcomePenalty" | "score">, baselineLoss: number): Pick<Health, "healthPenalty" | "outcomePenalty" | "score"> {
  const healthPenalty = 2 * h.findings.critical + h.findings.warning + h.ratioDistance + 2 * (h.deadFraction + h.saturatedFraction);
  if (h.status === "nonfinite" || !Number.isFinite(h.testLoss)) return { healthPenalty, outcomePenalty: Infinity, score: Infinity };
  const relative = baselineLoss > 0 && Number.isFinite(baselineLoss) ? h.testLoss / baselineLoss : 1;
  const outcomePenalty = 3 * Math.log2(1 + relative) + (Number.isFinite(h.testAccuracy) ? 10 * (1 - h.testAccuracy) : 0);
  return { healthPenalty, outcomePenalty, score: healthPenalty + outcomePenalty };
}

/** The Health of a finished session (baselineLoss: the baseline's test loss, for the outcome part; its own for the baseline). */
export function healthOf(result: SessionResult, baselineLoss: number): Health {
  const rec = result.recording;
  const findings = result.findings;
  const ratios = signalRatioSeries(rec);
  const late = lateWindow(rec.count);
  const last = medianOver(ratios, late);
  const distance = Number.isFinite(last) && last > 0 ? Math.min(maxDistance, Math.abs(Math.log10(last))) : maxDistance;
  const serious = findings.filter((f) => f.severity !== "info");
  const parts = {
    status: result.status,
    findings: {
      critical: findings.filter((f) => f.severity === "critical").length,
      warning: findings.filter((f) => f.severity === "warning").length,
      info: findings.filter((f) => f.severity === "info").length,
      kinds: serious.map((f) => f.kind),
    },
    signalRatio: { first: rec.count > 0 ? ratios[0] : NaN, last },
    ratioDistance: distance,
    deadFraction: layerMean(rec, "deadFraction", late),
    saturatedFraction: layerMean(rec, "saturatedFraction", late),
    testLoss: result.finalTest.loss,
    testAccuracy: result.finalTest.accuracy,
  };
  return { ...parts, ...scoreHealth(parts, baselineLoss) };
}
