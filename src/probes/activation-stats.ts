import type { FloatArray } from "../core/dtype.js";
import type { Tensor } from "../core/tensor.js";
import type { Binning } from "./histogram.js";
import type { SaturationRule } from "./saturation.js";
import type { StatKernels } from "./stat-kernels.js";

/** Slots of the `out` array filled by activationStats. */
export const enum ActOut {
  /** mean of a over batch and units. */
  Mean = 0,
  /** population standard deviation √(mean (a − mean)²). */
  Std = 1,
  /** share of (example, unit) pairs with |φ'| < 1% of sup|φ'|. */
  Saturated = 2,
  /** share of units that are 0 for every example (0 unless `alive` is given). */
  Dead = 3,
  /** Σ (a − a₀)²: finite exactly when every a is (the sentinel's test). */
  SpreadSquares = 4,
  /** 0 when every element of the checked tensor is finite, else NaN (0 without one; the sentinel's test of h). */
  Check = 5,
}

/**
 * The statistics of one layer's activations a [rows = batch, cols = width], with φ's input z of
 * the same shape (read only where the saturation rule needs it): mean and population standard deviation (moments shifted by a₀, so no
 * cancellation), the histogram added to counts[offset …] (see binOf; NaN not counted), the saturated fraction (in the same pass where the rule has a band and a is
 * float32), and the dead fraction when `alive` (cols bytes of scratch) is given; with `check` (a
 * tensor of a's size, the pre-activations h) whether it is all finite, in the same pass where it can.
 * Writes out[ActOut.*]; `pair` is three doubles of scratch.
 */
export function activationStats(
  k: StatKernels, a: FloatArray, z: Tensor, rows: number, cols: number, saturation: SaturationRule,
  bins: Binning, counts: Uint32Array, offset: number, alive: Uint8Array | null, out: Float64Array, pair: Float64Array,
  check: FloatArray | null = null,
): void {
  const n = rows * cols;
  const shift = n > 0 && Number.isFinite(a[0]) ? a[0] : 0;
  const band = a instanceof Float32Array ? saturation.band : null;
  pair[2] = 0;
  const inBand = k.activations(a, shift, bins, counts, offset, band === null ? NaN : band[0], band === null ? NaN : band[1], pair, check);
  out[ActOut.Check] = pair[2];
  const m = pair[0] / n;
  out[ActOut.Mean] = shift + m;
  out[ActOut.Std] = Math.sqrt(Math.max(0, pair[1] / n - m * m));
  out[ActOut.SpreadSquares] = pair[1];
  out[ActOut.Saturated] = (band === null ? saturation.count(z.data, a) : inBand) / n;
  out[ActOut.Dead] = alive === null ? 0 : deadShare(a, rows, cols, alive);
}

/** Share of columns of a [rows, cols] that are exactly 0 in every row (alive: cols bytes of scratch). */
function deadShare(a: FloatArray, rows: number, cols: number, alive: Uint8Array): number {
  alive.fill(0);
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    for (let c = 0; c < cols; c++) if (a[base + c] !== 0) alive[c] = 1;
  }
  let dead = 0;
  for (let c = 0; c < cols; c++) dead += 1 - alive[c];
  return dead / cols;
}
