import type { LayerMetric } from "../probes/recording.js";
import { bucketGeometric, columnsOf, type Columns } from "./downsample.js";
import { extent } from "./scale.js";
import type { ReportRun } from "./types.js";

/** The most heatmap columns per run: longer runs are bucketed (geometric mean per bucket). */
export const MAX_COLUMNS = 400;

/** What the sections draw of one run, computed once: its heatmap columns and the record indices of its depth profiles. */
export interface RunView {
  run: ReportRun;
  /** Position among the runs (0-based): colour and ids. */
  index: number;
  columns: Columns;
  /** Bucketed layer × column values of the log-scale heatmap metrics. */
  heat: Record<"deltaNorm" | "weightGradNorm", Float64Array[]>;
  /** Records of the depth profiles: first, middle and last recorded step (distinct). */
  profileRecords: number[];
  /** The last record whose ‖δ‖ are all finite (the final profile of a diverged run), or −1. */
  lastFiniteRecord: number;
}

/** The records 0, ⌊(n−1)/2⌋ and n−1 without repeats (empty for n = 0). */
export function profileRecordsOf(n: number): number[] {
  return n === 0 ? [] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
}

/** The view of one run. */
export function runView(run: ReportRun, index: number): RunView {
  const rec = run.recording;
  const columns = columnsOf(rec.steps, rec.count, MAX_COLUMNS);
  const bucket = (m: LayerMetric) => rec.layers[m].map((values) => bucketGeometric(values, columns));
  let lastFiniteRecord = -1;
  for (let r = rec.count - 1; r >= 0 && lastFiniteRecord < 0; r--) {
    if (rec.layers.deltaNorm.every((v) => Number.isFinite(v[r]))) lastFiniteRecord = r;
  }
  return { run, index, columns, heat: { deltaNorm: bucket("deltaNorm"), weightGradNorm: bucket("weightGradNorm") }, profileRecords: profileRecordsOf(rec.count), lastFiniteRecord };
}

/** The positive finite extent of the arrays `values` picks from every run (one scale shared by the runs), or null. */
export function sharedExtent(views: RunView[], values: (v: RunView) => Iterable<Iterable<number>>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of views) {
    for (const a of values(v)) {
      const e = extent(a, true);
      if (e !== null) { lo = Math.min(lo, e[0]); hi = Math.max(hi, e[1]); }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Values of a layer metric at record r for layers 1…L. */
export function profileAt(run: ReportRun, metric: LayerMetric, r: number): number[] {
  return run.recording.layers[metric].map((v) => v[r]);
}
