import type { ExperimentConfig } from "../experiment/config/index.js";
import { runExperiment, type PreparedData, type SessionResult } from "../experiment/session/index.js";
import type { RunStore } from "../store/index.js";
import { StoredSession } from "./persist.js";
import type { Progress } from "./progress.js";

/** Options of trainWithStore. */
export interface TrainOptions {
  /** Where the run is written as it trains (null: not stored). */
  store: RunStore | null;
  name: string;
  progress: Progress;
  /** Checked after every step: true stops the session (Ctrl-C). */
  shouldStop: () => boolean;
  /** Yield to the event loop this often, ms, so that signals are handled (default 100). */
  yieldEveryMs?: number;
}

/** A finished training and the stored run id (null with --no-store). */
export interface TrainOutcome {
  result: SessionResult;
  runId: number | null;
}

/** The store's word for how a session ended. */
export function statusOf(result: SessionResult): "finished" | "interrupted" | "diverged" {
  return result.status === "nonfinite" ? "diverged" : result.status === "stopped" ? "interrupted" : "finished";
}

/**
 * Trains a config to its end, its first NaN/Inf or a stop, writing the run to the store while it
 * trains (StoredSession: metrics flushed in chunks, so an interrupted run keeps its steps).
 * A training that throws is stored as failed before the error goes on.
 */
export async function trainWithStore(config: ExperimentConfig, data: PreparedData, options: TrainOptions): Promise<TrainOutcome> {
  const store = options.store;
  let runId: number | null = null;
  try {
    const result = await runExperiment(config, data, {
      watch: store === null ? undefined : (session) => {
        const stored = new StoredSession(store, session, options.name);
        runId = stored.runId;
        return stored;
      },
      onStep: (report) => options.progress.update(report),
      shouldStop: options.shouldStop,
      yieldEveryMs: options.yieldEveryMs,
    });
    return { result, runId };
  } finally {
    options.progress.end();
  }
}
