import { esc } from "../html.js";
import type { Scale } from "../scale.js";

/** The drawing box of a chart in SVG units: the whole size and the plot area inside the margins. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A frame of `width` × `height` with room for tick labels and axis titles. */
export function frame(width = 560, height = 300, rightMargin = 16): Frame {
  return { width, height, left: 66, right: width - rightMargin, top: 12, bottom: height - 46 };
}

/** Round to 0.1 SVG unit (smaller files, no visible change). */
export const r1 = (v: number): string => String(Math.round(v * 10) / 10);

/** Grid lines, ticks, tick labels and axis titles of an x and a y scale. */
export function axes(f: Frame, x: Scale, y: Scale, xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  for (const t of y.ticks) {
    const py = r1(y(t.value));
    parts.push(`<line class="grid" x1="${f.left}" x2="${f.right}" y1="${py}" y2="${py}"/><text class="tick" x="${f.left - 6}" y="${py}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`);
  }
  for (const t of x.ticks) {
    const px = r1(x(t.value));
    parts.push(`<line class="grid" y1="${f.top}" y2="${f.bottom}" x1="${px}" x2="${px}"/><text class="tick" y="${f.bottom + 16}" x="${px}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  parts.push(`<rect class="plot-frame" x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/>`);
  parts.push(axisTitles(f, xLabel, yLabel));
  return parts.join("");
}

/** The x title under the plot and the rotated y title left of it. */
export function axisTitles(f: Frame, xLabel: string, yLabel: string): string {
  const midY = (f.top + f.bottom) / 2;
  return `<text class="axis-title" x="${r1((f.left + f.right) / 2)}" y="${f.height - 8}" text-anchor="middle">${esc(xLabel)}</text>`
    + `<text class="axis-title" transform="translate(15 ${r1(midY)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`;
}

/** An inline SVG element with a viewBox (it scales to its container) and an accessible label. */
export function svg(f: Frame, label: string, body: string, cls = "chart-svg"): string {
  return `<svg class="${cls}" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

/** One legend entry: a line (or dashed line, or dot) swatch and its label. */
export interface LegendItem {
  label: string;
  color: string;
  dash?: boolean;
  dot?: boolean;
}

/** An HTML legend of swatches (wraps on narrow screens). */
export function legend(items: LegendItem[]): string {
  const swatch = (i: LegendItem) => i.dot
    ? `<svg class="sw" viewBox="0 0 20 10"><circle cx="10" cy="5" r="4" fill="${i.color}"/></svg>`
    : `<svg class="sw" viewBox="0 0 20 10"><line x1="1" x2="19" y1="5" y2="5" stroke="${i.color}" stroke-width="2.5"${i.dash ? ' stroke-dasharray="4 3"' : ""}/></svg>`;
  return `<div class="legend">${items.map((i) => `<span>${swatch(i)}${esc(i.label)}</span>`).join("")}</div>`;
}

/** A legend for one line per layer: a gradient from the first to the last layer's colour. */
export function gradientLegend(label: string, colors: string[], from: string, to: string): string {
  return `<div class="legend"><span>${esc(label)}: ${esc(from)} <span class="ramp" style="background:linear-gradient(90deg,${colors.join(",")})"></span> ${esc(to)}</span></div>`;
}

/** A chart with its title, the SVG, a legend and an optional note under it. */
export function figure(title: string, body: string, note = ""): string {
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption>${body}${note ? `<p class="note">${note}</p>` : ""}</figure>`;
}

/** A figure that spans the whole row of a single run's chart grid. */
export function wideFigure(title: string, body: string, note = ""): string {
  return figure(title, body, note).replace('<figure class="chart">', '<figure class="chart wide">');
}
