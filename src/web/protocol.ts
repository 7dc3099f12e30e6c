import type { Finding } from "../diagnosis/finding.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import type { Evaluation, SessionStatus } from "../experiment/session/session.js";
import type { LayerInfo, NonFiniteEvent } from "../probes/recording.js";

/** The per-layer metrics the page draws (a subset of the recording's LayerMetric). */
export const viewLayerMetrics = ["deltaNorm", "weightGradNorm", "saturatedFraction", "deadFraction"] as const;

/** One of the per-layer metrics the page draws. */
export type ViewLayerMetric = (typeof viewLayerMetrics)[number];

/** The 2-D training points shown under the decision boundary: x [n, 2] row-major, labels [n]. */
export interface PlanePoints {
  x: Float32Array;
  labels: Int32Array;
  /** The square [lo, hi]² the grid covers (standardized input coordinates). */
  lo: number;
  hi: number;
}

/** The network's prediction on a side × side grid over [lo, hi]²: winning class and its probability per cell, row 0 at hi (top). */
export interface BoundaryGrid {
  side: number;
  classes: Int32Array;
  confidence: Float32Array;
}

/** Mean-field prediction of the per-layer gain ‖δ_l‖/‖δ_{l+1}‖ at initialization (l = 1…L−1), or why there is none. */
export interface GainPredictionView {
  gain: number[] | null;
  /** Geometric mean of the predicted gains (mean-field √χ₁ along the depth). */
  geometricMean: number;
  /** Why no prediction is shown (batch norm, skip connections, dropout): empty when there is one. */
  note: string;
}

/** What the worker tells the page once a run is set up. */
export interface ReadyInfo {
  depth: number;
  widths: number[];
  layerInfo: LayerInfo[];
  totalSteps: number;
  description: string;
  classes: number;
  engine: string;
  prediction: GainPredictionView;
  /** The training points, for 2-D data only. */
  plane: PlanePoints | null;
  /** The histogram's bin edges (first −∞, last +∞). */
  histogramEdges: number[];
}

/** New records since the last update: steps and per-layer columns [layer][record], and the scalars. */
export interface RecordsDelta {
  /** Index of the first record in this delta. */
  from: number;
  steps: number[];
  loss: number[];
  accuracy: number[];
  layers: Record<ViewLayerMetric, number[][]>;
}

/** A compact progress update from the worker (about 20 a second while playing). */
export interface RunUpdate {
  step: number;
  status: SessionStatus;
  records: RecordsDelta;
  /** Activation histogram counts of the latest record, [layer][bin]; null before the first record. */
  histogram: number[][] | null;
  /** Test evaluations made since the last update. */
  evaluations: Evaluation[];
  nonFinite: NonFiniteEvent | null;
  /** Decision boundary (2-D data), when recomputed. */
  boundary: BoundaryGrid | null;
  /** Findings of the recording so far: sent at pause, single step and the end. */
  findings: Finding[] | null;
  /** Final train and test evaluation, at the end only. */
  final: { train: Evaluation; test: Evaluation } | null;
  /** Steps per second of training (wall time of step() calls) so far. */
  stepsPerSecond: number;
}

/** Page → worker. */
export type ToWorker =
  | { type: "init"; config: ExperimentConfig }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step" };

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; info: ReadyInfo }
  | { type: "update"; update: RunUpdate }
  | { type: "error"; message: string };
