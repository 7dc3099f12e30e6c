import type { Allocator } from "../../storage.js";
import type { Kernels } from "../kernels.js";
import { WasmAllocator } from "./allocator.js";
import { decodeBase64 } from "./base64.js";
import { relaxedSharedWasmBase64, relaxedWasmBase64, simdSharedWasmBase64, simdWasmBase64 } from "./binaries.js";
import { kernelExports } from "./exports.js";
import { MatmulThreads, threadExports, type MatmulThreadsOptions, type SpawnWasmWorker } from "./threads.js";
import { wasmKernels } from "./wasm-kernels.js";
import { PAGE_BYTES, wasmApi, type WasmMemory, type WasmModule } from "./webassembly.js";

/** Which build of the kernel module runs: plain SIMD, or relaxed SIMD (fused multiply-add in the matmul). */
export type WasmVariant = "simd" | "relaxed-simd";

/**
 * Options of createWasmBackend: "auto" (the default) takes relaxed SIMD where the engine validates it.
 * `threads` ≥ 2 (opt-in) splits large matmuls and elementwise kernels between the calling thread and threads − 1 workers
 * that `spawnWorker` starts, over a shared memory; absent or 1 is the single-thread backend.
 */
export interface WasmBackendOptions {
  variant?: "auto" | WasmVariant;
  /** Threads that compute one matmul (the caller included): 1 (default) … 4. */
  threads?: number;
  /** Starts one helper worker; required when threads ≥ 2 (Node: spawnNodeWasmWorker in src/cli/wasm-threads-node.ts). */
  spawnWorker?: SpawnWasmWorker;
  /** Threads only: the shared memory's maximum in 64 KiB pages (default 16384 = 1 GiB, at most 65536). */
  maximumMemoryPages?: number;
  /** Threads only: tuning of the split (FLOP and element thresholds, chunks per thread, spin times). */
  threadOptions?: MatmulThreadsOptions;
}

/** One instance of the kernel module with its own memory, the kernels bound to it and the allocator of that memory. */
export interface WasmBackend {
  readonly variant: WasmVariant;
  readonly kernels: Kernels;
  readonly allocator: Allocator;
  readonly memory: WasmMemory;
  /** Threads that compute a large matmul: 1, or the `threads` option. */
  readonly threads: number;
  /** The multi-thread matmul (threads ≥ 2 only): readiness of the workers and counters. */
  readonly matmulThreads?: MatmulThreads;
  /** Stops the helper workers (threads ≥ 2); the kernels keep working on the calling thread. No-op otherwise. */
  dispose(): void;
}

/** A build of the kernel module: private memory, or shared memory with the threads exports. */
type Build = WasmVariant | "simd-shared" | "relaxed-shared";

const bytesCache = new Map<Build, Uint8Array>();
const moduleCache = new Map<Build, WasmModule>();
let relaxedSupport: boolean | undefined;
const sharedSupport = new Map<WasmVariant, boolean>();

const BASE64: Record<Build, () => string> = {
  "simd": () => simdWasmBase64,
  "relaxed-simd": () => relaxedWasmBase64,
  "simd-shared": () => simdSharedWasmBase64,
  "relaxed-shared": () => relaxedSharedWasmBase64,
};

function moduleBytes(build: Build): Uint8Array {
  let bytes = bytesCache.get(build);
  if (bytes === undefined) {
    bytes = decodeBase64(BASE64[build]());
    bytesCache.set(build, bytes);
  }
  return bytes;
}

const sharedBuild = (variant: WasmVariant): Build => (variant === "simd" ? "simd-shared" : "relaxed-shared");

/** Default maximum of a shared memory: 1 GiB (the module allows up to 4 GiB; browsers may refuse large reservations). */
const DEFAULT_MAXIMUM_PAGES = 16384;

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

/**
 * Whether this engine can run the multi-thread matmul of `variant`: SharedArrayBuffer exists
 * (in a browser: the page is cross-origin isolated), a shared WebAssembly.Memory can be made and
 * the shared-memory build validates. Workers are the caller's business (spawnWorker).
 */
export function wasmThreadsSupported(variant: WasmVariant = "simd"): boolean {
  let ok = sharedSupport.get(variant);
  if (ok === undefined) {
    ok = false;
    try {
      const api = wasmApi();
      const memory = new (api.Memory as SharedMemoryConstructor)({ initial: 1, maximum: 1, shared: true });
      ok = typeof SharedArrayBuffer !== "undefined" && (memory.buffer as ArrayBufferLike) instanceof SharedArrayBuffer &&
        api.validate(moduleBytes(sharedBuild(variant)));
    } catch {
      ok = false;
    }
    sharedSupport.set(variant, ok);
  }
  return ok;
}

type SharedMemoryConstructor = new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;

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
  const allocator = new WasmAllocator(memory, base);
  return {
    variant,
    kernels: wasmKernels(variant === "simd" ? "wasm-simd" : "wasm-relaxed-simd", wasm, allocator),
    allocator,
    memory,
    threads: 1,
    dispose: () => {},
  };
}

/** resolveVariant for the shared-memory builds: "auto" falls back to plain SIMD where relaxed SIMD with threads does not validate. */
function resolveSharedVariant(requested: WasmBackendOptions["variant"]): WasmVariant {
  const variant = resolveVariant(requested);
  if ((requested ?? "auto") === "auto" && variant === "relaxed-simd" && !wasmThreadsSupported("relaxed-simd")) return "simd";
  return variant;
}

/** Threads ≥ 2 after validation, or 1 for the single-thread backend. */
function resolveThreads(options: WasmBackendOptions): number {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`gradscope: threads must be a positive integer, got ${String(threads)}`);
  if (threads > 1 && typeof options.spawnWorker !== "function") {
    throw new Error("gradscope: threads > 1 needs spawnWorker, a function that starts a worker running serveMatmulThread " +
      "(in Node: spawnNodeWasmWorker from gradscope's cli/wasm-threads-node.js)");
  }
  return threads;
}

/**
 * Instantiates a shared-memory build on a new shared memory and starts threads − 1 workers on it.
 * The kernels are those of instantiate(); only matmul is split.
 */
function instantiateShared(variant: WasmVariant, module: WasmModule, threads: number, options: WasmBackendOptions): WasmBackend {
  const api = wasmApi();
  const maximum = options.maximumMemoryPages ?? DEFAULT_MAXIMUM_PAGES;
  if (!Number.isInteger(maximum) || maximum < 16 || maximum > 65536) {
    throw new RangeError(`gradscope: maximumMemoryPages must be an integer in 16 … 65536, got ${String(maximum)}`);
  }
  const memory = new (api.Memory as SharedMemoryConstructor)({ initial: 16, maximum, shared: true });
  const instance = new api.Instance(module, {
    env: { memory, abort: () => { throw new Error("gradscope: the wasm kernel module aborted"); } },
  });
  const wasm = kernelExports(instance);
  const base = wasm.reservedEnd();
  if (base > memory.buffer.byteLength) memory.grow(Math.ceil((base - memory.buffer.byteLength) / PAGE_BYTES));
  const spawn = options.spawnWorker as SpawnWasmWorker;
  const pool = new MatmulThreads(wasm, threadExports(instance), module, memory, threads, spawn, options.threadOptions);
  const name = `${variant === "simd" ? "wasm-simd" : "wasm-relaxed-simd"}-${threads}threads`;
  const allocator = new WasmAllocator(memory, base, maximum);
  return {
    variant,
    kernels: wasmKernels(name, wasm, allocator, pool),
    allocator,
    memory,
    threads,
    matmulThreads: pool,
    dispose: () => pool.dispose(),
  };
}

/** The compiled shared-memory build of `variant`, or an error saying why the engine cannot run it. */
function sharedModuleBytes(variant: WasmVariant): Uint8Array {
  if (!wasmThreadsSupported(variant)) {
    throw new Error("gradscope: this engine cannot run the wasm threads (needs SharedArrayBuffer — in a browser a " +
      "cross-origin isolated page — a shared WebAssembly.Memory and wasm threads" +
      (variant === "relaxed-simd" ? " with relaxed SIMD" : "") + ")");
  }
  return moduleBytes(sharedBuild(variant));
}

/** What createWasmBackend and compileWasmBackend share: the build to compile, its bytes, and the instantiation of the compiled module. */
interface BackendPlan {
  build: Build;
  bytes(): Uint8Array;
  instantiate(module: WasmModule): WasmBackend;
}

function planBackend(options: WasmBackendOptions): BackendPlan {
  const threads = resolveThreads(options);
  if (threads > 1) {
    const variant = resolveSharedVariant(options.variant);
    return {
      build: sharedBuild(variant),
      bytes: () => sharedModuleBytes(variant),
      instantiate: (module) => instantiateShared(variant, module, threads, options),
    };
  }
  const variant = resolveVariant(options.variant);
  return { build: variant, bytes: () => moduleBytes(variant), instantiate: (module) => instantiate(variant, module) };
}

/**
 * Creates a wasm backend synchronously (new WebAssembly.Module / Instance). Throws if "relaxed-simd"
 * is asked for and the engine lacks it. NOTE: Chrome refuses synchronous compilation of modules
 * over 4 KB on its main thread; there, call this in a worker or use compileWasmBackend.
 *
 * With `threads: 2` and a `spawnWorker`, the shared-memory build is instantiated on a shared
 * memory here and in a worker, and every matmul of at least threadOptions.minFlops, and every
 * elementwise kernel over at least threadOptions.minElements, is split between the two
 * (bit-identical results); call dispose() to stop the worker.
 *
 * @example
 * const { kernels, allocator } = createWasmBackend();
 * const a = allocator.allocate("float32", 6); // views of a, b, c go to kernels.matmul(...)
 * // two threads in Node:
 * // const w = createWasmBackend({ threads: 2, spawnWorker: spawnNodeWasmWorker }); … w.dispose();
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const plan = planBackend(options);
  let module = moduleCache.get(plan.build);
  if (module === undefined) {
    module = new (wasmApi().Module)(plan.bytes());
    moduleCache.set(plan.build, module);
  }
  return plan.instantiate(module);
}

/** createWasmBackend with asynchronous compilation (WebAssembly.compile), for a browser's main thread. */
export async function compileWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const plan = planBackend(options);
  let module = moduleCache.get(plan.build);
  if (module === undefined) {
    module = await wasmApi().compile(plan.bytes());
    moduleCache.set(plan.build, module);
  }
  return plan.instantiate(module);
}
