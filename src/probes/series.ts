import { GradscopeError } from "../core/errors.js";
import { layerMetrics, type LayerMetric, type Recording, type ScalarMetric } from "./recording.js";

/** The training step of each record: steps[0 … count) (a view, not a copy). */
export function stepSeries(rec: Recording): Int32Array {
  return rec.steps.subarray(0, rec.count);
}

/**
 * One metric over the records, a view [count] (not a copy): a per-step scalar, or a layer
 * metric of hidden layer `layer` (1-based, as in shared/DESIGN.md).
 *
 * @example
 * const gain = series(rec, "deltaNorm", 3)[r] / series(rec, "deltaNorm", 4)[r];
 */
export function series(rec: Recording, metric: ScalarMetric | LayerMetric, layer?: number): Float64Array {
  if ((layerMetrics as readonly string[]).includes(metric)) {
    if (layer === undefined || !Number.isInteger(layer) || layer < 1 || layer > rec.depth) {
      throw new GradscopeError(`series: layer ${layer} is not allowed for "${metric}"; expected an integer in 1…${rec.depth}`);
    }
    return rec.layers[metric as LayerMetric][layer - 1].subarray(0, rec.count);
  }
  const s = rec.scalars[metric as ScalarMetric];
  if (s === undefined) throw new GradscopeError(`series: "${metric}" is not a recorded metric`);
  return s.subarray(0, rec.count);
}

/** The activation histogram of hidden layer `layer` (1-based) at record r: counts [bins] (a view). */
export function histogramAt(rec: Recording, layer: number, r: number): Uint32Array {
  if (!(Number.isInteger(r) && r >= 0 && r < rec.count)) throw new GradscopeError(`histogramAt: record ${r} is not in 0…${rec.count - 1}`);
  if (!(Number.isInteger(layer) && layer >= 1 && layer <= rec.depth)) throw new GradscopeError(`histogramAt: layer ${layer} is not in 1…${rec.depth}`);
  const bins = rec.histogram.edges.length - 1;
  return rec.histogram.counts[layer - 1].subarray(r * bins, (r + 1) * bins);
}
