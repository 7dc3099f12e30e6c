import type { DType } from "./dtype.js";
import type { Kernels } from "./kernels/kernels.js";
import { referenceKernels } from "./kernels/reference/index.js";
import { HeapAllocator, type Allocator } from "./storage.js";

/** A kernel set and the allocator whose memory those kernels read: the engine that float32 tensors run on. */
export interface Backend {
  readonly name: string;
  readonly kernels: Kernels;
  readonly allocator: Allocator;
}

const heap = new HeapAllocator();

/** The plain TypeScript backend: reference kernels over JavaScript typed arrays. */
export const referenceBackend: Backend = { name: "reference", kernels: referenceKernels, allocator: heap };

let current: Backend = referenceBackend;

/**
 * Makes `backend` the engine for float32 tensors created from now on; float64 tensors always
 * use the reference path (they exist for gradient checks). Returns the previous backend.
 */
export function setBackend(backend: Backend): Backend {
  const previous = current;
  current = backend;
  return previous;
}

/** The backend float32 tensors are created on. */
export function getBackend(): Backend {
  return current;
}

/** The kernels for a dtype: the active backend's for float32, the reference for float64. */
export function kernelsFor(dtype: DType): Kernels {
  return dtype === "float32" ? current.kernels : referenceKernels;
}

/** The allocator for a dtype: the active backend's for float32, the JavaScript heap for float64. */
export function allocatorFor(dtype: DType): Allocator {
  return dtype === "float32" ? current.allocator : heap;
}
