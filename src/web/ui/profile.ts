/// <reference lib="dom" />
import { predictedProfile } from "../../theory/gain-prediction.js";
import type { RunData } from "../run-data.js";
import { Chart } from "./chart.js";
import { okabeIto } from "./dom.js";

/** log10 of a positive finite value, else a gap (the chart's y is log10 on a linear scale: uPlot's log axis cannot span 100 decades). */
const log10 = (v: number): number | null => (v > 0 && Number.isFinite(v) ? Math.log10(v) : null);
const tick = (e: number | null): string => (e === null ? "" : Number.isInteger(e) ? (e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`) : "");

/**
 * The depth profile of the latest record: ‖δ_l‖ and ‖∂L/∂W_l‖ against layer l (log scale), the
 * profile at the first record, and the mean-field prediction at init anchored at the measured ‖δ_L‖.
 */
export class DepthProfile {
  readonly chart = new Chart("Depth profile: per-layer norms now, at the start, and predicted", {
    scales: { x: { time: false } },
    axes: [{ label: "layer (1 = input side)", incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: "norm (log scale)", size: 56, incrs: [1, 2, 5, 10, 20, 50, 100], values: (_u, splits) => splits.map(tick) }],
    series: [
      { label: "layer" },
      { label: "‖δ_l‖ now", stroke: okabeIto[0], width: 2, points: { show: false } },
      { label: "‖∂L/∂W_l‖ now", stroke: okabeIto[1], width: 2, points: { show: false } },
      { label: "‖δ_l‖ at start", stroke: okabeIto[4], width: 1, points: { show: false } },
      { label: "mean-field prediction", stroke: okabeIto[7], dash: [6, 4], width: 1.5, points: { show: false } },
    ],
  });
  readonly element = this.chart.element;

  /** Redraws from a run's data. */
  draw(run: RunData): void {
    const r = run.steps.length - 1;
    const layers = Array.from({ length: run.depth }, (_, l) => l + 1);
    const col = (m: "deltaNorm" | "weightGradNorm", rec: number) => run.layers[m].map((c) => (rec < 0 ? null : log10(c[rec])));
    const now = col("deltaNorm", r);
    const gain = run.prediction.gain;
    const last = now[run.depth - 1];
    const predicted = gain !== null && last !== null ? predictedProfile(gain, 10 ** last).map(log10) : layers.map(() => null);
    this.chart.setData([layers, now, col("weightGradNorm", r), col("deltaNorm", r >= 0 ? 0 : -1), predicted]);
  }
}
