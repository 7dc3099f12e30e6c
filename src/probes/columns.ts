import { layerMetrics, scalarMetrics, type LayerInfo, type LayerMetric, type Recording, type ScalarMetric } from "./recording.js";

// NOTE: every array is written in full when allocated (metrics NaN, counts and steps 0), never lazily: the
// first write to a fresh page of memory can cost tens of microseconds in a virtual machine, so a recording
// planned with the capacity of the whole run costs nothing of that kind per step.

/**
 * An empty Recording for the given layers and histogram edges, with room for `capacity` records
 * (give the number of records the run will make, and no step ever grows or first-touches memory).
 */
export function createRecording(layerInfo: readonly LayerInfo[], edges: Float64Array, capacity = 64): Recording {
  const cap = Math.max(1, Math.ceil(capacity));
  const depth = layerInfo.length;
  const bins = edges.length - 1;
  const scalars = Object.fromEntries(scalarMetrics.map((m) => [m, metric(cap)])) as Record<ScalarMetric, Float64Array>;
  const layers = Object.fromEntries(layerMetrics.map((m) => [m, perLayer(depth, () => metric(cap))])) as Record<LayerMetric, Float64Array[]>;
  return {
    depth,
    layerInfo: layerInfo.map((i) => ({ ...i })),
    count: 0,
    steps: new Int32Array(cap).fill(0),
    scalars,
    layers,
    histogram: { edges: Float64Array.from(edges), counts: perLayer(depth, () => new Uint32Array(cap * bins).fill(0)) },
    nonFinite: null,
  };
}

/** Records the arrays can hold: steps.length. */
export function capacityOf(rec: Recording): number {
  return rec.steps.length;
}

/** Makes room for at least `need` records, doubling the capacity of every array as often as needed (contents kept, the rest NaN or 0). */
export function reserve(rec: Recording, need: number): void {
  let cap = capacityOf(rec);
  if (need <= cap) return;
  while (cap < need) cap *= 2;
  const bins = rec.histogram.edges.length - 1;
  rec.steps = grown(rec.steps, cap);
  for (const m of scalarMetrics) rec.scalars[m] = grown(rec.scalars[m], cap);
  for (const m of layerMetrics) rec.layers[m] = rec.layers[m].map((a) => grown(a, cap));
  rec.histogram.counts = rec.histogram.counts.map((c) => grown(c, cap * bins));
}

/**
 * Opens record r = count for `step`: every metric NaN (undefined until measured), the histogram
 * rows zero, count = r + 1. Returns r. An interrupted step thus leaves NaN where nothing was measured.
 */
export function openRecord(rec: Recording, step: number): number {
  const r = rec.count;
  reserve(rec, r + 1);
  rec.steps[r] = step;
  for (const m of scalarMetrics) rec.scalars[m][r] = NaN;
  for (const m of layerMetrics) {
    const arrays = rec.layers[m];
    for (let l = 0; l < arrays.length; l++) arrays[l][r] = NaN;
  }
  const bins = rec.histogram.edges.length - 1, counts = rec.histogram.counts;
  // NOTE: a loop, not fill(): 42 stores cost less than the call.
  for (let l = 0; l < counts.length; l++) {
    const c = counts[l];
    for (let k = r * bins, end = k + bins; k < end; k++) c[k] = 0;
  }
  rec.count = r + 1;
  return r;
}

function perLayer<T>(depth: number, make: () => T): T[] {
  return Array.from({ length: depth }, make);
}

/** A metric column of `length` records, all NaN (written now, see the note above). */
function metric(length: number): Float64Array {
  return new Float64Array(length).fill(NaN);
}

function grown<T extends Float64Array | Int32Array | Uint32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  b.fill((b instanceof Float64Array ? NaN : 0) as never, a.length);
  return b;
}
