import type { Finding } from "../diagnosis/finding.js";
import type { Evaluation, SessionStatus } from "../experiment/session/session.js";
import type { JsonNumber, RecordingJson } from "../probes/serialize.js";
import type { LayerInfo, NonFiniteEvent } from "../probes/recording.js";
import { viewLayerMetrics, type BoundaryGrid, type GainPredictionView, type PlanePoints, type ReadyInfo, type RunUpdate, type ViewLayerMetric } from "./protocol.js";

/** Everything the views draw of one run, live or stored: records (columns), latest histogram, findings. */
export interface RunData {
  depth: number;
  layerInfo: LayerInfo[];
  totalSteps: number;
  description: string;
  engine: string;
  classes: number;
  prediction: GainPredictionView;
  plane: PlanePoints | null;
  histogramEdges: number[];
  /** Training step of each record. */
  steps: number[];
  loss: number[];
  accuracy: number[];
  /** metric → [layer][record]. */
  layers: Record<ViewLayerMetric, number[][]>;
  /** Activation histogram of the latest record, [layer][bin]. */
  histogram: number[][] | null;
  evaluations: Evaluation[];
  nonFinite: NonFiniteEvent | null;
  boundary: BoundaryGrid | null;
  findings: Finding[] | null;
  final: RunUpdate["final"];
  step: number;
  status: SessionStatus;
  stepsPerSecond: number;
}

/** An empty RunData for a run the worker has just set up. */
export function runDataOf(info: ReadyInfo): RunData {
  const layers = {} as Record<ViewLayerMetric, number[][]>;
  for (const m of viewLayerMetrics) layers[m] = Array.from({ length: info.depth }, () => []);
  return {
    depth: info.depth, layerInfo: info.layerInfo, totalSteps: info.totalSteps, description: info.description, engine: info.engine,
    classes: info.classes, prediction: info.prediction, plane: info.plane, histogramEdges: info.histogramEdges,
    steps: [], loss: [], accuracy: [], layers, histogram: null, evaluations: [], nonFinite: null, boundary: null,
    findings: null, final: null, step: 0, status: "running", stepsPerSecond: 0,
  };
}

/** Appends a worker update to the run's data (records at their index; the rest replaced when present). */
export function applyUpdate(run: RunData, u: RunUpdate): void {
  const r = u.records;
  run.steps.length = r.from;
  run.loss.length = r.from;
  run.accuracy.length = r.from;
  run.steps.push(...r.steps);
  run.loss.push(...r.loss);
  run.accuracy.push(...r.accuracy);
  for (const m of viewLayerMetrics) {
    run.layers[m].forEach((col, l) => {
      col.length = r.from;
      col.push(...r.layers[m][l]);
    });
  }
  if (u.histogram !== null) run.histogram = u.histogram;
  run.evaluations.push(...u.evaluations);
  run.nonFinite = u.nonFinite;
  if (u.boundary !== null) run.boundary = u.boundary;
  if (u.findings !== null) run.findings = u.findings;
  if (u.final !== null) run.final = u.final;
  run.step = u.step;
  run.status = u.status;
  run.stepsPerSecond = u.stepsPerSecond;
}

const num = (v: JsonNumber): number => (typeof v === "number" ? v : Number(v));

/** A stored run's RunData: its recording (toJSON form), findings and summary; no boundary (the data are not stored). */
export function runDataFromRecording(json: RecordingJson, findings: Finding[], meta: { description: string; engine: string; status: SessionStatus; totalSteps: number; evaluations?: Evaluation[] }): RunData {
  const layers = {} as Record<ViewLayerMetric, number[][]>;
  for (const m of viewLayerMetrics) layers[m] = json.layers[m].map((col) => col.map(num));
  const bins = json.histogram.edges.length - 1;
  const last = json.count - 1;
  return {
    depth: json.depth, layerInfo: json.layerInfo, totalSteps: meta.totalSteps, description: meta.description, engine: meta.engine,
    classes: 0, prediction: { gain: null, geometricMean: NaN, note: "The mean-field prediction is drawn for runs trained in the page." }, plane: null,
    histogramEdges: json.histogram.edges.map(num),
    steps: json.steps, loss: json.scalars.loss.map(num), accuracy: json.scalars.accuracy.map(num), layers,
    histogram: last < 0 ? null : json.histogram.counts.map((c) => c.slice(last * bins, (last + 1) * bins)),
    evaluations: meta.evaluations ?? [], nonFinite: json.nonFinite === null ? null : { ...json.nonFinite, value: num(json.nonFinite.value) },
    boundary: null, findings, final: null, step: json.steps[last] ?? 0, status: meta.status, stepsPerSecond: 0,
  };
}

/** ‖δ_1‖/‖δ_L‖ at the latest record (NaN before the first): < 1 vanishing toward the input, > 1 exploding. */
export function inputOutputRatio(run: RunData): number {
  const d = run.layers.deltaNorm;
  const r = run.steps.length - 1;
  if (r < 0 || d.length === 0) return NaN;
  return d[0][r] / d[d.length - 1][r];
}
