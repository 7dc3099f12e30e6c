import type { Allocator } from "../../storage.js";
import type { Kernels } from "../kernels.js";
import { WasmAllocator } from "./allocator.js";
import { decodeBase64 } from "./base64.js";
import { relaxedWasmBase64, simdWasmBase64 } from "./binaries.js";
import { kernelExports } from "./exports.js";
import { wasmKernels } from "./wasm-kernels.js";
import { PAGE_BYTES, wasmApi, type WasmMemory, type WasmModule } from "./webassembly.js";

/** Which build of the kernel module runs: plain SIMD, or relaxed SIMD (fused multiply-add in the matmul). */
export type WasmVariant = "simd" | "relaxed-simd";

/** Options of createWasmBackend: "auto" (the default) takes relaxed SIMD where the engine validates it. */
export interface WasmBackendOptions {
  variant?: "auto" | WasmVariant;
}

/** One instance of the kernel module with its own memory, the kernels bound to it and the allocator of that memory. */
export interface WasmBackend {
  readonly variant: WasmVariant;
  readonly kernels: Kernels;
  readonly allocator: Allocator;
  readonly memory: WasmMemory;
}

const bytesCache = new Map<WasmVariant, Uint8Array>();
const moduleCache = new Map<WasmVariant, WasmModule>();
let relaxedSupport: boolean | undefined;

function moduleBytes(variant: WasmVariant): Uint8Array {
  let bytes = bytesCache.get(variant);
  if (bytes === undefined) {
    bytes = decodeBase64(variant === "simd" ? simdWasmBase64 : relaxedWasmBase64);
    bytesCache.set(variant, bytes);
  }
  return bytes;
}

/**
 * Whether this engine accepts the relaxed-SIMD build (WebAssembly.validate on its bytes). Node 20
 * needs `--experimental-wasm-relaxed-simd`; Chrome 114+, Firefox 120+ and Node 22+ have it on.
 */
export function relaxedSimdSupported(): boolean {
  relaxedSupport ??= wasmApi().validate(moduleBytes("relaxed-simd"));
  return relaxedSupport;
}

function resolveVariant(requested: WasmBackendOptions["variant"]): WasmVariant {
  const variant = requested ?? "auto";
  if (variant === "auto") return relaxedSimdSupported() ? "relaxed-simd" : "simd";
  if (variant !== "simd" && variant !== "relaxed-simd") throw new Error(`gradscope: unknown wasm variant "${String(variant)}"`);
  if (variant === "relaxed-simd" && !relaxedSimdSupported()) {
    throw new Error("gradscope: this engine does not support WebAssembly relaxed SIMD " +
      "(on Node 20 run with --experimental-wasm-relaxed-simd); use variant \"simd\" or \"auto\"");
  }
  return variant;
}

/** Instantiates a compiled kernel module with a fresh memory just large enough for its scratch area. */
function instantiate(variant: WasmVariant, module: WasmModule): WasmBackend {
  const api = wasmApi();
  const memory = new api.Memory({ initial: 16 });
  const instance = new api.Instance(module, {
    env: { memory, abort: () => { throw new Error("gradscope: the wasm kernel module aborted"); } },
  });
  const wasm = kernelExports(instance);
  const base = wasm.reservedEnd();
  if (base > memory.buffer.byteLength) memory.grow(Math.ceil((base - memory.buffer.byteLength) / PAGE_BYTES));
  return {
    variant,
    kernels: wasmKernels(variant === "simd" ? "wasm-simd" : "wasm-relaxed-simd", wasm, memory),
    allocator: new WasmAllocator(memory, base),
    memory,
  };
}

/**
 * Creates a wasm backend synchronously (new WebAssembly.Module / Instance). Throws if "relaxed-simd"
 * is asked for and the engine lacks it. NOTE: Chrome refuses synchronous compilation of modules
 * over 4 KB on its main thread; there, call this in a worker or use compileWasmBackend.
 *
 * @example
 * const { kernels, allocator } = createWasmBackend();
 * const a = allocator.allocate("float32", 6); // views of a, b, c go to kernels.matmul(...)
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const variant = resolveVariant(options.variant);
  let module = moduleCache.get(variant);
  if (module === undefined) {
    module = new (wasmApi().Module)(moduleBytes(variant));
    moduleCache.set(variant, module);
  }
  return instantiate(variant, module);
}

/** createWasmBackend with asynchronous compilation (WebAssembly.compile), for a browser's main thread. */
export async function compileWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const variant = resolveVariant(options.variant);
  let module = moduleCache.get(variant);
  if (module === undefined) {
    module = await wasmApi().compile(moduleBytes(variant));
    moduleCache.set(variant, module);
  }
  return instantiate(variant, module);
}
