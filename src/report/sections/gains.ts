import { figure, legend } from "../charts/frame.js";
import { lineChart } from "../charts/line-chart.js";
import { esc, fmt } from "../html.js";
import type { GainsView } from "../gains.js";
import { empty } from "../layout.js";
import { okabeIto } from "../palette.js";
import { extent } from "../scale.js";

/** The shared log y range of the gain charts of all runs (always including 1). */
export function gainDomain(gains: GainsView[]): [number, number] {
  const all = gains.flatMap((g) => [...g.measured, ...(g.predicted ?? [])]);
  const e = extent([...all, 1], true) ?? [0.5, 2];
  return [Math.min(e[0], 0.8), Math.max(e[1], 1.25)];
}

/** Predicted (mean-field) vs measured per-layer gain ‖δ_l‖/‖δ_{l+1}‖ at the first record of a run. */
export function gainFigure(g: GainsView, domain: [number, number]): string {
  if (g.layers.length === 0) return figure("Per-layer gain", empty("A single hidden layer has no layer-to-layer gain."));
  const series = [
    ...(g.predicted ? [{ label: "predicted (mean field)", color: okabeIto[0], x: g.layers, y: g.predicted }] : []),
    { label: `measured at step ${g.step}`, color: okabeIto[1], x: g.layers, y: g.measured, markers: true, line: false },
  ];
  const gm = `Geometric mean gain: measured ${fmt(g.geometricMean.measured)}` + (g.geometricMean.predicted === null ? "" : `, predicted ${fmt(g.geometricMean.predicted)}`);
  return figure("Per-layer gain ‖δ_l‖ / ‖δ_{l+1}‖", lineChart({
    label: "predicted and measured per-layer gain", xLabel: "hidden layer l", yLabel: "gain (log)", logY: true, series, yDomain: domain,
    xDomain: [1, Math.max(2, g.layers.length)], hLines: [{ y: 1, label: "gain 1: signal preserved" }],
  }) + legend(series.map((s) => ({ label: s.label, color: s.color, dot: s.line === false }))), `${esc(gm)}. ${esc(g.note)}`);
}
