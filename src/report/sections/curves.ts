import { figure, legend } from "../charts/frame.js";
import { lineChart, type Series } from "../charts/line-chart.js";
import { thinIndices } from "../downsample.js";
import { empty, runColumns, section } from "../layout.js";
import { okabeIto } from "../palette.js";
import { extent } from "../scale.js";
import type { ReportRun } from "../types.js";
import type { RunView } from "../views.js";

/** A recorded scalar as x = steps, y = values, thinned to about 500 points (non-finite points kept). */
export function scalarSeries(run: ReportRun, name: "loss" | "accuracy", label: string, color: string): Series {
  const rec = run.recording;
  const idx = thinIndices(rec.count, 500, rec.scalars[name]);
  return { label, color, x: idx.map((i) => rec.steps[i]), y: idx.map((i) => rec.scalars[name][i]) };
}

/** Whether a loss range should be drawn on a log axis: all positive and spanning more than 50×. */
export function wantsLog(range: [number, number] | null): boolean {
  return range !== null && range[0] > 0 && range[1] / range[0] > 50;
}

/** The vertical marker at the step of the first NaN/Inf, if the run met one. */
export function nanMarker(run: ReportRun): { x: number; label: string; color: string }[] {
  const nf = run.recording.nonFinite;
  return nf === null ? [] : [{ x: nf.step, label: "first NaN/Inf", color: okabeIto[1] }];
}

/** Loss (batch, recorded steps; test, evaluations) and accuracy curves, loss on one y range for all runs. */
export function curvesSection(views: RunView[]): string {
  const lossValues = views.flatMap((v) => [...Array.from(v.run.recording.scalars.loss.subarray(0, v.run.recording.count)), ...v.run.evaluations.map((e) => e.loss)]);
  const log = wantsLog(extent(lossValues));
  const lossDomain = extent(lossValues, log) ?? undefined;
  const body = runColumns(views, (v) => {
    const run = v.run;
    if (run.recording.count === 0) return figure("Loss", empty("No records."));
    const ev = run.evaluations;
    const loss: Series[] = [
      scalarSeries(run, "loss", "training batch", okabeIto[0]),
      ...(ev.length ? [{ label: "test split", color: okabeIto[1], x: ev.map((e) => e.step), y: ev.map((e) => e.loss), markers: true, dash: true }] : []),
    ];
    const acc: Series[] = [
      scalarSeries(run, "accuracy", "training batch", okabeIto[0]),
      ...(ev.length ? [{ label: "test split", color: okabeIto[1], x: ev.map((e) => e.step), y: ev.map((e) => e.accuracy), markers: true, dash: true }] : []),
    ];
    const hasAcc = acc.some((s) => Array.from(s.y).some(Number.isFinite));
    const xDomain: [number, number] = [run.recording.steps[0], Math.max(run.recording.steps[run.recording.count - 1], ...ev.map((e) => e.step), run.recording.steps[0] + 1)];
    const lossChart = figure("Loss", lineChart({
      label: "loss over training steps", xLabel: "training step", yLabel: log ? "loss (log)" : "loss", logY: log, series: loss, yDomain: lossDomain, xDomain, vLines: nanMarker(run),
    }) + legend(loss.map((s) => ({ label: s.label, color: s.color, dash: s.dash }))));
    const accChart = hasAcc
      ? figure("Accuracy", lineChart({ label: "accuracy over training steps", xLabel: "training step", yLabel: "accuracy", series: acc, yDomain: [0, 1], xDomain, vLines: nanMarker(run) })
        + legend(acc.map((s) => ({ label: s.label, color: s.color, dash: s.dash }))))
      : figure("Accuracy", empty("No accuracy: this is a regression run."));
    return lossChart + accChart;
  });
  return section("curves", "Loss and accuracy",
    "The training loss and accuracy of each recorded minibatch, and the loss and accuracy on the held-out test split at each evaluation.",
    body);
}
