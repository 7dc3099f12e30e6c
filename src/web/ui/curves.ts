/// <reference lib="dom" />
import type { RunData } from "../run-data.js";
import { Chart } from "./chart.js";
import { okabeIto } from "./dom.js";

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** Loss and accuracy against the step: training batch (every record) and test split (every evaluation). */
export class Curves {
  readonly chart = new Chart("Loss and accuracy", {
    scales: { x: { time: false }, acc: { range: [0, 1] } },
    axes: [{ label: "step" }, { label: "loss", size: 50 }, { scale: "acc", side: 1, label: "accuracy", grid: { show: false }, size: 50 }],
    series: [
      { label: "step" },
      { label: "train loss", stroke: okabeIto[0], width: 2, points: { show: false } },
      { label: "test loss", stroke: okabeIto[5], width: 2, spanGaps: true, points: { show: true } },
      { label: "train acc", stroke: okabeIto[2], width: 1.5, scale: "acc", points: { show: false } },
      { label: "test acc", stroke: okabeIto[3], width: 1.5, scale: "acc", spanGaps: true, points: { show: true } },
    ],
  });
  readonly element = this.chart.element;

  /** Redraws from a run's data: x is the union of record and evaluation steps. */
  draw(run: RunData): void {
    const byStep = new Map<number, [number | null, number | null, number | null, number | null]>();
    run.steps.forEach((s, r) => byStep.set(s, [finite(run.loss[r]), null, finite(run.accuracy[r]), null]));
    for (const e of run.evaluations) {
      const row = byStep.get(e.step) ?? [null, null, null, null];
      row[1] = finite(e.loss);
      row[3] = finite(e.accuracy);
      byStep.set(e.step, row);
    }
    const xs = [...byStep.keys()].sort((a, b) => a - b);
    const rows = xs.map((s) => byStep.get(s)!);
    this.chart.setData([xs, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])]);
  }
}
