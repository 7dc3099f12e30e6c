/**
 * Node's worker for the opt-in multi-thread wasm matmul: a worker_threads Worker that runs
 * serveMatmulThread on the compiled module and shared memory it receives as workerData.
 *
 * @example
 * import { createWasmBackend } from "../core/kernels/wasm/index.js";
 * import { spawnNodeWasmWorker } from "./wasm-threads-node.js";
 * const w = createWasmBackend({ threads: 2, spawnWorker: spawnNodeWasmWorker });
 * await w.matmulThreads?.whenReady(); // optional: until then the caller computes every chunk
 * … setBackend({ name: w.kernels.name, kernels: w.kernels, allocator: w.allocator }) …
 * w.dispose();
 */
import { Worker } from "node:worker_threads";
import type { SpawnWasmWorker, WasmThreadSpec, WasmWorkerHandle } from "../core/kernels/wasm/threads.js";

const ENTRY = new URL("./wasm-thread-worker.js", import.meta.url);

/**
 * Starts a worker serving matmul chunks. The worker is unref'd, so an idle one never keeps the
 * process alive. It runs with the V8 flags of the process (they are process-wide), so a module
 * compiled with relaxed SIMD runs in it too.
 * A worker that fails to start is reported once on stderr; its chunks are then computed by the caller.
 */
export const spawnNodeWasmWorker: SpawnWasmWorker = (spec: WasmThreadSpec): WasmWorkerHandle => {
  // NOTE: execArgv [] rather than the process's: Worker rejects some flags (--input-type, and on Node 20
  // --experimental-wasm-relaxed-simd); V8 flags are process-wide, so relaxed SIMD stays on.
  const worker = new Worker(ENTRY, { workerData: spec, execArgv: [] });
  worker.unref();
  let stopping = false;
  worker.on("error", (error: Error) => {
    if (!stopping) process.stderr.write(`gradscope: wasm worker ${spec.thread} failed: ${error.message}\n`);
  });
  return {
    terminate() {
      stopping = true;
      return worker.terminate().catch(() => undefined);
    },
  };
};
