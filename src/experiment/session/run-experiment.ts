import type { ExperimentConfig } from "../config/types.js";
import type { PreparedData } from "./data.js";
import { ExperimentSession, type SessionResult, type StepReport } from "./session.js";

/** Callbacks of runExperiment. */
export interface RunOptions {
  /** Called after every step. */
  onStep?: (report: StepReport, session: ExperimentSession) => void;
  /** Checked after every step; true ends the run as "stopped". */
  shouldStop?: () => boolean;
  /** Yield to the event loop about this often (ms), so signals and UI events are handled (default 100). */
  yieldEveryMs?: number;
}

/** Trains a config on prepared data to the end (or the first NaN, or a stop) and returns what it measured. */
export async function runExperiment(config: ExperimentConfig, data: PreparedData, options: RunOptions = {}): Promise<SessionResult> {
  const session = new ExperimentSession(config, data);
  try {
    const yieldEvery = options.yieldEveryMs ?? 100;
    let last = performance.now();
    while (!session.done) {
      const report = session.step();
      options.onStep?.(report, session);
      if (options.shouldStop?.() === true) session.stop();
      if (performance.now() - last > yieldEvery) {
        await new Promise((r) => setTimeout(r, 0));
        last = performance.now();
      }
    }
    return session.finish();
  } finally {
    session.dispose();
  }
}
