import type { ConfigPatch, Finding, Remedy } from "../diagnosis/finding.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import type { ExperimentSession, SessionResult } from "../experiment/session/session.js";

/**
 * The gradient health and the outcome of one short training, the numbers a candidate is ranked by.
 * signalRatio is ‖δ_1‖/‖δ_L‖ (1 is ideal); ratioDistance = |log10 signalRatio| of the late window.
 */
export interface Health {
  /** How the training ended: completed, nonfinite (NaN/Inf) or stopped. */
  status: SessionResult["status"];
  /** Findings of severity critical, warning and info, and the kinds of the warning/critical ones. */
  findings: { critical: number; warning: number; info: number; kinds: string[] };
  /** ‖δ_1‖/‖δ_L‖ at the first record and the median over the last tenth of the records. */
  signalRatio: { first: number; last: number };
  /** |log10 ‖δ_1‖/‖δ_L‖| of the late median: orders of magnitude between the first and the last layer's signal. */
  ratioDistance: number;
  /** Mean over layers of the late median dead fraction (ReLU family; 0 otherwise). */
  deadFraction: number;
  /** Mean over layers of the late median saturated fraction. */
  saturatedFraction: number;
  /** Test-split loss and accuracy after the last step (NaN accuracy for regression, NaN after NaN/Inf). */
  testLoss: number;
  testAccuracy: number;
  /** Score parts, lower is better: gradient health and outcome (see scoreHealth). */
  healthPenalty: number;
  outcomePenalty: number;
  /** healthPenalty + outcomePenalty; +∞ when the training hit NaN/Inf. */
  score: number;
}

/** One short training the doctor made: the config as trained, what diagnose found, and its health. */
export interface Trial {
  /** "baseline" or the remedies' labels joined with " + ". */
  label: string;
  config: ExperimentConfig;
  findings: Finding[];
  health: Health;
}

/** A trial of one or more remedies applied to the baseline config. */
export interface Candidate extends Trial {
  /** The remedies tried together (the findings' own, with their ids, labels and reasons). */
  remedies: Remedy[];
  /** The change in experiment-config paths ("optimizer.lr", "clip", "model.init"), all remedies merged. */
  change: ConfigPatch;
  /** Whether it scores better than the baseline (score below the baseline's). */
  helps: boolean;
}

/** A remedy or a combination the doctor did not train, and why (invalid config, conflicting changes). */
export interface Skipped {
  remedies: string[];
  reason: string;
}

/**
 * The doctor's answer. healthy: the baseline had no warning or critical finding, so nothing was
 * tried. Otherwise every trained candidate, best first; best is the first that helps, or null.
 */
export interface Prescription {
  healthy: boolean;
  /** Training steps of every trial. */
  steps: number;
  baseline: Trial;
  candidates: Candidate[];
  best: Candidate | null;
  skipped: Skipped[];
}

/** What the doctor reports as it goes: a trial starting and a trial done (index 0 is the baseline). */
export type DoctorEvent =
  | { type: "start"; index: number; label: string }
  | { type: "done"; index: number; label: string; health: Health }
  | { type: "skip"; label: string; reason: string };

/** Watches one trial's session as it trains (the CLI stores it: StoredSession has this shape). */
import type { SessionWatcher } from "../experiment/session/run-experiment.js";
export type { SessionWatcher };

/** Options of doctor(). */
export interface DoctorOptions {
  /** Training steps of every trial (default min(the config's steps, 300)). */
  steps?: number;
  /** At most this many single remedies are tried (default 6). */
  maxRemedies?: number;
  /** The best this many singles are combined pairwise (default 3). */
  combineTop?: number;
  /** Progress: each trial's start and end. */
  onEvent?: (event: DoctorEvent) => void;
  /** A watcher per trial session (e.g. to store it), given the trial's label. */
  watch?: (session: ExperimentSession, label: string) => SessionWatcher;
  /** Yield to the event loop about this often (ms, default 100) so a UI stays live. */
  yieldEveryMs?: number;
}
