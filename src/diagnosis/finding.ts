import type { ActivationSpec } from "../nn/activations.js";
import type { ClipSpec } from "../nn/clipping.js";
import type { InitSpec } from "../nn/initializers.js";
import type { NormSpec, ResidualSpec } from "../nn/network-spec.js";
import type { OptimizerName, OptimizerSpec } from "../nn/optim/index.js";
import type { RegularizationSpec } from "../nn/regularization.js";
import type { Thresholds } from "./thresholds.js";

/** How bad a finding is: info (worth knowing), warning (training is impaired), critical (training is failing). */
export type Severity = "info" | "warning" | "critical";

/** The severities from worst to mildest (the sort order of `diagnose`). */
export const severities: readonly Severity[] = ["critical", "warning", "info"];

/** One level milder: critical → warning → info. */
export const milder = (s: Severity): Severity => (s === "critical" ? "warning" : "info");

/** The worse of two severities (null: none yet). */
export function worst(a: Severity | null, b: Severity): Severity {
  return a === null || severities.indexOf(b) < severities.indexOf(a) ? b : a;
}

/** What a finding is about; one rule per kind. */
export type FindingKind =
  | "nonFinite" | "exploding" | "divergence" | "vanishing" | "deadRelu" | "saturation" | "stalled" | "unequalSpeed";

/** One number that justifies a finding: what it measures, its value and its unit or scale. */
export interface Evidence {
  name: string;
  value: number;
  /** E.g. "ratio", "×/layer", "fraction", "step", "‖·‖₂". */
  unit: string;
  /** The 1-based layer it belongs to, where it belongs to one. */
  layer?: number;
}

/** A JSON value (what a config patch may set). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A partial config change: dotted paths into { model: NetworkSpec, training: TrainingSpec }
 * → the new value, e.g. { "model.norm.kind": "batch" } or { "training.lr": 0.01 }.
 */
export type ConfigPatch = Record<string, Json>;

/** A config change a finding recommends: an id for the doctor, a label, why it helps (in the seed's terms) and the change. */
export interface Remedy {
  id: string;
  label: string;
  why: string;
  change: ConfigPatch;
}

/** One diagnosis result: kind, severity, the layers and steps concerned, the numbers, an explanation and ranked remedies. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  title: string;
  /** 1-based hidden layers concerned (empty when the whole run is). */
  layers: number[];
  /** First and last training step concerned. */
  steps: { first: number; last: number };
  evidence: Evidence[];
  /** Plain language for a learner, with the numbers. */
  explanation: string;
  /** Best first. */
  remedies: Remedy[];
}

/** The current model config as far as it is known (a part of NetworkSpec). */
export interface ModelContext {
  activation?: string | ActivationSpec | (string | ActivationSpec)[];
  init?: string | InitSpec;
  biasInit?: string | InitSpec;
  norm?: Partial<NormSpec>;
  residual?: Partial<ResidualSpec>;
  widths?: number[];
}

/** The current training config as far as it is known (a part of TrainingSpec). */
export interface TrainingContext {
  lr?: number;
  optimizer?: OptimizerSpec | OptimizerName;
  clip?: ClipSpec | null;
  regularization?: RegularizationSpec;
}

/** A deep partial of the thresholds, to override some of them. */
export type ThresholdOverrides = { [R in keyof Thresholds]?: Partial<Thresholds[R]> };

/** What `diagnose` may know besides the recording: the config (so remedies skip what is in place) and threshold overrides. */
export interface DiagnosisContext {
  model?: ModelContext;
  training?: TrainingContext;
  thresholds?: ThresholdOverrides;
}
