import { esc, fmt } from "../html.js";
import { linearScale } from "../scale.js";
import { frame, r1, svg } from "./frame.js";

/** One histogram drawn as a step outline (optionally filled): fractions per bin. */
export interface HistogramSeries {
  label: string;
  color: string;
  /** Share of the values in each bin (sums to 1), bins + 2 entries: underflow, the bins, overflow. */
  fractions: number[];
  filled?: boolean;
}

/**
 * A small histogram chart over edges [−∞, lo, …, hi, +∞]: the finite bins at their places and the
 * under- and overflow as one extra bin-width each outside [lo, hi), behind a dashed line.
 */
export function histogramChart(title: string, edges: ArrayLike<number>, series: HistogramSeries[]): string {
  const f = { ...frame(260, 150), left: 40, top: 22, bottom: 130 };
  const lo = edges[1], hi = edges[edges.length - 2], bw = (hi - lo) / (edges.length - 3);
  const x = linearScale([lo - bw, hi + bw], [f.left, f.right], 8);
  const top = Math.max(1e-9, ...series.flatMap((s) => s.fractions.filter(Number.isFinite)));
  const y = linearScale([0, top], [f.bottom, f.top], 3);
  const parts: string[] = [`<text class="mini-title" x="${f.left}" y="14">${esc(title)}</text>`];
  for (const t of y.ticks) parts.push(`<line class="grid" x1="${f.left}" x2="${f.right}" y1="${r1(y(t.value))}" y2="${r1(y(t.value))}"/><text class="tick small" x="${f.left - 4}" y="${r1(y(t.value))}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`);
  for (const t of x.ticks) if (t.value > lo && t.value < hi) parts.push(`<text class="tick small" x="${r1(x(t.value))}" y="${f.bottom + 13}" text-anchor="middle">${esc(t.label)}</text>`);
  for (const v of [lo, hi]) parts.push(`<line class="ref" x1="${r1(x(v))}" x2="${r1(x(v))}" y1="${f.top}" y2="${f.bottom}"/>`);
  parts.push(`<text class="tick small" x="${r1(x(lo - bw / 2))}" y="${f.bottom + 13}" text-anchor="middle">&lt;</text><text class="tick small" x="${r1(x(hi + bw / 2))}" y="${f.bottom + 13}" text-anchor="middle">≥</text>`);
  for (const s of series) {
    const left = (k: number) => (k === 0 ? lo - bw : edges[k]);
    let d = `M${r1(x(lo - bw))} ${r1(y(0))}`;
    s.fractions.forEach((p, k) => {
      const py = r1(y(Number.isFinite(p) ? p : 0));
      d += `L${r1(x(left(k)))} ${py}L${r1(x(k === s.fractions.length - 1 ? hi + bw : edges[k + 1]))} ${py}`;
    });
    d += `L${r1(x(hi + bw))} ${r1(y(0))}`;
    parts.push(`<path d="${d}" fill="${s.filled ? s.color : "none"}" fill-opacity="${s.filled ? 0.35 : 0}" stroke="${s.color}" stroke-width="1.6"><title>${esc(s.label)}; out of range: ${fmt(s.fractions[0])} below, ${fmt(s.fractions[s.fractions.length - 1])} above</title></path>`);
  }
  parts.push(`<rect class="plot-frame" x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/>`);
  return svg(f, title, parts.join(""), "chart-svg mini");
}
