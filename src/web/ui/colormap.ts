import { viridis } from "../../report/palette.js";
import { extent } from "../../report/scale.js";

/** A log-10 colour scale: [lo, hi] are log10 of the smallest and largest positive finite values. */
export interface LogScale {
  lo: number;
  hi: number;
}

/** The log scale of every positive finite value in the columns (a unit range around a single value; null when there is none). */
export function logScaleOf(columns: readonly (readonly number[])[], into: LogScale | null = null): LogScale | null {
  let lo = into?.lo ?? Infinity, hi = into?.hi ?? -Infinity;
  for (const col of columns) {
    const e = extent(col, true);
    if (e === null) continue;
    lo = Math.min(lo, Math.log10(e[0]));
    hi = Math.max(hi, Math.log10(e[1]));
  }
  if (!Number.isFinite(lo)) return null;
  if (hi - lo < 1e-9) return { lo: lo - 0.5, hi: hi + 0.5 };
  return { lo, hi };
}

/** Position of v on a log scale in [0, 1], or NaN for 0, negative or non-finite values. */
export function scalePosition(v: number, s: LogScale): number {
  if (!(v > 0) || !Number.isFinite(v)) return NaN;
  return (Math.log10(v) - s.lo) / (s.hi - s.lo);
}

/** Viridis sampled at 256 levels, [r, g, b] per level: the heatmaps' lookup table. */
export const viridisTable: readonly (readonly [number, number, number])[] = Array.from({ length: 256 }, (_, i) => viridis(i / 255));
