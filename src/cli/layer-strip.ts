import { createColors } from "picocolors";

/** Most characters a strip takes; deeper nets are bucketed (geometric mean of neighbouring layers). */
export const MAX_STRIP = 48;

const BARS = "▁▂▃▄▅▆▇█";

/** Geometric means of `values` in `n` contiguous buckets (values unchanged when n ≥ length). */
function bucket(values: ArrayLike<number>, n: number): number[] {
  const all = Array.from(values);
  if (all.length <= n) return all;
  return Array.from({ length: n }, (_, b) => {
    const part = all.slice(Math.floor((b * all.length) / n), Math.floor(((b + 1) * all.length) / n));
    if (part.some((v) => !Number.isFinite(v))) return NaN;
    return Math.exp(part.reduce((s, v) => s + Math.log(Math.max(v, 1e-300)), 0) / part.length);
  });
}

const pc = createColors(true);

/** The colour of log10(‖δ_l‖/‖δ_L‖): blue below 1/100 (vanishing), cyan below 1/10, plain within 10×, yellow above 10, red above 100 (exploding). */
function tone(log10Ratio: number): (s: string) => string {
  if (log10Ratio <= -2) return pc.blue;
  if (log10Ratio <= -1) return pc.cyan;
  if (log10Ratio < 1) return (s) => s;
  if (log10Ratio < 2) return pc.yellow;
  return pc.red;
}

/**
 * A one-line picture of ‖δ_l‖ from the input (left) to the output (right): the bar height is
 * log ‖δ_l‖ between the strip's minimum and maximum, the colour says how far it is from the
 * last layer's ‖δ_L‖ (blue = vanishing, red = exploding; blue/yellow/red stay apart for the
 * common colour-vision deficiencies); "!" marks NaN/Inf. Without colour the heights still show it.
 */
export function layerStrip(deltaNorms: ArrayLike<number>, colour: boolean): string {
  const vs = bucket(deltaNorms, MAX_STRIP);
  const logs = vs.map((v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN));
  const finite = logs.filter((x) => Number.isFinite(x));
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const top = logs[logs.length - 1];
  return logs.map((x, i) => {
    if (!Number.isFinite(vs[i])) return colour ? pc.magenta("!") : "!";
    if (!Number.isFinite(x)) return colour ? pc.blue(" ") : " ";
    const level = hi - lo < 1e-12 ? BARS.length - 1 : Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1));
    const ch = BARS[level];
    return colour && Number.isFinite(top) ? tone(x - top)(ch) : ch;
  }).join("");
}
