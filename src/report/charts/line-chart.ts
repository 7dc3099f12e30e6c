import { esc, fmt } from "../html.js";
import { extent, linearScale, logScale, type Scale } from "../scale.js";
import { axes, frame, r1, svg, type Frame } from "./frame.js";

/** One line (and/or markers) of a line chart: x and y of equal length; NaN, ±Inf (and y ≤ 0 on a log axis) leave gaps. */
export interface Series {
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: boolean;
  /** Draw a dot at each point (with a hover title); default false. */
  markers?: boolean;
  /** Draw the connecting line; default true. */
  line?: boolean;
  /** Stroke width (default 2). */
  width?: number;
}

/** What a line chart shows: series, axis titles, scales, optional reference lines. */
export interface LineChartSpec {
  label: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  logY?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Horizontal reference lines (e.g. gain = 1). */
  hLines?: { y: number; label: string }[];
  /** Vertical markers (e.g. the step of the first NaN). */
  vLines?: { x: number; label: string; color: string }[];
  width?: number;
  height?: number;
}

/** The y extent of series on a linear or log axis (null: nothing plottable). */
export function seriesExtent(series: Series[], log: boolean): [number, number] | null {
  return extent(series.flatMap((s) => Array.from(s.y)), log);
}

/** An SVG line chart: grid, ticks, axis titles, one path per series with gaps at unplottable values. */
export function lineChart(spec: LineChartSpec): string {
  const f: Frame = frame(spec.width, spec.height);
  const log = spec.logY ?? false;
  const xs = spec.xDomain ?? extent(spec.series.flatMap((s) => Array.from(s.x))) ?? [0, 1];
  const ys = spec.yDomain ?? seriesExtent(spec.series, log) ?? (log ? [0.1, 10] : [0, 1]);
  const ysPadded = pad(ys, log);
  const x = linearScale(xs, [f.left, f.right], 6);
  // NOTE: steps and layers are whole numbers; a tick at step 2.5 would name nothing.
  if (spec.series.every((s) => Array.from(s.x).every(Number.isInteger))) x.ticks = x.ticks.filter((t) => Number.isInteger(t.value));
  const y: Scale = log ? logScale(ysPadded, [f.bottom, f.top]) : linearScale(ysPadded, [f.bottom, f.top], 6);
  const ok = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const body: string[] = [axes(f, x, y, spec.xLabel, spec.yLabel)];
  for (const h of spec.hLines ?? []) {
    if (!ok(h.y) || h.y < y.domain[0] || h.y > y.domain[1]) continue;
    const py = r1(y(h.y));
    body.push(`<line class="ref" x1="${f.left}" x2="${f.right}" y1="${py}" y2="${py}"/><text class="ref-label" x="${f.right - 4}" y="${py}" dy="-0.35em" text-anchor="end">${esc(h.label)}</text>`);
  }
  for (const v of spec.vLines ?? []) {
    const px = r1(x(v.x));
    body.push(`<line x1="${px}" x2="${px}" y1="${f.top}" y2="${f.bottom}" stroke="${v.color}" stroke-width="1.5" stroke-dasharray="5 3"/><text class="ref-label" x="${px}" y="${f.top + 12}" dx="4" fill="${v.color}">${esc(v.label)}</text>`);
  }
  for (const s of spec.series) {
    const n = Math.min(s.x.length, s.y.length);
    if (s.line !== false) {
      let d = "", pen = false;
      for (let i = 0; i < n; i++) {
        if (!ok(s.y[i]) || !Number.isFinite(s.x[i])) { pen = false; continue; }
        d += `${pen ? "L" : "M"}${r1(x(s.x[i]))} ${r1(clampY(y(s.y[i]), f))}`;
        pen = true;
      }
      if (d) body.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}" stroke-linejoin="round"${s.dash ? ' stroke-dasharray="6 4"' : ""}><title>${esc(s.label)}</title></path>`);
    }
    if (s.markers) {
      for (let i = 0; i < n; i++) {
        if (!ok(s.y[i])) continue;
        body.push(`<circle cx="${r1(x(s.x[i]))}" cy="${r1(clampY(y(s.y[i]), f))}" r="3.5" fill="${s.color}"><title>${esc(s.label)}: ${fmt(s.x[i])} → ${fmt(s.y[i])}</title></circle>`);
      }
    }
  }
  return svg(f, spec.label, body.join(""));
}

/** Keeps a point that lies outside a fixed y domain on the frame's edge. */
function clampY(py: number, f: Frame): number {
  return Math.min(f.bottom, Math.max(f.top, py));
}

/** A y domain widened by 4% of its span on each side (in log space on a log axis), so that points on the extremes stay inside the frame. */
function pad(d: [number, number], log: boolean): [number, number] {
  if (!(d[1] > d[0])) return d;
  if (log) {
    const k = (d[1] / d[0]) ** 0.04;
    return [d[0] / k, d[1] * k];
  }
  const m = (d[1] - d[0]) * 0.04;
  return [d[0] - m, d[1] + m];
}
