import type { ExperimentSession, SessionResult } from "../experiment/session/session.js";
import { MetricsFlusher, type RunStore } from "../store/index.js";

/** The run summary stored with a finished run (the store's `summary` JSON). */
export interface RunSummary {
  status: SessionResult["status"];
  steps: number;
  trainMs: number;
  finalTest: SessionResult["finalTest"];
  finalTrain: SessionResult["finalTrain"];
  evaluations: SessionResult["evaluations"];
  nonFinite: SessionResult["recording"]["nonFinite"];
  data: string;
}

/**
 * A session written to the run store as it trains: the run row with its full resolved config
 * at the start, metrics in chunks (at most ~1 s or 50 records lost to a kill), findings and the
 * summary at the end. A NaN/Inf ends the run as "diverged" with the origin as its error.
 */
export class StoredSession {
  readonly runId: number;
  private readonly flusher: MetricsFlusher;

  constructor(readonly store: RunStore, readonly session: ExperimentSession, name: string) {
    this.runId = store.createRun({ name, seed: session.config.seed, engine: session.config.engine, config: session.config });
    this.flusher = new MetricsFlusher(store, this.runId, session.recorder.recording);
  }

  /** After each step: writes the new records when the cadence is due. */
  afterStep(): void {
    this.flusher.maybeFlush();
  }

  /** Writes what is left, the findings and the summary; ends the run with its status. */
  finish(result: SessionResult): void {
    this.flusher.flush();
    this.store.addFindings(this.runId, result.findings);
    const summary: RunSummary = {
      status: result.status, steps: result.steps, trainMs: result.trainMs, finalTest: result.finalTest, finalTrain: result.finalTrain,
      evaluations: result.evaluations, nonFinite: result.recording.nonFinite, data: this.session.data.description,
    };
    const nf = result.recording.nonFinite;
    if (result.status === "nonfinite" && nf !== null) {
      this.store.finishRun(this.runId, "diverged", summary, `non-finite ${nf.tensor} at step ${nf.step}, layer ${nf.layer}, ${nf.pass} pass`);
    } else if (result.status === "stopped") {
      this.store.finishRun(this.runId, "interrupted", summary);
    } else {
      this.store.finishRun(this.runId, "finished", summary);
    }
  }

  /** Ends a run whose training threw: keeps its records, marks it failed with the message. */
  fail(message: string): void {
    try {
      this.flusher.flush();
    } finally {
      this.store.finishRun(this.runId, "failed", null, message);
    }
  }
}
