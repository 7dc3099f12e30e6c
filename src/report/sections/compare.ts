import { figure, legend } from "../charts/frame.js";
import { lineChart, type Series } from "../charts/line-chart.js";
import { esc } from "../html.js";
import { section } from "../layout.js";
import { lineColor } from "../palette.js";
import { extent } from "../scale.js";
import { profileAt, type RunView } from "../views.js";
import { scalarSeries, wantsLog } from "./curves.js";

const runLabel = (v: RunView) => (v.run.id !== undefined ? `#${v.run.id} ` : "") + v.run.name;

/** Overlays of several runs: the final depth profile of ‖δ_l‖ (last record with finite values) and the training loss. */
export function compareSection(views: RunView[]): string {
  const profiles: Series[] = views.filter((v) => v.lastFiniteRecord >= 0).map((v) => ({
    label: `${runLabel(v)} (step ${v.run.recording.steps[v.lastFiniteRecord]})`, color: lineColor(v.index),
    x: Array.from({ length: v.run.recording.depth }, (_, l) => l + 1), y: profileAt(v.run, "deltaNorm", v.lastFiniteRecord), markers: v.run.recording.depth <= 30,
  }));
  const losses = views.map((v) => ({ ...scalarSeries(v.run, "loss", runLabel(v), lineColor(v.index)) }));
  const log = wantsLog(extent(losses.flatMap((s) => Array.from(s.y))));
  const maxDepth = Math.max(2, ...views.map((v) => v.run.recording.depth));
  const body = `<div class="runs" style="--runs:2"><div class="run-col">${figure("Final depth profiles of ‖δ_l‖", lineChart({
    label: "final depth profiles of all runs", xLabel: "hidden layer l", yLabel: "‖δ_l‖ (log)", logY: true, series: profiles, xDomain: [1, maxDepth],
  }) + legend(profiles.map((s) => ({ label: s.label, color: s.color }))))}</div><div class="run-col">${figure("Training loss", lineChart({
    label: "training loss of all runs", xLabel: "training step", yLabel: log ? "loss (log)" : "loss", logY: log, series: losses,
  }) + legend(losses.map((s) => ({ label: s.label, color: s.color }))))}</div></div>`;
  return section("compare", "Runs compared", `${views.length} runs: ${esc(views.map(runLabel).join(", "))}. Each run below has its own column; colour scales and axes are shared so that columns compare directly.`, body);
}
