import type { Recording } from "../../probes/recording.js";
import { layerSeries, medianOver, ratioSeries } from "../summary.js";

/** Per layer l (0-based), the per-record series ‖δ_l‖/‖δ_L‖ (backprop signal relative to the last hidden layer). */
export function deltaRelativeToTop(rec: Recording): Float64Array[] {
  const top = layerSeries(rec, "deltaNorm", rec.depth - 1);
  return Array.from({ length: rec.depth }, (_, l) => ratioSeries(layerSeries(rec, "deltaNorm", l), top));
}

/** Per-record relative weight gradient ‖∂L/∂W_l‖/‖W_l‖ of 0-based layer l (‖∂L/∂W_l‖ alone when ‖W_l‖ is not recorded). */
export function relativeWeightGrad(rec: Recording, l: number): Float64Array {
  const g = layerSeries(rec, "weightGradNorm", l);
  const w = layerSeries(rec, "weightNorm", l);
  return w.some(Number.isFinite) ? ratioSeries(g, w) : g;
}

/** Late median of (‖∂L/∂W_1‖/‖W_1‖)/(‖∂L/∂W_L‖/‖W_L‖): how the first layer's relative weight gradient compares with the last's. */
export function weightGradFirstToLast(rec: Recording, late: readonly [number, number]): number {
  return medianOver(ratioSeries(relativeWeightGrad(rec, 0), relativeWeightGrad(rec, rec.depth - 1)), late);
}

/** True when the relative weight gradients of the first and last layer are within `limit` of each other (late medians). */
export function weightGradsBalanced(rec: Recording, late: readonly [number, number], limit: number): boolean {
  const r = weightGradFirstToLast(rec, late);
  return r >= limit && r <= 1 / limit;
}
