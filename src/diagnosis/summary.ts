import type { LayerMetric, Recording, ScalarMetric } from "../probes/recording.js";
import type { Thresholds } from "./thresholds.js";

/** The early and late windows of a recording: records [0, k) and [count − k, count). */
export interface Windows {
  k: number;
  early: readonly [number, number];
  late: readonly [number, number];
}

/** k = clamp(⌈count·fraction⌉, 1, max), and the two windows (empty when count = 0). */
export function windowsOf(count: number, t: Thresholds["window"]): Windows {
  const k = count === 0 ? 0 : Math.min(count, Math.max(1, Math.min(t.max, Math.ceil(count * t.fraction))));
  return { k, early: [0, k], late: [count - k, count] };
}

/** Median of the finite values of xs[from, to) (NaN when there are none). */
export function median(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  const v: number[] = [];
  for (let i = from; i < to; i++) if (Number.isFinite(xs[i])) v.push(xs[i]);
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Median of xs over a window [from, to). */
export const medianOver = (xs: ArrayLike<number>, [from, to]: readonly [number, number]): number => median(xs, from, to);

/** A per-record series f(r), r = 0…count−1. */
export function series(count: number, f: (r: number) => number): Float64Array {
  const out = new Float64Array(count);
  for (let r = 0; r < count; r++) out[r] = f(r);
  return out;
}

/** The per-record series of a scalar metric (NaN when the recording lacks it). */
export function scalarSeries(rec: Recording, name: ScalarMetric): Float64Array {
  const xs = rec.scalars[name];
  return series(rec.count, (r) => (xs === undefined ? NaN : xs[r]));
}

/** The per-record series of a layer metric at 0-based layer l (NaN when the recording lacks it). */
export function layerSeries(rec: Recording, name: LayerMetric, l: number): Float64Array {
  const xs = rec.layers[name]?.[l];
  return series(rec.count, (r) => (xs === undefined ? NaN : xs[r]));
}

/** Per layer (0-based index), the median of a layer metric over a window. */
export function layerMedians(rec: Recording, name: LayerMetric, window: readonly [number, number]): number[] {
  return Array.from({ length: rec.depth }, (_, l) => medianOver(layerSeries(rec, name, l), window));
}

/** Per record, num/den (NaN unless both are finite and den > 0). */
export function ratioSeries(num: ArrayLike<number>, den: ArrayLike<number>): Float64Array {
  return series(num.length, (r) => (Number.isFinite(num[r]) && Number.isFinite(den[r]) && den[r] > 0 ? num[r] / den[r] : NaN));
}

/** Per record, √(Σ_l x_l²) of a layer metric: the norm of all layers together (NaN when none is finite). */
export function rootSumSquare(rec: Recording, name: LayerMetric): Float64Array {
  const cols = Array.from({ length: rec.depth }, (_, l) => layerSeries(rec, name, l));
  return series(rec.count, (r) => {
    let s = 0, any = false;
    for (const c of cols) if (Number.isFinite(c[r])) { s += c[r] * c[r]; any = true; }
    return any ? Math.sqrt(s) : NaN;
  });
}

/**
 * Start of the final stretch in which the trailing median of k records satisfies `holds`:
 * the first record of that stretch's windows whose own value holds (−1 when the last window fails).
 */
export function stretchStart(xs: ArrayLike<number>, k: number, holds: (v: number) => boolean): number {
  const n = xs.length;
  let r0 = n;
  for (let r = n - 1; r >= 0; r--) {
    if (!holds(median(xs, Math.max(0, r - k + 1), r + 1))) break;
    r0 = r;
  }
  if (r0 === n) return -1;
  for (let r = Math.max(0, r0 - k + 1); r < n; r++) if (holds(xs[r])) return r;
  return r0;
}

/** Geometric-mean per-layer factor of an end-to-end ratio over `gaps` layer steps: ratio^(1/gaps). */
export const perLayer = (ratio: number, gaps: number): number => (gaps > 0 ? ratio ** (1 / gaps) : NaN);

/** The 1-based layer numbers l+1 of the 0-based indices where `pick` holds. */
export function layersWhere(values: readonly number[], pick: (v: number, l: number) => boolean): number[] {
  const out: number[] = [];
  values.forEach((v, l) => { if (pick(v, l)) out.push(l + 1); });
  return out;
}

/** A number for a sentence: 3 significant digits, scientific when tiny or huge. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(1).replace("e+", "e");
  return String(Number(x.toPrecision(3)));
}

/** A fraction as a percentage for a sentence. */
export const pct = (f: number): string => `${Math.round(f * 100)}%`;

/** "layer 3", "layers 1–4" or "layers 1, 3 and 5". */
export function layerList(layers: readonly number[]): string {
  if (layers.length === 1) return `layer ${layers[0]}`;
  const contiguous = layers.every((l, i) => i === 0 || l === layers[i - 1] + 1);
  if (contiguous) return `layers ${layers[0]}–${layers[layers.length - 1]}`;
  return `layers ${layers.slice(0, -1).join(", ")} and ${layers[layers.length - 1]}`;
}
