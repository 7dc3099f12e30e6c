// Synthetic Recordings for the store tests: every value a pure function of (series, layer, record),
// so that a child process and the test that checks it build the same numbers; plus values that
// only a bit-exact store keeps (−0, ±Infinity, NaN with a payload, subnormals).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layerMetrics, scalarMetrics, type LayerMetric, type NonFiniteEvent, type Recording, type ScalarMetric } from "../../src/probes/recording.js";

/** What to build: `count` records of `depth` layers, histograms of `bins` bins, arrays of `capacity` ≥ count. */
export interface SyntheticSpec {
  depth: number;
  count: number;
  bins?: number;
  capacity?: number;
  /** Put −0, ±Infinity, payload NaNs and subnormals among the values (default true). */
  tricky?: boolean;
  nonFinite?: NonFiniteEvent | null;
  /** Histogram counts are below this (default: 2⁸, 2¹⁶, 2³² for layers 1, 2, 3, 4, …, so every stored width is met). */
  maxCount?: number;
}

/** The training step of record r: a cadence of 10 after step 1, as the recorder's `every: 10` gives. */
export const stepOf = (r: number): number => (r === 0 ? 1 : 10 * r);

/** The value of series `s` (0-based over scalars then layer metrics), layer l (0 for scalars) at record r. */
export function valueAt(s: number, l: number, r: number): number {
  return Math.sin(1 + s * 0.37 + l * 1.13 + r * 0.071) * Math.exp(-0.05 * l) * (1 + r / 1000);
}

/** A Recording per the spec; capacity beyond count is filled with 1e30 (never to be stored). */
export function syntheticRecording(spec: SyntheticSpec): Recording {
  const { depth, count } = spec;
  const bins = spec.bins ?? 4;
  const cap = Math.max(count, spec.capacity ?? count);
  const tricky = spec.tricky ?? true;
  const column = (s: number, l: number): Float64Array => {
    const a = Float64Array.from({ length: cap }, (_, r) => (r < count ? valueAt(s, l, r) : 1e30));
    if (tricky) spice(a, count, s + 7 * l);
    return a;
  };
  const scalars = Object.fromEntries(scalarMetrics.map((m, s) => [m, column(s, 0)])) as Record<ScalarMetric, Float64Array>;
  const layers = Object.fromEntries(layerMetrics.map((m, i) => [m, Array.from({ length: depth }, (_, l) => column(scalarMetrics.length + i, l + 1))])) as Record<LayerMetric, Float64Array[]>;
  return {
    depth,
    layerInfo: Array.from({ length: depth }, (_, l) => ({ activation: l % 2 ? "relu" : "tanh", maxDerivative: 1, canDie: l % 2 === 1 })),
    count,
    steps: Int32Array.from({ length: cap }, (_, r) => (r < count ? stepOf(r) : -1)),
    scalars,
    layers,
    histogram: {
      edges: Float64Array.from({ length: bins + 1 }, (_, i) => -4 + (8 * i) / bins),
      counts: Array.from({ length: depth }, (_, l) => {
        const limit = spec.maxCount ?? [2 ** 8, 2 ** 16, 2 ** 32][l % 3];
        return Uint32Array.from({ length: cap * bins }, (_, i) => (i < count * bins ? ((i * 2654435761 + l) >>> 0) % limit : 7));
      }),
    },
    nonFinite: spec.nonFinite ?? null,
  };
}

/** Writes the special values into a column at records chosen by `k`, NaN payloads through the raw bits. */
function spice(a: Float64Array, count: number, k: number): void {
  const bits = new Uint32Array(a.buffer);
  for (let r = 0; r < count; r++) {
    switch ((r + k) % 13) {
      case 2: a[r] = -0; break;
      case 5: a[r] = Infinity; break;
      case 7: a[r] = -Infinity; break;
      case 9: a[r] = 5e-324; break;
      case 11: bits[2 * r] = 0xdeadbeef; bits[2 * r + 1] = 0x7ff80000 | (k & 0xffff); break;
    }
  }
}

/** The bytes of elements [0, n) of a typed array. */
const bytes = (a: Float64Array | Int32Array | Uint32Array, n: number): Buffer => Buffer.from(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);

/** Asserts that two recordings hold the same records bit for bit (spare capacity ignored), layout included. */
export function assertSameRecording(actual: Recording, expected: Recording): void {
  const n = expected.count;
  assert.equal(actual.count, n, "count");
  assert.equal(actual.depth, expected.depth, "depth");
  assert.deepEqual(actual.layerInfo, expected.layerInfo, "layerInfo");
  assert.deepEqual(actual.nonFinite, expected.nonFinite, "nonFinite");
  assert.ok(bytes(actual.histogram.edges, actual.histogram.edges.length).equals(bytes(expected.histogram.edges, expected.histogram.edges.length)), "edges");
  assert.ok(bytes(actual.steps, n).equals(bytes(expected.steps, n)), "steps");
  for (const m of scalarMetrics) assert.ok(bytes(actual.scalars[m], n).equals(bytes(expected.scalars[m], n)), `scalar ${m}`);
  for (const m of layerMetrics) {
    assert.equal(actual.layers[m].length, expected.depth, `${m} layers`);
    expected.layers[m].forEach((a, l) => assert.ok(bytes(actual.layers[m][l], n).equals(bytes(a, n)), `${m} layer ${l + 1}`));
  }
  const bins = expected.histogram.edges.length - 1;
  expected.histogram.counts.forEach((c, l) => assert.ok(bytes(actual.histogram.counts[l], n * bins).equals(bytes(c, n * bins)), `histogram layer ${l + 1}`));
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "gradscope-store-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
