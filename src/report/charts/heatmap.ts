import { esc } from "../html.js";
import { missingColors, viridis, viridisHex } from "../palette.js";
import { base64, encodePng } from "../png.js";
import { linearScale, logScale } from "../scale.js";
import { axisTitles, frame, r1, svg } from "./frame.js";

/** A layer × step heatmap on a log colour scale: rows[l][c] is layer l+1 at column c (training step steps[c]). */
export interface HeatmapSpec {
  /** Unique in the page (pattern ids, tooltip data key). */
  id: string;
  label: string;
  rows: Float64Array[];
  steps: number[];
  /** The colour scale's [min, max] of the values (positive), shared by the runs compared. */
  domain: [number, number];
  xLabel: string;
  yLabel: string;
  colorLabel: string;
}

/** The RGB bytes of a heatmap, one pixel per cell: viridis of log10(v) on the domain, white for NaN/±Inf, grey for 0. */
export function heatmapPixels(rows: Float64Array[], domain: [number, number]): Uint8Array {
  const cols = rows[0]?.length ?? 0;
  const out = new Uint8Array(rows.length * cols * 3);
  const a = Math.log10(domain[0]), b = Math.log10(domain[1]);
  rows.forEach((row, l) => {
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      const rgb = !Number.isFinite(v) ? missingColors.nonFinite : v <= 0 ? missingColors.zero : viridis(b > a ? (Math.log10(v) - a) / (b - a) : 0.5);
      out.set(rgb, (l * cols + c) * 3);
    }
  });
  return out;
}

/** Where training step `s` falls along the columns, as a fractional column index (columns are not evenly spaced in steps). */
function columnOf(steps: number[], s: number): number {
  if (s <= steps[0]) return 0;
  for (let c = 0; c + 1 < steps.length; c++) {
    if (s <= steps[c + 1]) return c + (s - steps[c]) / (steps[c + 1] - steps[c]);
  }
  return steps.length - 1;
}

/** The heatmap as SVG (an embedded PNG stretched over the plot, hatched non-finite cells, a log colour bar) with its legend. */
export function heatmap(spec: HeatmapSpec): string {
  const f = frame(600, 300, 104);
  const L = spec.rows.length, C = spec.steps.length;
  if (L === 0 || C === 0) return `<p class="empty">No records.</p>`;
  const w = f.right - f.left, h = f.bottom - f.top;
  const cx = (c: number) => f.left + ((c + 0.5) / C) * w;
  const png = base64(encodePng(C, L, heatmapPixels(spec.rows, spec.domain)));
  const parts: string[] = [];
  const hatch = `hatch-${spec.id}`;
  parts.push(`<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${missingColors.nonFiniteStroke}" stroke-width="3"/></pattern>`
    + `<linearGradient id="ramp-${spec.id}" x1="0" y1="1" x2="0" y2="0">${[0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1].map((t) => `<stop offset="${t}" stop-color="${viridisHex(t)}"/>`).join("")}</linearGradient></defs>`);
  parts.push(`<image class="heat" data-heat="${esc(spec.id)}" x="${f.left}" y="${f.top}" width="${w}" height="${h}" preserveAspectRatio="none" style="image-rendering:pixelated;image-rendering:crisp-edges" href="data:image/png;base64,${png}"/>`);
  let anyBad = false, anyZero = false;
  spec.rows.forEach((row, l) => {
    for (let c = 0; c < C; c++) {
      if (row[c] === 0) anyZero = true;
      if (Number.isFinite(row[c])) continue;
      anyBad = true;
      let e = c;
      while (e + 1 < C && !Number.isFinite(row[e + 1])) e++;
      parts.push(`<rect x="${r1(f.left + (c / C) * w)}" y="${r1(f.top + (l / L) * h)}" width="${r1(((e - c + 1) / C) * w)}" height="${r1(h / L)}" fill="url(#${hatch})"><title>layer ${l + 1}, step ${spec.steps[c]}: ${row[c]}</title></rect>`);
      c = e;
    }
  });
  const y = linearScale([1, L], [f.top + h / (2 * L), f.bottom - h / (2 * L)], Math.min(L, 8));
  if (!y.ticks.some((t) => t.value === 1)) y.ticks.unshift({ value: 1, label: "1" });
  for (const t of y.ticks) if (Number.isInteger(t.value) && (t.value === 1 || y(t.value) - y(1) > 12)) parts.push(`<text class="tick" x="${f.left - 6}" y="${r1(y(t.value))}" dy="0.32em" text-anchor="end">${t.label}</text>`);
  const x = linearScale([spec.steps[0], spec.steps[C - 1]], [0, 1], 6);
  for (const t of x.ticks) {
    if (!Number.isInteger(t.value)) continue;
    const px = r1(cx(columnOf(spec.steps, t.value)));
    parts.push(`<line class="tickmark" x1="${px}" x2="${px}" y1="${f.bottom}" y2="${f.bottom + 4}"/><text class="tick" y="${f.bottom + 16}" x="${px}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  parts.push(`<rect class="plot-frame" x="${f.left}" y="${f.top}" width="${w}" height="${h}"/>`);
  parts.push(axisTitles(f, spec.xLabel, spec.yLabel));
  parts.push(colorBar(f.right + 16, f.top, h, spec.domain, spec.id, spec.colorLabel));
  const items = [
    ...(anyBad ? [`<span><svg class="sw" viewBox="0 0 20 10"><rect width="20" height="10" fill="url(#${hatch})" stroke="#999"/></svg>NaN / ±Inf</span>`] : []),
    ...(anyZero ? [`<span><svg class="sw" viewBox="0 0 20 10"><rect width="20" height="10" fill="rgb(${missingColors.zero.join(",")})"/></svg>exactly 0</span>`] : []),
  ];
  return svg(f, spec.label, parts.join("")) + (items.length ? `<div class="legend">${items.join("")}</div>` : "");
}

/** A vertical log colour bar at (x, top) of height h with power-of-ten ticks and a rotated title. */
function colorBar(x: number, top: number, h: number, domain: [number, number], id: string, title: string): string {
  const s = logScale(domain, [top + h, top]);
  const ticks = s.ticks.map((t) => `<line class="tickmark" x1="${x + 14}" x2="${x + 18}" y1="${r1(s(t.value))}" y2="${r1(s(t.value))}"/><text class="tick" x="${x + 20}" y="${r1(s(t.value))}" dy="0.32em">${esc(t.label)}</text>`).join("");
  return `<rect x="${x}" y="${top}" width="14" height="${h}" fill="url(#ramp-${id})" stroke="#999" stroke-width="0.5"/>${ticks}`
    + `<text class="axis-title" transform="translate(${x + 78} ${r1(top + h / 2)}) rotate(90)" text-anchor="middle">${esc(title)}</text>`;
}

