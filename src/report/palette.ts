/** Okabe–Ito colours (colour-blind safe) for categorical lines, yellow last (weak on white). */
export const okabeIto = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"] as const;

/** The categorical colour of series i (cycles through Okabe–Ito). */
export const lineColor = (i: number): string => okabeIto[i % okabeIto.length];

/** Viridis (matplotlib) sampled at 0, 1/8, …, 1 as RGB: perceptually uniform and colour-blind safe. */
const viridisStops: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [253, 231, 37],
];

/** Viridis at t ∈ [0, 1] (clamped) as [r, g, b] bytes, linearly interpolated between the stops. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (viridisStops.length - 1);
  const i = Math.min(viridisStops.length - 2, Math.floor(x));
  const f = x - i;
  const a = viridisStops[i], b = viridisStops[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

/** Viridis at t as a CSS hex colour. */
export function viridisHex(t: number): string {
  return "#" + viridis(t).map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** The colour of layer l (1-based) of L when every layer has its own line: viridis from dark (input) to light (output), capped at 0.9 to stay readable on white. */
export const layerColor = (l: number, L: number): string => viridisHex(L <= 1 ? 0 : (0.9 * (l - 1)) / (L - 1));

/** Cells a heatmap cannot place on its colour scale: NaN/±Inf (hatched over white) and exact zeros (grey). */
export const missingColors = { nonFinite: [255, 255, 255] as const, zero: [189, 189, 189] as const, nonFiniteStroke: "#D55E00" };
