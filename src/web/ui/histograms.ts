/// <reference lib="dom" />
import type { RunData } from "../run-data.js";
import { fitCanvas, fmt, h, okabeIto } from "./dom.js";

/** The flat (|φ′| < 1% of its maximum) part of the range of a = φ(h), as intervals of a; ReLU's zero part. */
export function flatRegions(activation: string): [number, number][] {
  switch (activation) {
    case "sigmoid": return [[-Infinity, 0.0025], [0.9975, Infinity]];
    case "tanh": return [[-Infinity, -0.995], [0.995, Infinity]];
    case "hardTanh": return [[-Infinity, -1], [1, Infinity]];
    case "relu": return [[-Infinity, 0]];
    default: return [];
  }
}

/** At most this many layers, evenly spaced from 1 to L, get a row. */
const MAX_ROWS = 8;
const ROW = 30, LEFT = 34, RIGHT = 120;

/** The layers shown: all when few, else MAX_ROWS evenly spaced including 1 and L (0-based). */
export function sampledLayers(depth: number): number[] {
  if (depth <= MAX_ROWS) return Array.from({ length: depth }, (_, l) => l);
  return [...new Set(Array.from({ length: MAX_ROWS }, (_, i) => Math.round((i * (depth - 1)) / (MAX_ROWS - 1))))];
}

/**
 * Per-layer histograms of the activations a_l at the latest record, one row per sampled layer:
 * bins in the activation's flat region are drawn in vermillion (saturated; for ReLU: zero, where
 * the units can die), with the recorded saturated and dead fractions beside each row.
 */
export class Histograms {
  readonly canvas = h("canvas", { class: "histograms", role: "img", "aria-label": "activation histograms per layer" });
  readonly element = h("figure", { class: "view" },
    h("figcaption", {}, "Activations a_l per layer (latest record): ", h("span", { class: "swatch flat" }), " flat region, where φ′ ≈ 0"),
    this.canvas);

  /** Redraws from a run's data. */
  draw(run: RunData): void {
    const rows = sampledLayers(run.depth);
    const { ctx, w } = fitCanvas(this.canvas, rows.length * ROW + 18);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    const edges = run.histogramEdges;
    const bins = edges.length - 1;
    const pw = w - LEFT - RIGHT;
    const r = run.steps.length - 1;
    rows.forEach((l, i) => {
      const y0 = 4 + i * ROW;
      ctx.fillStyle = "#333";
      ctx.textAlign = "right";
      ctx.fillText(`L${l + 1}`, LEFT - 6, y0 + ROW / 2);
      ctx.fillStyle = "#f3f3f3";
      ctx.fillRect(LEFT, y0, pw, ROW - 4);
      const counts = run.histogram?.[l];
      if (counts !== undefined) {
        const max = Math.max(1, ...counts);
        const flat = flatRegions(run.layerInfo[l]?.activation ?? "");
        const bw = pw / bins;
        for (let b = 0; b < bins; b++) {
          const lo = edges[b], hi = edges[b + 1];
          const isFlat = flat.some(([a, c]) => lo <= c && hi >= a && !(hi === a));
          ctx.fillStyle = isFlat ? okabeIto[5] : okabeIto[0];
          const bh = ((ROW - 6) * counts[b]) / max;
          ctx.fillRect(LEFT + b * bw + 0.5, y0 + ROW - 4 - bh, Math.max(1, bw - 1), bh);
        }
      }
      const sat = r >= 0 ? run.layers.saturatedFraction[l][r] : NaN;
      const dead = r >= 0 ? run.layers.deadFraction[l][r] : NaN;
      ctx.fillStyle = "#333";
      ctx.textAlign = "left";
      const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : "—");
      ctx.fillText(`sat ${pct(sat)} · dead ${pct(dead)}`, LEFT + pw + 8, y0 + ROW / 2);
    });
    const yb = 4 + rows.length * ROW + 6;
    ctx.fillStyle = "#555";
    ctx.textAlign = "left";
    const lo = edges[1], hi = edges[bins - 1];
    ctx.fillText(`< ${fmt(lo)}`, LEFT, yb);
    ctx.textAlign = "center";
    ctx.fillText("0", LEFT + pw / 2, yb);
    ctx.textAlign = "right";
    ctx.fillText(`≥ ${fmt(hi)}`, LEFT + pw, yb);
  }
}
