import { figure, legend, wideFigure } from "../charts/frame.js";
import { histogramChart } from "../charts/histogram.js";
import { lineChart } from "../charts/line-chart.js";
import { empty, runColumns, section } from "../layout.js";
import { okabeIto } from "../palette.js";
import type { ReportRun } from "../types.js";
import type { RunView } from "../views.js";
import { layerLegend, layerSeries } from "./layer-lines.js";

/** At most this many per-layer histograms per run (evenly spaced layers, first and last included). */
export const MAX_HISTOGRAMS = 12;

/** The layers (1-based) whose histograms are drawn: all, or MAX_HISTOGRAMS evenly spaced ones. */
export function histogramLayers(depth: number): number[] {
  if (depth <= MAX_HISTOGRAMS) return Array.from({ length: depth }, (_, l) => l + 1);
  return [...new Set(Array.from({ length: MAX_HISTOGRAMS }, (_, k) => 1 + Math.round((k * (depth - 1)) / (MAX_HISTOGRAMS - 1))))];
}

/** Shares of layer l's activations (1-based) per bin at record r: counts / their sum (NaN when nothing was binned). */
export function binShares(run: ReportRun, l: number, r: number): number[] {
  const h = run.recording.histogram;
  const bins = h.edges.length - 1;
  const row = Array.from(h.counts[l - 1].subarray(r * bins, (r + 1) * bins));
  const total = row.reduce((s, c) => s + c, 0);
  return row.map((c) => c / total);
}

function histograms(v: RunView): string {
  const run = v.run, rec = run.recording;
  if (rec.count === 0 || rec.histogram.counts.length === 0) return wideFigure("Activation histograms", empty("No histograms recorded."));
  const first = 0, last = rec.count - 1;
  const layers = histogramLayers(rec.depth);
  const cells = layers.map((l) => histogramChart(`layer ${l}`, rec.histogram.edges, [
    { label: `step ${rec.steps[first]}`, color: okabeIto[0], fractions: binShares(run, l, first), filled: true },
    ...(last > first ? [{ label: `step ${rec.steps[last]}`, color: okabeIto[1], fractions: binShares(run, l, last) }] : []),
  ]));
  const items = [{ label: `step ${rec.steps[first]} (first, filled)`, color: okabeIto[0] }, ...(last > first ? [{ label: `step ${rec.steps[last]} (last)`, color: okabeIto[1] }] : [])];
  const shown = layers.length < rec.depth ? ` ${layers.length} of ${rec.depth} layers shown, evenly spaced.` : "";
  return wideFigure("Activation histograms a_l", legend(items) + `<div class="minis">${cells.join("")}</div>`,
    `x: activation value a_l; y: share of the batch's (example, unit) values per bin; the outer bins beyond the dashed lines hold everything below and above the binned range.${shown}`);
}

function fractions(v: RunView): string {
  const run = v.run, rec = run.recording;
  if (rec.count === 0) return "";
  const sat = figure("Saturated fraction", lineChart({
    label: "saturated fraction per layer over steps", xLabel: "training step", yLabel: "share with |φ′| < 1% of max", series: layerSeries(run, "saturatedFraction"), yDomain: [0, 1],
  }) + layerLegend(rec.depth));
  const canDie = rec.layerInfo.some((i) => i.canDie);
  const dead = canDie
    ? figure("Dead fraction", lineChart({ label: "dead unit fraction per layer over steps", xLabel: "training step", yLabel: "share of dead units", series: layerSeries(run, "deadFraction"), yDomain: [0, 1] }) + layerLegend(rec.depth))
    : figure("Dead fraction", empty(`No ReLU-family layers (${[...new Set(rec.layerInfo.map((i) => i.activation))].join(", ")}): units cannot die.`));
  return sat + dead;
}

/** Activation histograms at the first and last record, and the saturated / dead fractions over time. */
export function activationsSection(views: RunView[]): string {
  return section("activations", "Activations: distribution, saturation and dead units",
    "Saturated units (|φ′(h)| below 1% of its maximum) pass almost no gradient back; dead ReLU units pass none. Histograms piling up at the ends of a bounded activation, or at 0 for ReLU, explain a vanishing signal.",
    runColumns(views, (v) => histograms(v) + fractions(v)));
}
