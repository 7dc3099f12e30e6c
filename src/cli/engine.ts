import { referenceBackend, setBackend, type Backend } from "../core/backend.js";
import { GradscopeError } from "../core/errors.js";
import { createWasmBackend } from "../core/kernels/wasm/index.js";

/** Engine names accepted by --engine: the TypeScript reference, or WebAssembly (auto, plain SIMD, relaxed SIMD). */
export const engineNames = ["wasm", "simd", "relaxed-simd", "reference"] as const;

/** Makes the named engine the float32 backend and returns it. */
export function useEngine(name: string): Backend {
  if (name === "reference") {
    setBackend(referenceBackend);
    return referenceBackend;
  }
  if (name !== "wasm" && name !== "simd" && name !== "relaxed-simd") {
    throw new GradscopeError(`--engine: "${name}" is not one of ${engineNames.join(", ")}`);
  }
  const wasm = createWasmBackend({ variant: name === "wasm" ? "auto" : name });
  const backend: Backend = { name: `wasm-${wasm.variant}`, kernels: wasm.kernels, allocator: wasm.allocator };
  setBackend(backend);
  return backend;
}
