/// <reference lib="dom" />
import { predictedProfile } from "../prediction.js";
import type { RunData } from "../run-data.js";
import { Chart } from "./chart.js";
import { okabeIto } from "./dom.js";

const positive = (v: number): number | null => (v > 0 && Number.isFinite(v) ? v : null);

/**
 * The depth profile of the latest record: ‖δ_l‖ and ‖∂L/∂W_l‖ against layer l (log scale), the
 * profile at the first record, and the mean-field prediction at init anchored at the measured ‖δ_L‖.
 */
export class DepthProfile {
  readonly chart = new Chart("Depth profile: per-layer norms now, at the start, and predicted", {
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: "layer (1 = input side)" }, { label: "norm (log)", size: 60 }],
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
    const col = (m: "deltaNorm" | "weightGradNorm", rec: number) => run.layers[m].map((c) => (rec < 0 ? null : positive(c[rec])));
    const now = col("deltaNorm", r);
    const gain = run.prediction.gain;
    const last = now[run.depth - 1];
    const predicted = gain !== null && last !== null ? predictedProfile(gain, last).map(positive) : layers.map(() => null);
    this.chart.setData([layers, now, col("weightGradNorm", r), col("deltaNorm", r >= 0 ? 0 : -1), predicted]);
  }
}
