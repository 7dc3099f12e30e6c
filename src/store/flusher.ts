import type { Recording } from "../probes/recording.js";
import type { RunStore } from "./run-store.js";

/** When a MetricsFlusher writes: after this many new records or this many milliseconds, whichever comes first. */
export interface FlushCadence {
  /** Default 50. */
  records?: number;
  /** Default 1000. */
  ms?: number;
}

/**
 * Appends a growing Recording to a running run in chunks at a cadence, so that a killed process
 * loses at most one cadence of records. Call `maybeFlush()` after each step (when the step's
 * record is complete) and `flush()` before finishing the run.
 *
 * @example
 * const flusher = new MetricsFlusher(store, runId, recorder.recording);
 * for (...) { trainer.step(x, y, rng, hooks); flusher.maybeFlush(); }
 * flusher.flush();
 * store.finishRun(runId, "finished", summary);
 */
export class MetricsFlusher {
  /** Records stored so far. */
  written = 0;
  private last = Date.now();
  private readonly records: number;
  private readonly ms: number;

  constructor(readonly store: RunStore, readonly runId: number, readonly recording: Recording, cadence: FlushCadence = {}) {
    this.records = cadence.records ?? 50;
    this.ms = cadence.ms ?? 1000;
  }

  /** Flushes if the cadence is due; returns whether it wrote. */
  maybeFlush(): boolean {
    const pending = this.recording.count - this.written;
    if (pending <= 0 || (pending < this.records && Date.now() - this.last < this.ms)) return false;
    this.flush();
    return true;
  }

  /** Writes every record not yet stored as one chunk; returns how many. */
  flush(): number {
    const from = this.written, to = this.recording.count;
    this.store.appendMetrics(this.runId, this.recording, from, to);
    this.written = to;
    this.last = Date.now();
    return to - from;
  }
}
