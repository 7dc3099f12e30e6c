import { figure, legend } from "../charts/frame.js";
import { lineChart } from "../charts/line-chart.js";
import { empty, runColumns, section } from "../layout.js";
import { lineColor } from "../palette.js";
import { profileAt, sharedExtent, type RunView } from "../views.js";
import { layerLegend, layerSeries } from "./layer-lines.js";

const rule = [{ y: 1e-3, label: "10⁻³ (rule of thumb)" }];

/** ‖ΔW_l‖/‖W_l‖ per layer over the steps, and against depth at the profile steps; log y shared by all runs. */
export function updatesSection(views: RunView[]): string {
  const domain = sharedExtent(views, (v) => v.run.recording.layers.updateRatio.map((a) => a.subarray(0, v.run.recording.count))) ?? undefined;
  const body = runColumns(views, (v) => {
    const rec = v.run.recording;
    if (rec.count === 0) return figure("Update / weight ratio", empty("No records."));
    const layers = Array.from({ length: rec.depth }, (_, l) => l + 1);
    const profiles = v.profileRecords.map((r, k) => ({
      label: `step ${rec.steps[r]}`, color: lineColor(k), x: layers, y: profileAt(v.run, "updateRatio", r), markers: true, dash: k === 1, width: [3.5, 2.5, 1.8][k],
    }));
    return figure("Update / weight ratio over training", lineChart({
      label: "update to weight ratio per layer over steps", xLabel: "training step", yLabel: "‖ΔW_l‖ / ‖W_l‖ (log)", logY: true, series: layerSeries(v.run, "updateRatio"), yDomain: domain, hLines: rule,
    }) + layerLegend(rec.depth))
      + figure("Update / weight ratio per layer", lineChart({
        label: "update to weight ratio against depth at chosen steps", xLabel: "hidden layer l", yLabel: "‖ΔW_l‖ / ‖W_l‖ (log)", logY: true, series: profiles, yDomain: domain,
        xDomain: [1, Math.max(2, rec.depth)], hLines: rule,
      }) + legend(profiles.map((s) => ({ label: s.label, color: s.color, dash: s.dash }))));
  });
  return section("updates", "How fast each layer learns",
    "The relative size of each step's weight update ‖ΔW_l‖/‖W_l‖. Layers whose ratio sits orders of magnitude below the others barely learn — the practical face of a vanishing gradient; ratios near 1 rewrite the weights every step.",
    body);
}
