import { allocatorFor } from "../core/backend.js";
import type { DType } from "../core/dtype.js";
import { WasmAllocator } from "../core/kernels/wasm/allocator.js";
import { jsStatKernels } from "./stat-kernels.js";
import { wasmStatKernels, type OwnedStatKernels } from "./wasm/wasm-stat-kernels.js";

/**
 * The statistics kernels for tensors of `dtype` on the active backend: WebAssembly SIMD over the
 * wasm backend's memory (with scratch for histograms of up to `maxEdges` edges), else plain
 * TypeScript. Call dispose() when done.
 */
export function statKernelsFor(dtype: DType, maxEdges: number): OwnedStatKernels {
  const allocator = allocatorFor(dtype);
  const wasm = allocator instanceof WasmAllocator ? wasmStatKernels(allocator, maxEdges) : null;
  return wasm ?? { ...jsStatKernels, dispose: () => {} };
}
