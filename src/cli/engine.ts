import { engineNames } from "../experiment/config/defaults.js";
import { useEngine } from "../experiment/session/engine.js";
import { spawnNodeWasmWorker } from "./wasm-threads-node.js";

/** Engine names accepted by --engine (the config's `engine` field). */
export { engineNames };

/**
 * Makes the named engine the float32 backend in Node: with `threads` = 2 the wasm matmul runs on
 * two worker threads (bit-identical to one). Returns the backend and `release()`.
 */
export function useNodeEngine(name: string, threads = 1): ReturnType<typeof useEngine> {
  return useEngine(name, threads > 1 ? { threads, spawnWorker: spawnNodeWasmWorker } : {});
}
