import { referenceBackend, setBackend, type Backend } from "../../core/backend.js";
import { GradscopeError } from "../../core/errors.js";
import { createWasmBackend, type SpawnWasmWorker } from "../../core/kernels/wasm/index.js";
import { engineNames } from "../config/defaults.js";

/** Options of useEngine: two-thread matmuls need a way to start a worker (Node: spawnNodeWasmWorker). */
export interface EngineOptions {
  threads?: number;
  spawnWorker?: SpawnWasmWorker;
}

/** The float32 backend of an engine name, made current; `release()` frees its workers. */
export function useEngine(name: string, options: EngineOptions = {}): { backend: Backend; release: () => void } {
  if (name === "reference") {
    setBackend(referenceBackend);
    return { backend: referenceBackend, release: () => undefined };
  }
  if (name !== "wasm" && name !== "simd" && name !== "relaxed-simd") {
    throw new GradscopeError(`engine: "${name}" is not one of ${engineNames.join(", ")}`);
  }
  const threads = options.threads ?? 1;
  const wasm = createWasmBackend({
    variant: name === "wasm" ? "auto" : name,
    ...(threads > 1 ? { threads, spawnWorker: options.spawnWorker } : {}),
  });
  const backend: Backend = { name: `wasm-${wasm.variant}${threads > 1 ? `×${threads}` : ""}`, kernels: wasm.kernels, allocator: wasm.allocator };
  setBackend(backend);
  return { backend, release: () => { setBackend(referenceBackend); wasm.dispose(); } };
}
