import { GradscopeError } from "../core/errors.js";
import { layerMetrics, scalarMetrics, type LayerInfo, type LayerMetric, type NonFiniteEvent, type Recording, type ScalarMetric } from "./recording.js";

/** A number as JSON can hold it: finite numbers as they are, NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export type JsonNumber = number | "NaN" | "Infinity" | "-Infinity";

/** A Recording as plain JSON, trimmed to its `count` records; histogram counts are [records × bins] row-major per layer. */
export interface RecordingJson {
  format: "gradscope.recording";
  version: 1;
  depth: number;
  layerInfo: LayerInfo[];
  count: number;
  steps: number[];
  scalars: Record<ScalarMetric, JsonNumber[]>;
  layers: Record<LayerMetric, JsonNumber[][]>;
  histogram: { edges: JsonNumber[]; counts: number[][] };
  nonFinite: (Omit<NonFiniteEvent, "value"> & { value: JsonNumber }) | null;
}

const encode = (v: number): JsonNumber => (Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
const decode = (v: JsonNumber): number => (typeof v === "number" ? v : Number(v));
const encodeAll = (a: Float64Array, n: number): JsonNumber[] => Array.from(a.subarray(0, n), encode);
const decodeAll = (a: readonly JsonNumber[]): Float64Array => Float64Array.from(a, decode);

/** The JSON form of a recording (lossless for every value except the sign of −0), trimmed to `count`. */
export function toJSON(rec: Recording): RecordingJson {
  const n = rec.count, bins = rec.histogram.edges.length - 1;
  const ev = rec.nonFinite;
  return {
    format: "gradscope.recording",
    version: 1,
    depth: rec.depth,
    layerInfo: rec.layerInfo.map((i) => ({ ...i })),
    count: n,
    steps: Array.from(rec.steps.subarray(0, n)),
    scalars: Object.fromEntries(scalarMetrics.map((m) => [m, encodeAll(rec.scalars[m], n)])) as Record<ScalarMetric, JsonNumber[]>,
    layers: Object.fromEntries(layerMetrics.map((m) => [m, rec.layers[m].map((a) => encodeAll(a, n))])) as Record<LayerMetric, JsonNumber[][]>,
    histogram: { edges: Array.from(rec.histogram.edges, encode), counts: rec.histogram.counts.map((c) => Array.from(c.subarray(0, n * bins))) },
    nonFinite: ev === null ? null : { ...ev, value: encode(ev.value) },
  };
}

/** A Recording from its JSON form (arrays sized exactly `count`; growing again doubles them). */
export function fromJSON(json: RecordingJson): Recording {
  if (json?.format !== "gradscope.recording" || json.version !== 1) throw new GradscopeError("fromJSON: not a gradscope recording (format \"gradscope.recording\", version 1)");
  const ev = json.nonFinite;
  return {
    depth: json.depth,
    layerInfo: json.layerInfo.map((i) => ({ ...i })),
    count: json.count,
    steps: Int32Array.from(json.steps),
    scalars: Object.fromEntries(scalarMetrics.map((m) => [m, decodeAll(json.scalars[m])])) as Record<ScalarMetric, Float64Array>,
    layers: Object.fromEntries(layerMetrics.map((m) => [m, json.layers[m].map(decodeAll)])) as Record<LayerMetric, Float64Array[]>,
    histogram: { edges: decodeAll(json.histogram.edges), counts: json.histogram.counts.map((c) => Uint32Array.from(c)) },
    nonFinite: ev === null ? null : { ...ev, value: decode(ev.value) },
  };
}
