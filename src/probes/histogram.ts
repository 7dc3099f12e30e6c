import { GradscopeError } from "../core/errors.js";

/** Uniform histogram bins: `bins` equal bins over [lo, hi), plus an underflow and an overflow bin. */
export interface HistogramSpec {
  bins: number;
  lo: number;
  hi: number;
}

/** The default activation histogram: 40 bins of width 0.2 over [−4, 4), plus under/overflow. */
export const defaultHistogram: HistogramSpec = { bins: 40, lo: -4, hi: 4 };

/** The arithmetic of a histogram: bin = binOf(v, lo, scale, last), and the edges that bound those bins. */
export interface Binning {
  readonly lo: number;
  /** bins/(hi − lo). */
  readonly scale: number;
  /** bins + 1: the overflow bin. */
  readonly last: number;
  /** histogramEdges(spec). */
  readonly edges: Float64Array;
}

/** The binning of a spec. */
export function binning(spec: HistogramSpec): Binning {
  const edges = histogramEdges(spec);
  return { lo: spec.lo, scale: spec.bins / (spec.hi - spec.lo), last: spec.bins + 1, edges };
}

/**
 * The bin edges of a spec, bins + 3 values: [−∞, e₁ = lo, …, e_{bins+1}, +∞] with e_k the nominal
 * lo + (hi − lo)·(k − 1)/bins moved by about an ulp of max(|lo|, |hi|) at most, so that the edges
 * are exactly the boundaries of binOf: bin 0 is the underflow (−∞, lo), bin k in 1…bins is [e_k, e_{k+1}) and the
 * last bin is [e_{bins+1}, +∞). Every non-NaN value falls in exactly one of the bins + 2 bins.
 */
export function histogramEdges(spec: HistogramSpec): Float64Array {
  const { bins, lo, hi } = spec;
  if (!Number.isInteger(bins) || bins < 1) throw new GradscopeError(`probes.histogram.bins: ${bins} is not allowed; expected an integer ≥ 1`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new GradscopeError(`probes.histogram: [${lo}, ${hi}) is not allowed; expected finite lo < hi`);
  }
  const scale = bins / (hi - lo), last = bins + 1;
  const edges = new Float64Array(bins + 3);
  edges[0] = -Infinity;
  const half = (hi - lo) / bins / 2;
  for (let k = 1; k <= last; k++) {
    // The least double e with binOf(e) ≥ k (binOf is monotone), bisected within half a bin of the nominal edge.
    const nominal = lo + ((hi - lo) * (k - 1)) / bins;
    edges[k] = leastDouble((v) => binOf(v, lo, scale, last) >= k, nominal - half, nominal + half);
  }
  edges[bins + 2] = Infinity;
  return edges;
}

/**
 * The bin of v, or −1 for NaN: k = ⌊min(max((v − lo)·scale, −1), last − 1)⌋ + 1 in float64, with
 * scale = bins/(hi − lo) and last = bins + 1. histogramEdges' edges are exactly its boundaries,
 * and the wasm kernel evaluates the same expression, so all three agree on every value.
 */
export function binOf(v: number, lo: number, scale: number, last: number): number {
  if (v !== v) return -1;
  const t = (v - lo) * scale;
  return Math.floor(t < -1 ? -1 : last - 1 < t ? last - 1 : t) + 1;
}

/** Adds the values of x to counts[offset + binOf(x_i)] for every non-NaN x_i. */
export function addToHistogram(x: ArrayLike<number>, { lo, scale, last }: Binning, counts: Uint32Array, offset: number): void {
  for (let i = 0; i < x.length; i++) {
    const k = binOf(x[i], lo, scale, last);
    if (k >= 0) counts[offset + k]++;
  }
}

const word = new Float64Array(1);
const wordBits = new BigInt64Array(word.buffer);
const SIGN = 0x7fffffffffffffffn;

/** A key that orders finite doubles as their values (−0 and +0 share 0). */
function keyOf(x: number): bigint {
  word[0] = x;
  const b = wordBits[0];
  return b >= 0n ? b : -(b & SIGN);
}

function fromKey(k: bigint): number {
  wordBits[0] = k >= 0n ? k : -k | ~SIGN;
  return word[0];
}

/** The least double x in (from, to] with test(x), for test monotone, false at from and true at to. */
function leastDouble(test: (x: number) => boolean, from: number, to: number): number {
  let lo = keyOf(from), hi = keyOf(to);
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (test(fromKey(mid))) hi = mid;
    else lo = mid;
  }
  return fromKey(hi);
}
