/** The WebAssembly SIMD kernel backend: loader, kernels and the linear-memory allocator. */
export {
  compileWasmBackend, createWasmBackend, relaxedSimdSupported, wasmThreadsSupported,
  type WasmBackend, type WasmBackendOptions, type WasmVariant,
} from "./backend.js";
export {
  MatmulThreads, serveMatmulThread,
  type MatmulThreadsOptions, type MatmulThreadsStats, type SpawnWasmWorker, type WasmThreadSpec, type WasmWorkerHandle,
} from "./threads.js";
export { WasmAllocator } from "./allocator.js";
export type { WasmMemory } from "./webassembly.js";
