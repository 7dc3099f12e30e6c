import type { FloatArray } from "../core/dtype.js";
import { addToHistogram, type Binning } from "./histogram.js";
import { firstNonFinite, shiftedMoments, squaredChange, sumOfSquares } from "./tensor-stats.js";

/**
 * The loops the probes run over whole tensors, all in float64 over float32 (or float64) data.
 * The plain TypeScript set (`jsStatKernels`) defines them; the WebAssembly SIMD set
 * (wasm/wasm-stat-kernels.ts) computes the same quantities over tensors in the wasm backend's
 * memory, summing in another order.
 */
export interface StatKernels {
  readonly name: string;
  /** Σ xᵢ². */
  sumOfSquares(x: FloatArray): number;
  /** out[0] = Σ beforeᵢ², out[1] = Σ (afterᵢ − beforeᵢ)². */
  squaredChange(after: FloatArray, before: FloatArray, out: Float64Array): void;
  /** Whether no element is NaN or ±Inf. */
  allFinite(x: FloatArray): boolean;
  /**
   * One pass over a layer's activations a: out[0] = Σ (aᵢ − shift), out[1] = Σ (aᵢ − shift)²;
   * counts[offset + k] += #{i : binOf(aᵢ) = k} (NaN not counted); returns #{i : aᵢ ≤ bandLo or
   * aᵢ ≥ bandHi} (the saturation band; NaN bounds: 0). With `check` (another tensor, e.g. the
   * pre-activations), also out[2] = 0 when every element of it is finite, else NaN (out then needs 3 slots).
   */
  activations(a: FloatArray, shift: number, bins: Binning, counts: Uint32Array, offset: number, bandLo: number, bandHi: number, out: Float64Array,
    check: FloatArray | null): number;
  /** Index of the first NaN or ±Inf, or −1. */
  firstNonFinite(x: FloatArray): number;
}

function inBand(a: FloatArray, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v <= lo || v >= hi) n++;
  }
  return n;
}

/** The plain TypeScript statistics: the definition, and the fallback for JavaScript-heap and float64 tensors. */
export const jsStatKernels: StatKernels = {
  name: "js",
  sumOfSquares,
  squaredChange,
  allFinite: (x) => firstNonFinite(x) < 0,
  activations(a, shift, bins, counts, offset, bandLo, bandHi, out, check) {
    shiftedMoments(a, shift, out);
    if (check !== null) out[2] = firstNonFinite(check) < 0 ? 0 : NaN;
    addToHistogram(a, bins, counts, offset);
    return bandLo === bandLo || bandHi === bandHi ? inBand(a, bandLo, bandHi) : 0;
  },
  firstNonFinite,
};
