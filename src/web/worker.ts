/// <reference lib="dom" />
import { referenceBackend, setBackend } from "../core/backend.js";
import { GradscopeError } from "../core/errors.js";
import { compileWasmBackend } from "../core/kernels/wasm/backend.js";
import type { EngineName } from "../experiment/config/types.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { WorkerRun } from "./worker-run.js";

/** Steps are taken in slices of this many ms between looks at the message queue. */
const SLICE_MS = 40;
/** Updates go to the page at most this often while playing (≈ 20 a second). */
const POST_MS = 50;
/** The decision boundary is recomputed at most this often while playing, and at most 10% of the time (deep nets). */
const BOUNDARY_MS = 400;

let run: WorkerRun | null = null;
let playing = false;
let lastPost = 0;
let lastBoundary = 0;
/** Bumped by every play: a slice of an older loop stops. */
let generation = 0;
const engines = new Map<string, Promise<string>>();

const post = (message: FromWorker) => self.postMessage(message);

/** Yields to the message queue and continues: a MessageChannel round trip (setTimeout's nested calls are clamped to 4 ms). */
const yieldChannel = new MessageChannel();
let next: () => void = () => undefined;
yieldChannel.port1.onmessage = () => next();

/** Makes the engine's kernels current: WebAssembly SIMD, or the TypeScript reference where SIMD is missing. */
function useEngine(name: EngineName): Promise<string> {
  let ready = engines.get(name);
  if (ready === undefined) {
    ready = (async () => {
      if (name === "reference") {
        setBackend(referenceBackend);
        return "reference";
      }
      try {
        const wasm = await compileWasmBackend({ variant: name === "wasm" ? "auto" : name });
        setBackend({ name: `wasm-${wasm.variant}`, kernels: wasm.kernels, allocator: wasm.allocator });
        return `wasm-${wasm.variant}`;
      } catch {
        setBackend(referenceBackend);
        return "reference (WebAssembly SIMD unavailable)";
      }
    })();
    engines.set(name, ready);
  }
  return ready;
}

/** Sends the update since the last one. */
function send(withFindings: boolean): void {
  if (run === null) return;
  const now = performance.now();
  const withBoundary = now - lastBoundary >= Math.max(BOUNDARY_MS, 10 * run.boundaryMs) || !playing;
  if (withBoundary) lastBoundary = now;
  lastPost = now;
  post({ type: "update", update: run.update(withBoundary, withFindings) });
}

/** Trains in time slices while playing, posting throttled updates; yields to the message queue between slices. */
function loop(gen: number): void {
  if (!playing || run === null || gen !== generation) return;
  const t0 = performance.now();
  while (!run.done && performance.now() - t0 < SLICE_MS) run.step();
  if (run.done) {
    playing = false;
    send(true);
    return;
  }
  if (performance.now() - lastPost >= POST_MS) send(false);
  next = () => loop(gen);
  yieldChannel.port2.postMessage(null);
}

/** Handles one message from the page; errors the user can cause go back as messages. */
async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "init": {
      playing = false;
      run?.dispose();
      run = null;
      const engine = await useEngine(message.config.engine);
      run = await WorkerRun.create(message.config, engine);
      lastBoundary = performance.now();
      post({ type: "ready", info: run.info });
      send(false);
      return;
    }
    case "play":
      if (run === null || run.done || playing) return;
      playing = true;
      loop(++generation);
      return;
    case "pause":
      if (!playing) return;
      playing = false;
      send(true);
      return;
    case "step":
      if (run === null || run.done || playing) return;
      run.step();
      send(true);
      return;
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err: unknown) => {
    playing = false;
    const message = err instanceof GradscopeError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    post({ type: "error", message });
  });
};
