import type { ExperimentConfig } from "../config/types.js";
import type { PreparedData } from "./data.js";
import { ExperimentSession, type SessionResult, type StepReport } from "./session.js";

/** Follows one session as it trains (e.g. writes it to a run store): after each step, at the end, or when training throws. */
export interface SessionWatcher {
  afterStep(): void;
  finish(result: SessionResult): void;
  fail(message: string): void;
}

/** Callbacks of runExperiment. */
export interface RunOptions {
  /** Called once with the new session, before the first step; its watcher sees every step, the result or the error. */
  watch?: (session: ExperimentSession) => SessionWatcher | undefined;
  /** Called after every step (after the watcher's afterStep). */
  onStep?: (report: StepReport, session: ExperimentSession) => void;
  /** Checked after every step and after each yield; true ends the run as "stopped". */
  shouldStop?: () => boolean;
  /** Yield to the event loop about this often (ms), so signals and UI events are handled (default 100). */
  yieldEveryMs?: number;
}

/** Trains a config on prepared data to the end (or the first NaN, or a stop) and returns what it measured. */
export async function runExperiment(config: ExperimentConfig, data: PreparedData, options: RunOptions = {}): Promise<SessionResult> {
  const session = new ExperimentSession(config, data);
  let watcher: SessionWatcher | undefined;
  try {
    watcher = options.watch?.(session);
    const yieldEvery = options.yieldEveryMs ?? 100;
    let last = performance.now();
    while (!session.done) {
      const report = session.step();
      watcher?.afterStep();
      options.onStep?.(report, session);
      if (options.shouldStop?.() === true) session.stop();
      if (performance.now() - last > yieldEvery) {
        await new Promise((r) => setTimeout(r, 0));
        last = performance.now();
        if (options.shouldStop?.() === true) session.stop();
      }
    }
    const result = session.finish();
    watcher?.finish(result);
    return result;
  } catch (e) {
    watcher?.fail(e instanceof Error ? e.message : String(e));
    throw e;
  } finally {
    session.dispose();
  }
}
