/// <reference lib="dom" />
import type { ExperimentConfig } from "../../experiment/config/types.js";
import type { FromWorker, ToWorker } from "../protocol.js";
import { applyUpdate, runDataOf, type RunData } from "../run-data.js";

declare global {
  // Set by worker-inline.js (static builds opened from file://, where workers cannot load by URL).
  var __gradscopeWorkerSource: string | undefined;
}

let inlineSource: Promise<string> | null = null;

/** The worker's code as a blob URL, loaded through a <script> (file:// pages cannot fetch or start URL workers). */
function inlineWorkerUrl(): Promise<string> {
  inlineSource ??= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "worker-inline.js";
    s.onload = () => globalThis.__gradscopeWorkerSource === undefined ? reject(new Error("worker-inline.js did not define the worker")) : resolve(globalThis.__gradscopeWorkerSource);
    s.onerror = () => reject(new Error("worker-inline.js is missing next to index.html"));
    document.head.append(s);
  });
  return inlineSource.then((code) => URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
}

/** A new training worker: worker.js next to the page, or the inlined copy on file://. */
async function startWorker(): Promise<Worker> {
  if (location.protocol === "file:") return new Worker(await inlineWorkerUrl());
  return new Worker(new URL("worker.js", location.href));
}

/**
 * One run trained in its own Web Worker: init sets it up (a fresh session), play/pause/step drive
 * it; every update is folded into `data` and reported through `onChange`.
 */
export class RunClient {
  data: RunData | null = null;
  error: string | null = null;
  playing = false;
  /** How many sessions were set up (init calls): tests wait for a new one. */
  inits = 0;
  private worker: Promise<Worker> | null = null;

  constructor(private readonly onChange: () => void) {}

  /** Sets up a new session of `config` (the worker is kept; the old session is released). */
  async init(config: ExperimentConfig): Promise<void> {
    this.data = null;
    this.error = null;
    this.playing = false;
    this.inits++;
    this.worker ??= startWorker().then((w) => {
      w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
      w.onerror = (e) => this.fail(e.message || "the training worker failed to start");
      return w;
    });
    (await this.worker).postMessage({ type: "init", config } satisfies ToWorker);
    this.onChange();
  }

  /** Starts or resumes training. */
  play(): void {
    if (this.data === null || this.data.status !== "running") return;
    this.playing = true;
    void this.send({ type: "play" });
  }

  /** Pauses (the worker then diagnoses the recording so far). */
  pause(): void {
    this.playing = false;
    void this.send({ type: "pause" });
  }

  /** One training step. */
  step(): void {
    if (this.data === null || this.playing) return;
    void this.send({ type: "step" });
  }

  /** Stops the worker for good. */
  async close(): Promise<void> {
    if (this.worker !== null) (await this.worker).terminate();
    this.worker = null;
  }

  private async send(m: ToWorker): Promise<void> {
    if (this.worker !== null) (await this.worker).postMessage(m);
  }

  private receive(m: FromWorker): void {
    if (m.type === "ready") {
      this.data = runDataOf(m.info);
    } else if (m.type === "update" && this.data !== null) {
      applyUpdate(this.data, m.update);
      if (m.update.status !== "running") this.playing = false;
    } else if (m.type === "error") {
      this.fail(m.message);
      return;
    }
    this.onChange();
  }

  private fail(message: string): void {
    this.error = message;
    this.playing = false;
    this.onChange();
  }
}
