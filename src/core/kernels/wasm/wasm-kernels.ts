import type { FloatArray } from "../../dtype.js";
import type { Kernels, UnaryKind } from "../kernels.js";
import { referenceKernels } from "../reference/index.js";
import type { KernelExports } from "./exports.js";
import type { WasmAllocator } from "./allocator.js";

/** Throws unless an array of `length` elements holds at least `need`: the wasm side must never read or write past it. */
function requireLength(what: string, length: number, need: number): void {
  if (length < need) throw new RangeError(`gradscope: ${what} has ${length} elements, the kernel needs ${need}`);
}

/**
 * The multi-thread split over byte addresses of the module's memory: a matmul that replaces the
 * module's own, and elementwise kernels that return false when they leave the work to the caller.
 */
export interface ThreadDispatch {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number,
    transA: number, transB: number, accumulate: number): void;
  unary(kind: UnaryKind, x: number, y: number, n: number, alpha: number): boolean;
  unaryBackward(kind: UnaryKind, x: number, y: number, dy: number, dx: number, n: number, alpha: number): boolean;
  addRowVector(x: number, b: number, y: number, rows: number, cols: number): boolean;
  axpy(alpha: number, x: number, y: number, n: number): boolean;
}

/**
 * The SGD update y += alpha·x (exactly Kernels.axpy) with, from the same pass, out[at] = Σ y_before²,
 * out[at + 1] = Σ x² and out[at + 2] = Σ (y_after − y_before)² in float64 (the probes' ‖W‖², ‖g‖², ‖ΔW‖²).
 * Returns false, changing nothing, where it cannot run (arrays not float32 views of the module's
 * memory, lengths differ, or a build without the kernel): the caller then computes them itself.
 */
export interface AxpySums {
  axpySums(alpha: number, x: FloatArray, y: FloatArray, out: Float64Array, at: number): boolean;
}

/**
 * The wasm kernel set: each call runs in the module when every array is a Float32Array view of
 * the allocator's memory (pointers are byteOffsets; the allocator knows the memory's current
 * buffer without the slow memory.buffer getter), and otherwise delegates to the reference
 * kernels, so float64 and JavaScript-heap arrays keep working. With `threads`, matmul and the
 * large elementwise kernels go through it (threads.ts: split between threads over a shared memory).
 */
export function wasmKernels(name: string, wasm: KernelExports, allocator: WasmAllocator, threads?: ThreadDispatch): Kernels & AxpySums {
  const inWasm = (x: FloatArray): x is Float32Array => x instanceof Float32Array && x.buffer === allocator.currentBuffer();
  const slot = wasm.axpySumsSlot?.() ?? 0;
  let sums = new Float64Array(allocator.currentBuffer(), slot, 3);
  return {
    name,
    matmul(a, b, c, m, k, n, transA, transB, accumulate) {
      if (!(inWasm(a) && inWasm(b) && inWasm(c))) {
        referenceKernels.matmul(a, b, c, m, k, n, transA, transB, accumulate);
        return;
      }
      requireLength("matmul A", a.length, m * k);
      requireLength("matmul B", b.length, k * n);
      requireLength("matmul C", c.length, m * n);
      if (threads !== undefined) threads.matmul(a.byteOffset, b.byteOffset, c.byteOffset, m, k, n, +transA, +transB, +accumulate);
      else wasm.matmul(a.byteOffset, b.byteOffset, c.byteOffset, m, k, n, +transA, +transB, +accumulate);
    },
    unary(kind: UnaryKind, x, y, alpha) {
      const f = wasm.forward[kind];
      if (f === undefined || !(inWasm(x) && inWasm(y))) {
        referenceKernels.unary(kind, x, y, alpha);
        return;
      }
      requireLength(`${kind} output`, y.length, x.length);
      if (threads?.unary(kind, x.byteOffset, y.byteOffset, x.length, alpha) === true) return;
      f(x.byteOffset, y.byteOffset, x.length, alpha);
    },
    unaryBackward(kind: UnaryKind, x, y, dy, dx, alpha) {
      const b = wasm.backward[kind];
      if (b === undefined || !(inWasm(x) && inWasm(y) && inWasm(dy) && inWasm(dx))) {
        referenceKernels.unaryBackward(kind, x, y, dy, dx, alpha);
        return;
      }
      requireLength(`${kind} backward y`, y.length, x.length);
      requireLength(`${kind} backward dy`, dy.length, x.length);
      requireLength(`${kind} backward dx`, dx.length, x.length);
      if (threads?.unaryBackward(kind, x.byteOffset, y.byteOffset, dy.byteOffset, dx.byteOffset, x.length, alpha) === true) return;
      b(x.byteOffset, y.byteOffset, dy.byteOffset, dx.byteOffset, x.length, alpha);
    },
    addRowVector(x, b, y, rows, cols) {
      if (!(inWasm(x) && inWasm(b) && inWasm(y))) {
        referenceKernels.addRowVector(x, b, y, rows, cols);
        return;
      }
      requireLength("addRowVector x", x.length, rows * cols);
      requireLength("addRowVector b", b.length, cols);
      requireLength("addRowVector y", y.length, rows * cols);
      if (threads?.addRowVector(x.byteOffset, b.byteOffset, y.byteOffset, rows, cols) === true) return;
      wasm.addRowVector(x.byteOffset, b.byteOffset, y.byteOffset, rows, cols);
    },
    sumRows(x, out, rows, cols, accumulate) {
      if (!(inWasm(x) && inWasm(out))) {
        referenceKernels.sumRows(x, out, rows, cols, accumulate);
        return;
      }
      requireLength("sumRows x", x.length, rows * cols);
      requireLength("sumRows out", out.length, cols);
      wasm.sumRows(x.byteOffset, out.byteOffset, rows, cols, +accumulate);
    },
    axpy(alpha, x, y) {
      if (!(inWasm(x) && inWasm(y))) {
        referenceKernels.axpy(alpha, x, y);
        return;
      }
      requireLength("axpy y", y.length, x.length);
      if (threads?.axpy(alpha, x.byteOffset, y.byteOffset, x.length) === true) return;
      wasm.axpy(alpha, x.byteOffset, y.byteOffset, x.length);
    },
    axpySums(alpha, x, y, out, at) {
      if (wasm.axpySums === undefined || !(inWasm(x) && inWasm(y)) || x.length !== y.length) return false;
      if (sums.buffer !== x.buffer) sums = new Float64Array(x.buffer, slot, 3);
      wasm.axpySums(alpha, x.byteOffset, y.byteOffset, x.length);
      out[at] = sums[0];
      out[at + 1] = sums[1];
      out[at + 2] = sums[2];
      return true;
    },
  };
}
