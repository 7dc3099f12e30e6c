import { createWasmBackend, relaxedSimdSupported, setBackend, type Backend } from "../../src/core/index.js";

/** A wasm backend and the linear memory behind its allocator. */
export interface WasmTestBackend extends Backend {
  memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer };
}

/** Every wasm variant this Node can run (plain SIMD, and relaxed SIMD where supported). */
export function wasmBackends(): WasmTestBackend[] {
  const variants: ("simd" | "relaxed-simd")[] = relaxedSimdSupported() ? ["simd", "relaxed-simd"] : ["simd"];
  return variants.map((variant) => {
    const w = createWasmBackend({ variant });
    return { name: `wasm-${w.variant}`, kernels: w.kernels, allocator: w.allocator, memory: w.memory };
  });
}

/** Runs fn with `backend` active for float32 and returns its result, restoring the previous backend afterwards. */
export function onBackend<T>(backend: Backend, fn: () => T): T {
  const previous = setBackend(backend);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}
