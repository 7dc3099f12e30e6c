/** The WebAssembly SIMD kernel backend: loader, kernels and the linear-memory allocator. */
export {
  compileWasmBackend, createWasmBackend, relaxedSimdSupported,
  type WasmBackend, type WasmBackendOptions, type WasmVariant,
} from "./backend.js";
export { WasmAllocator } from "./allocator.js";
export type { WasmMemory } from "./webassembly.js";
