import { gradientLegend } from "../charts/frame.js";
import type { Series } from "../charts/line-chart.js";
import { thinIndices } from "../downsample.js";
import { layerColor } from "../palette.js";
import type { LayerMetric } from "../../probes/recording.js";
import type { ReportRun } from "../types.js";

/** One series per hidden layer of a layer metric over the recorded steps (thinned to ~200 points), coloured by depth. */
export function layerSeries(run: ReportRun, metric: LayerMetric): Series[] {
  const rec = run.recording;
  const idx = thinIndices(rec.count, 200);
  return rec.layers[metric].map((values, l) => ({
    label: `layer ${l + 1}`, color: layerColor(l + 1, rec.depth), x: idx.map((i) => rec.steps[i]), y: idx.map((i) => values[i]),
  }));
}

/** The legend of layer lines: a ramp from layer 1 to layer L. */
export function layerLegend(depth: number): string {
  const stops = Array.from({ length: 6 }, (_, k) => layerColor(1 + (k * (depth - 1)) / 5, depth));
  return gradientLegend("line colour", stops, "layer 1", `layer ${depth}`);
}
