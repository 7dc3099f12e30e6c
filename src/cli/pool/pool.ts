import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { RunOutcome, RunTask } from "./task.js";
import type { ToWorker } from "./worker.js";

const ENTRY = new URL("./worker.js", import.meta.url);

/** The default number of pool workers: min(2, the cores available). */
export const defaultWorkers = (): number => Math.min(2, availableParallelism());

/** Options of runPool. */
export interface PoolOptions {
  workers: number;
  /** Called as each run finishes (in finishing order). */
  onDone?: (outcome: RunOutcome, finished: number, total: number) => void;
  /** Checked every 100 ms: true stops the running runs (kept as interrupted) and skips the rest. */
  shouldStop?: () => boolean;
}

/**
 * Trains the tasks on `workers` worker threads, each taking the next task when it is free; each
 * run is independent and deterministic, so the results do not depend on the number of workers.
 * Resolves to the outcomes in task order (tasks skipped by a stop are left out).
 *
 * @example
 * const outcomes = await runPool(tasks, { workers: 2, onDone: (o) => console.log(o.name, o.status) });
 */
export async function runPool(tasks: readonly RunTask[], options: PoolOptions): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  let next = 0;
  let stopped = false;
  const workers: Worker[] = [];
  const watch = setInterval(() => {
    if (!stopped && options.shouldStop?.() === true) {
      stopped = true;
      for (const w of workers) w.postMessage({ type: "stop" } satisfies ToWorker);
    }
  }, 100);
  try {
    await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      // NOTE: execArgv [] — Node 20 rejects --experimental-wasm-relaxed-simd in a Worker's execArgv; V8 flags are process-wide anyway.
      const worker = new Worker(ENTRY, { execArgv: [] });
      workers.push(worker);
      let current: RunTask | null = null;
      const feed = () => {
        if (stopped || next >= tasks.length) {
          current = null;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = tasks[next++];
        worker.postMessage({ type: "run", task: current } satisfies ToWorker);
      };
      worker.on("message", (m: { type: "done"; outcome: RunOutcome }) => {
        outcomes.push(m.outcome);
        options.onDone?.(m.outcome, outcomes.length, tasks.length);
        feed();
      });
      worker.on("error", (e) => reject(new Error(`pool worker failed${current === null ? "" : ` on "${current.name}"`}: ${e.message}`)));
      worker.on("exit", (code) => { if (current !== null) reject(new Error(`pool worker exited (code ${code}) during "${current.name}"`)); });
      feed();
    })));
  } finally {
    clearInterval(watch);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes.sort((a, b) => a.index - b.index);
}
