/** Viridis (matplotlib's perceptually uniform, colour-blind-safe map) at 16 evenly spaced anchors, dark to light. */
const viridisAnchors = ["#440154", "#481a6c", "#472f7d", "#414487", "#39568c", "#31688e", "#2a788e", "#23888e", "#1f988b", "#22a884", "#35b779", "#54c568", "#7ad151", "#a5db36", "#d2e21b", "#fde725"];

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
const anchors = viridisAnchors.map(rgb);

/** Viridis at t ∈ [0, 1] (clamped), linearly interpolated between anchors: [r, g, b] in 0…255. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(x));
  const f = x - i;
  const a = anchors[i], b = anchors[i + 1];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

/** A log-10 colour scale: [lo, hi] are log10 of the smallest and largest positive finite values. */
export interface LogScale {
  lo: number;
  hi: number;
}

/** The log scale of every positive finite value in the columns (a unit range around a single value; null when there is none). */
export function logScaleOf(columns: readonly (readonly number[])[], into: LogScale | null = null): LogScale | null {
  let lo = into?.lo ?? Infinity, hi = into?.hi ?? -Infinity;
  for (const col of columns) {
    for (const v of col) {
      if (!(v > 0) || !Number.isFinite(v)) continue;
      const e = Math.log10(v);
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
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
export const viridisTable: readonly (readonly [number, number, number])[] = Array.from({ length: 256 }, (_, i) => viridis(i / 255).map(Math.round) as [number, number, number]);
