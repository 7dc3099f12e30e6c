import { heatmap } from "../charts/heatmap.js";
import { figure, legend } from "../charts/frame.js";
import { lineChart } from "../charts/line-chart.js";
import { fmt } from "../html.js";
import { empty, runColumns, section } from "../layout.js";
import { lineColor } from "../palette.js";
import { MAX_COLUMNS, profileAt, sharedExtent, type RunView } from "../views.js";

const metricText = {
  deltaNorm: { title: "Backprop signal ‖δ_l‖ = ‖∂L/∂h_l‖", color: "‖δ_l‖ (log)" },
  weightGradNorm: { title: "Weight gradient ‖∂L/∂W_l‖", color: "‖∂L/∂W_l‖ (log)" },
} as const;

/** The heatmap id of run i's metric (pattern ids and the tooltip's data key). */
export const heatId = (i: number, metric: keyof typeof metricText): string => `r${i}-${metric}`;

/** Layer × step heatmaps of ‖δ_l‖ and ‖∂L/∂W_l‖ on log colour scales shared by all runs. */
export function heatmapsSection(views: RunView[]): string {
  const metrics = ["deltaNorm", "weightGradNorm"] as const;
  const domains = metrics.map((metric) => sharedExtent(views, (v) => v.heat[metric]) ?? ([0.1, 10] as [number, number]));
  const body = runColumns(views, (v) => metrics.map((metric, k) => {
    const t = metricText[metric];
    if (v.run.recording.count === 0) return figure(t.title, empty("No records."));
    const bucketed = v.columns.step.length < v.run.recording.count;
    return figure(t.title, heatmap({
      id: heatId(v.index, metric), label: `${t.title} per layer and step`, rows: v.heat[metric], steps: v.columns.step, domain: domains[k],
      xLabel: "training step", yLabel: "hidden layer l (1 = input side)", colorLabel: t.color,
    }), bucketed ? `${v.run.recording.count} records shown as ${MAX_COLUMNS} columns (geometric mean per column).` : "");
  }).join(""));
  return section("heatmaps", "Signal and gradient over depth and time",
    "Each cell is one hidden layer at one recorded step. A colour gradient from top to bottom means the signal shrinks (vanishes) or grows (explodes) on its way back to the input. Both maps share one colour scale across runs.",
    body);
}

/** The shared log y range of the depth profiles of all runs. */
export function profileDomain(views: RunView[]): [number, number] | undefined {
  return sharedExtent(views, (v) => v.profileRecords.map((r) => profileAt(v.run, "deltaNorm", r))) ?? undefined;
}

/** ‖δ_l‖ against depth at the first, middle and last recorded steps of a run, log y. */
export function profileFigure(v: RunView, domain: [number, number] | undefined): string {
  const rec = v.run.recording;
  if (rec.count === 0) return figure("Depth profile of ‖δ_l‖", empty("No records."));
  const layers = Array.from({ length: rec.depth }, (_, l) => l + 1);
  const series = v.profileRecords.map((r, k) => ({
    label: `step ${rec.steps[r]}${profileAt(v.run, "deltaNorm", r).some(Number.isFinite) ? "" : " (all NaN/Inf)"}`, color: lineColor(k), x: layers, y: profileAt(v.run, "deltaNorm", r),
    markers: rec.depth <= 30 && (k === 0 || k === v.profileRecords.length - 1), dash: k === 1, width: [3.5, 2.5, 1.8][k],
  }));
  const first = series[0].y, last = series[series.length - 1].y;
  const note = `‖δ₁‖/‖δ_L‖ = ${fmt(first[0] / first[rec.depth - 1])} at step ${rec.steps[0]}, ${fmt(last[0] / last[rec.depth - 1])} at step ${rec.steps[rec.count - 1]}.`;
  return figure("Depth profile of ‖δ_l‖", lineChart({
    label: "‖δ_l‖ per layer at chosen steps", xLabel: "hidden layer l", yLabel: "‖δ_l‖ (log)", logY: true, series, yDomain: domain, xDomain: [1, Math.max(2, rec.depth)],
  }) + legend(series.map((s) => ({ label: s.label, color: s.color, dash: s.dash }))), note);
}
