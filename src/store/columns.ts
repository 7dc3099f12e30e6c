import { GradscopeError } from "../core/errors.js";
import { layerMetrics, scalarMetrics, type LayerInfo, type NonFiniteEvent, type Recording } from "../probes/recording.js";
import { blobOf, copyBlob, copyCounts, countsBlob } from "./blob.js";

/** The facts of a Recording that are not per record, kept with the run as JSON. */
export interface Layout {
  depth: number;
  layerInfo: LayerInfo[];
  /** Histogram bin edges (bins + 1 values). */
  edges: number[];
  nonFinite: NonFiniteEvent | null;
}

/** What a stored series holds: a per-step scalar (layer 0), a layer metric, or a layer's histogram counts (layers 1…L). */
export type SeriesKind = "scalar" | "layer" | "histogram";

/** One series of one chunk, as stored: Float64 values [records], or histogram counts [records × bins] of 1, 2 or 4 bytes each. */
export interface SeriesRow {
  kind: SeriesKind;
  metric: string;
  layer: number;
  data: Uint8Array;
}

/** The layout of a recording. */
export function layoutOf(rec: Recording): Layout {
  return { depth: rec.depth, layerInfo: rec.layerInfo.map((i) => ({ ...i })), edges: Array.from(rec.histogram.edges), nonFinite: rec.nonFinite };
}

const binsOf = (edges: ArrayLike<number>): number => Math.max(0, edges.length - 1);

/**
 * Every series of records [from, to): each scalar, each layer metric of each layer, each layer's
 * histogram rows. Metrics are read from the recording's own keys, so metrics added to
 * probes/recording.ts are stored without a change here.
 */
export function seriesOf(rec: Recording, from: number, to: number): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const [metric, a] of Object.entries(rec.scalars)) rows.push({ kind: "scalar", metric, layer: 0, data: blobOf(a, from, to) });
  for (const [metric, perLayer] of Object.entries(rec.layers)) {
    perLayer.forEach((a, l) => rows.push({ kind: "layer", metric, layer: l + 1, data: blobOf(a, from, to) }));
  }
  const bins = binsOf(rec.histogram.edges);
  rec.histogram.counts.forEach((c, l) => rows.push({ kind: "histogram", metric: "counts", layer: l + 1, data: countsBlob(c, from * bins, to * bins) }));
  return rows;
}

/** A recording of exactly `count` records (capacity at least 1) for a layout: metrics NaN and counts 0 until placed. */
export function blankRecording(layout: Layout, count: number): Recording {
  const cap = Math.max(1, count);
  const nan = () => new Float64Array(cap).fill(NaN);
  const perLayer = () => Array.from({ length: layout.depth }, nan);
  return {
    depth: layout.depth,
    layerInfo: layout.layerInfo.map((i) => ({ ...i })),
    count,
    steps: new Int32Array(cap),
    scalars: Object.fromEntries(scalarMetrics.map((m) => [m, nan()])) as Recording["scalars"],
    layers: Object.fromEntries(layerMetrics.map((m) => [m, perLayer()])) as Recording["layers"],
    histogram: {
      edges: Float64Array.from(layout.edges),
      counts: Array.from({ length: layout.depth }, () => new Uint32Array(cap * binsOf(layout.edges))),
    },
    nonFinite: layout.nonFinite === null ? null : { ...layout.nonFinite },
  };
}

/** Copies one stored series of a chunk of `count` records into the recording at record `at`. */
export function placeSeries(rec: Recording, row: SeriesRow, at: number, count: number): void {
  const what = `${row.kind} series "${row.metric}" of layer ${row.layer}`;
  const cap = rec.steps.length;
  if (row.kind === "histogram") {
    const bins = binsOf(rec.histogram.edges);
    copyCounts(row.data, layerOf(rec.histogram.counts, rec, row, what), at * bins, count * bins, what);
  } else if (row.kind === "scalar") {
    const scalars = rec.scalars as Record<string, Float64Array>;
    scalars[row.metric] ??= new Float64Array(cap).fill(NaN);
    copyBlob(row.data, scalars[row.metric], at, count, what);
  } else {
    const layers = rec.layers as Record<string, Float64Array[]>;
    layers[row.metric] ??= Array.from({ length: rec.depth }, () => new Float64Array(cap).fill(NaN));
    copyBlob(row.data, layerOf(layers[row.metric], rec, row, what), at, count, what);
  }
}

function layerOf<T>(arrays: T[], rec: Recording, row: SeriesRow, what: string): T {
  if (!(Number.isInteger(row.layer) && row.layer >= 1 && row.layer <= rec.depth)) {
    throw new GradscopeError(`run store: ${what} names a layer outside 1…${rec.depth}; the database is corrupt`);
  }
  return arrays[row.layer - 1];
}
