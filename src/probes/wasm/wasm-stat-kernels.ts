import type { FloatArray } from "../../core/dtype.js";
import type { WasmAllocator } from "../../core/kernels/wasm/allocator.js";
import { wasmApi, type WasmModule } from "../../core/kernels/wasm/webassembly.js";
import type { Storage } from "../../core/storage.js";
import { jsStatKernels, type StatKernels } from "../stat-kernels.js";
import { INDEX_SCRATCH_BYTES, MAX_LAST_U8, statModuleBytes, SUB_HISTOGRAMS } from "./stat-module.js";

/** The exports of the statistics module (pointers are byte offsets into the backend's memory). */
interface StatExports {
  sumsq(p: number, n: number): number;
  change(after: number, before: number, n: number, out: number): number;
  allFinite(p: number, n: number): number;
  activations(p: number, n: number, shift: number, last: number, lo: number, scale: number, counts: number, satLo: number, satHi: number, out: number): number;
  activations8(p: number, n: number, shift: number, last: number, lo: number, scale: number, counts: number, satLo: number, satHi: number, out: number, idx: number, h: number): number;
}

const compiled = new Map<string, WasmModule | null>();

/** A compiled variant of the statistics module, or null where the engine cannot validate it. */
function statModule(shared: boolean, relaxed: boolean): WasmModule | null {
  const key = `${shared}/${relaxed}`;
  let module = compiled.get(key);
  if (module === undefined) {
    try {
      const api = wasmApi();
      const bytes = statModuleBytes(shared, relaxed);
      module = api.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      module = null;
    }
    compiled.set(key, module);
  }
  return module;
}

/** Which build of the module: relaxed SIMD where the engine has it ("auto"), or the one named. */
export type StatVariant = "auto" | "simd" | "relaxed-simd";

/** The module instantiated on `memory`, or null where the variant asked for does not run. */
function instantiate(memory: WasmAllocator["memory"], variant: StatVariant): { exports: StatExports; relaxed: boolean } | null {
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const tries = variant === "auto" ? [true, false] : [variant === "relaxed-simd"];
  for (const relaxed of tries) {
    const module = statModule(shared, relaxed);
    if (module === null) continue;
    try {
      return { exports: new (wasmApi().Instance)(module, { env: { memory } }).exports as unknown as StatExports, relaxed };
    } catch {
      // try the next variant
    }
  }
  return null;
}

/** StatKernels that also own scratch memory in the backend's memory, released by dispose(). */
export interface OwnedStatKernels extends StatKernels {
  dispose(): void;
}

/**
 * The statistics in WebAssembly SIMD over float32 tensors that live in `allocator`'s memory (any
 * other array goes to the TypeScript set), with scratch for histograms of up to `maxEdges` edges
 * allocated now, so that no later call allocates. Null where the engine cannot run the module.
 * NOTE: the histogram's float64 bin arithmetic is binOf's (histogram.ts), so counts agree exactly.
 */
export function wasmStatKernels(allocator: WasmAllocator, maxEdges: number, variant: StatVariant = "auto"): OwnedStatKernels | null {
  const memory = allocator.memory;
  const instance = instantiate(memory, variant);
  if (instance === null) return null;
  const wasm = instance.exports;
  const subs = SUB_HISTOGRAMS, maxBins = maxEdges - 1;
  // NOTE: one float64 block (a dtype the allocator knows): three f64 of further results (padded to 32 bytes), the
  // sub-histograms of u32 counts, then (16-byte aligned) activations8's bin indices.
  const countBytes = Math.ceil((4 * subs * maxBins) / 16) * 16;
  const scratch: Storage = allocator.allocate("float64", (32 + countBytes + INDEX_SCRATCH_BYTES) / 8);
  const resultsAt = scratch.view().byteOffset, countsAt = resultsAt + 32, indexAt = countsAt + countBytes;
  let results = new Float64Array(allocator.currentBuffer(), resultsAt, 3), counted = new Uint32Array(allocator.currentBuffer(), countsAt, maxBins);
  /** Whether x is a float32 view of the memory; the result views follow the memory's buffer when it grew. */
  const inWasm = (x: FloatArray): x is Float32Array => {
    const buffer = allocator.currentBuffer();
    if (!(x instanceof Float32Array && x.buffer === buffer)) return false;
    if (results.buffer !== buffer) {
      results = new Float64Array(buffer, resultsAt, 3);
      counted = new Uint32Array(buffer, countsAt, maxBins);
    }
    return true;
  };
  const js = jsStatKernels;
  const allFinite = (x: FloatArray): boolean => (inWasm(x) ? wasm.allFinite(x.byteOffset, x.length) === 1 : js.allFinite(x));
  return {
    name: instance.relaxed ? "wasm-relaxed-simd" : "wasm-simd",
    sumOfSquares: (x) => (inWasm(x) ? wasm.sumsq(x.byteOffset, x.length) : js.sumOfSquares(x)),
    squaredChange(after, before, out) {
      if (!(inWasm(after) && inWasm(before) && before.length === after.length)) return js.squaredChange(after, before, out);
      out[1] = wasm.change(after.byteOffset, before.byteOffset, after.length, resultsAt);
      out[0] = results[0];
    },
    allFinite,
    activations(a, shift, bins, counts, offset, bandLo, bandHi, out, check) {
      if (!inWasm(a) || bins.edges.length > maxEdges) return js.activations(a, shift, bins, counts, offset, bandLo, bandHi, out, check);
      // NOTE: the check of another tensor rides along activations8's pass when it is a float32 view of the same length.
      const fused = check !== null && inWasm(check) && check.length === a.length && bins.last <= MAX_LAST_U8;
      if (bins.last <= MAX_LAST_U8) {
        out[1] = wasm.activations8(a.byteOffset, a.length, shift, bins.last, bins.lo, bins.scale, countsAt, bandLo, bandHi, resultsAt, indexAt,
          fused ? check.byteOffset : a.byteOffset);
      } else {
        out[1] = wasm.activations(a.byteOffset, a.length, shift, bins.last, bins.lo, bins.scale, countsAt, bandLo, bandHi, resultsAt);
      }
      out[0] = results[0];
      if (check !== null) out[2] = fused ? results[2] : (allFinite(check) ? 0 : NaN);
      for (let k = 0; k <= bins.last; k++) counts[offset + k] += counted[k];
      return results[1];
    },
    firstNonFinite: js.firstNonFinite,
    dispose: () => scratch.release(),
  };
}
