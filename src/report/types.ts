import type { Finding } from "../diagnosis/finding.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import type { Evaluation } from "../experiment/session/session.js";
import type { Recording } from "../probes/recording.js";

/** One run as a report shows it: its identity, full config, recorded statistics, findings and evaluations. */
export interface ReportRun {
  /** Store id, when the run is stored. */
  id?: number;
  name: string;
  /** "finished", "diverged", "interrupted", … */
  status: string;
  config: ExperimentConfig;
  recording: Recording;
  findings: Finding[];
  /** Test-split evaluations over steps (may be empty). */
  evaluations: Evaluation[];
  /** One-line data description, e.g. "spirals (600 examples, …)". */
  data?: string;
  /** Input features of the data (for the mean-field prediction's first layer); absent: read from `data`, else unknown. */
  inputs?: number;
  /** Network outputs (classes or targets). */
  outputs?: number;
  /** Why the run ended badly, e.g. "non-finite h at step 12, layer 3, forward pass" (the store's error). */
  error?: string | null;
  /** Final test-split loss and accuracy, when known. */
  finalTest?: { loss: number; accuracy: number };
  /** Training steps taken and their wall time in ms, when known. */
  steps?: number;
  trainMs?: number;
}

/** What renderReport draws: one run, or several side by side (a comparison). */
export interface ReportInput {
  title: string;
  runs: ReportRun[];
  /** Optional text shown under the title (e.g. the compare grid or the doctor's prescription). */
  notes?: string[];
}
