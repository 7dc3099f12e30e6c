/**
 * The opt-in multi-thread matmul and elementwise kernels: one kernel module (a shared-memory
 * build) instantiated on one shared WebAssembly.Memory by the calling thread and by helper workers. A large matmul is cut
 * into chunks of C (column panels or row blocks, multiples of the 6×8 micro-tile); the caller
 * publishes the job in a control block of the shared memory, wakes the workers, and every
 * thread — the caller included — claims chunks one at a time with a compare-and-swap until none
 * is left, each packing into its own scratch set (matmulPart(…, thread)). The caller then waits
 * until every claimed chunk is complete.
 *
 * Every element of C is summed in the same order as by the single-thread matmul (k in blocks
 * of KC from 0, then added to C), so the result is bit-identical to it whatever the split.
 *
 * Large elementwise kernels (unary and its backward, addRowVector, axpy) are split the same way,
 * one chunk per thread: the caller, claiming first, usually takes the first part, as it takes the
 * first rows of a matmul, so each thread mostly reads what it has just written. Without that, the
 * elementwise work that follows a split matmul ran up to 2× slower on one thread than without
 * threads, reading half its input from the other core's cache. Each element's result does not
 * depend on the split.
 *
 * Nothing here creates a thread: the caller passes `spawnWorker`, which starts a worker (a Node
 * worker_threads Worker, a Web Worker) that calls serveMatmulThread(spec) with the spec it was
 * given. A worker that is late, or never starts, only means that the caller claims more chunks.
 * In a browser (cross-origin isolated page, so that SharedArrayBuffer exists):
 *
 *   // matmul-worker.js (type: "module")
 *   import { serveMatmulThread } from ".../core/kernels/wasm/threads.js";
 *   onmessage = (event) => serveMatmulThread(event.data); // blocks this worker for good
 *   // page
 *   const spawnWorker = (spec) => {
 *     const w = new Worker(new URL("./matmul-worker.js", import.meta.url), { type: "module" });
 *     w.postMessage(spec); // the Module and the shared Memory are structured-cloneable
 *     return { terminate: () => w.terminate() };
 *   };
 *   const backend = await compileWasmBackend({ threads: 2, spawnWorker });
 *
 * A browser's main thread may not block in Atomics.wait: there the caller spins instead.
 *
 * Control block (i32 words; each group on its own 64-byte line):
 *   SEQ        job number; idle workers wait on it (Atomics.wait) and the caller notifies
 *   QUIT       1 once dispose() was called; workers return from serveMatmulThread
 *   SLEEPERS   workers blocked in Atomics.wait on SEQ (the caller notifies only if > 0)
 *   READY      workers that have instantiated the module and entered their loop
 *   FAILED     workers that could not start
 *   NOSPIN     1 while the caller has backed off (adaptive): idle workers sleep at once instead of spinning
 *   CLAIM      (job & 0x3fffff) << 10 | chunks << 5 | next chunk: claimed by CAS
 *   COMPLETED  chunks of the current job that are done
 *   ERRORS     chunks of the current job that threw
 *   WAITING    1 while the caller is blocked in Atomics.wait on COMPLETED
 *   ARGS…      a, b, c, m, k, n, transA, transB, accumulate, split by columns, chunk size, op
 *              (elementwise jobs: their addresses from ARGS + 0, the count at ARGS + 4, the kind
 *              or columns at ARGS + 5, the chunk size at ARGS + 10, op, then alpha as a float64)
 */
import { UNARY_KINDS, kernelExports, type KernelExports, type WasmBackward, type WasmForward } from "./exports.js";
import type { UnaryKind } from "../kernels.js";
import { wasmApi, type WasmInstance, type WasmMemory, type WasmModule } from "./webassembly.js";

const SEQ = 0, QUIT = 1, SLEEPERS = 2, READY = 3, FAILED = 4, NOSPIN = 5;
const CLAIM = 16, COMPLETED = 17, ERRORS = 18, WAITING = 19;
const ARGS = 32;
/** ARGS + OP: what a job computes; elementwise jobs put their arguments in ARGS + 0 … 5 and a float64 alpha at ARGS + ALPHA. */
const OP = 11, ALPHA = 12;
const OP_MATMUL = 0, OP_FORWARD = 1, OP_BACKWARD = 2, OP_ADD_ROW = 3, OP_AXPY = 4;
/** Elementwise chunks start at multiples of this many floats (whole vectors and unrolled blocks: the same bits as one call). */
const ELEMENT_ALIGN = 64;
/** A unary kind's index in UNARY_KINDS, the number an elementwise job carries. */
const KIND_INDEX = new Map(UNARY_KINDS.map((kind, i) => [kind, i]));

/** @internal The word indices of the control block, for tests that play a misbehaving worker. */
export const CONTROL_LAYOUT = { SEQ, QUIT, SLEEPERS, READY, FAILED, NOSPIN, CLAIM, COMPLETED, ERRORS, WAITING, ARGS } as const;
/** Words of the control block the protocol uses (the module reserves threadControlBytes() ≥ this × 4). */
const CONTROL_WORDS = 48;
const JOB_MASK = 0x3fffff;
/** At most 31 chunks per job (5 bits of CLAIM). */
const MAX_CHUNKS = 31;

/** What a worker needs to serve matmul chunks: all of it structured-cloneable (postMessage, workerData). */
export interface WasmThreadSpec {
  /** The compiled shared-memory kernel module (the same one the caller instantiated). */
  readonly module: WasmModule;
  /** The shared WebAssembly.Memory (its buffer is a SharedArrayBuffer). */
  readonly memory: WasmMemory;
  /** This worker's thread index, 1 … threads − 1: the scratch set it packs into. */
  readonly thread: number;
  /** How long an idle worker spins on the control word before it blocks in Atomics.wait, in µs. */
  readonly spinMicroseconds: number;
}

/** A started worker, as spawnWorker returns it. */
export interface WasmWorkerHandle {
  /** Stops the worker (it may already have returned after dispose); must not throw. May return a promise of the exit. */
  terminate(): void | Promise<unknown>;
}

/**
 * Starts a worker that calls serveMatmulThread(spec) (in Node: worker_threads with the spec as
 * workerData, see src/cli/wasm-threads-node.ts; in a browser: a Web Worker that receives the
 * spec by postMessage). It must not block the caller, and an idle worker should not keep the
 * process alive (unref it in Node).
 */
export type SpawnWasmWorker = (spec: WasmThreadSpec) => WasmWorkerHandle;

/** The exports of the shared-memory builds (assembly/shared.ts) that the threads use. */
export interface ThreadExports {
  matmulPart(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number,
    accumulate: number, r0: number, r1: number, c0: number, c1: number, thread: number): void;
  threadControl(): number;
  threadControlBytes(): number;
  threadScratchSets(): number;
  tileRows(): number;
  tileCols(): number;
}

/** The threads exports of an instance of a shared-memory build; throws when the module lacks them. */
export function threadExports(instance: WasmInstance): ThreadExports {
  const names = ["matmulPart", "threadControl", "threadControlBytes", "threadScratchSets", "tileRows", "tileCols"] as const;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const f = instance.exports[name];
    if (typeof f !== "function") throw new Error(`gradscope: the kernel module does not export ${name} (not a shared-memory build)`);
    out[name] = f;
  }
  return out as unknown as ThreadExports;
}

/** A shared WebAssembly.Memory's buffer as a SharedArrayBuffer; throws if the memory is not shared. */
export function sharedBuffer(memory: WasmMemory): SharedArrayBuffer {
  const buffer = memory.buffer as ArrayBufferLike;
  if (typeof SharedArrayBuffer === "undefined" || !(buffer instanceof SharedArrayBuffer)) {
    throw new Error("gradscope: the wasm threads need a shared WebAssembly.Memory (SharedArrayBuffer)");
  }
  return buffer;
}

/** @internal The Int32Array over the control block. NOTE: it stays valid after memory.grow (the block never moves). */
export function controlView(memory: WasmMemory, exports: ThreadExports): Int32Array {
  if (exports.threadControlBytes() < CONTROL_WORDS * 4) throw new Error("gradscope: the kernel module's control block is too small");
  return new Int32Array(sharedBuffer(memory), exports.threadControl(), CONTROL_WORDS);
}

const now = (): number => performance.now();

/** The float64 alpha of elementwise jobs, inside the control block. */
const alphaView = (ctl: Int32Array): Float64Array => new Float64Array(ctl.buffer, ctl.byteOffset + (ARGS + ALPHA) * 4, 1);

/**
 * Claims chunks of job `job` one at a time and computes them with thread `thread`'s scratch,
 * until the job has none left or was replaced. The arguments are read only after a successful
 * claim: the caller cannot publish the next job before this chunk is counted COMPLETED.
 * Returns the number of chunks computed.
 */
function workOn(ctl: Int32Array, alpha: Float64Array, job: number, exports: ThreadExports, kernels: KernelExports,
  thread: number, notifyCaller: boolean): number {
  let done = 0;
  for (;;) {
    const v = Atomics.load(ctl, CLAIM);
    if (v >>> 10 !== job) return done;
    const chunks = (v >>> 5) & 31, next = v & 31;
    if (next >= chunks) return done;
    if (Atomics.compareExchange(ctl, CLAIM, v, v + 1) !== v) continue;
    try {
      if (ctl[ARGS + OP] === OP_MATMUL) matmulChunk(ctl, next, exports, thread);
      else elementwiseChunk(ctl, alpha[0], next, kernels);
    } catch {
      Atomics.add(ctl, ERRORS, 1);
    }
    Atomics.add(ctl, COMPLETED, 1);
    if (notifyCaller && Atomics.load(ctl, WAITING) !== 0) Atomics.notify(ctl, COMPLETED);
    done++;
  }
}

/** Chunk `index` of the published matmul, in thread `thread`'s packing scratch. */
function matmulChunk(ctl: Int32Array, index: number, exports: ThreadExports, thread: number): void {
  const a = ctl[ARGS], b = ctl[ARGS + 1], c = ctl[ARGS + 2], m = ctl[ARGS + 3], k = ctl[ARGS + 4], n = ctl[ARGS + 5];
  const transA = ctl[ARGS + 6], transB = ctl[ARGS + 7], accumulate = ctl[ARGS + 8];
  const byColumns = ctl[ARGS + 9] !== 0, size = ctl[ARGS + 10];
  const lo = index * size;
  if (byColumns) exports.matmulPart(a, b, c, m, k, n, transA, transB, accumulate, 0, m, lo, Math.min(n, lo + size), thread);
  else exports.matmulPart(a, b, c, m, k, n, transA, transB, accumulate, lo, Math.min(m, lo + size), 0, n, thread);
}

/**
 * Chunk `index` of the published elementwise job: the same kernel on elements [lo, hi) (rows for
 * addRowVector), at byte addresses moved by lo; each element's result does not depend on the split.
 */
function elementwiseChunk(ctl: Int32Array, alpha: number, index: number, kernels: KernelExports): void {
  const op = ctl[ARGS + OP], count = ctl[ARGS + 4], size = ctl[ARGS + 10];
  const lo = index * size, len = Math.min(count, lo + size) - lo;
  if (len <= 0) return;
  const at = (slot: number, scale = 1): number => ctl[ARGS + slot] + 4 * lo * scale;
  if (op === OP_FORWARD) {
    (kernels.forward[UNARY_KINDS[ctl[ARGS + 5]]] as WasmForward)(at(0), at(1), len, alpha);
  } else if (op === OP_BACKWARD) {
    (kernels.backward[UNARY_KINDS[ctl[ARGS + 5]]] as WasmBackward)(at(0), at(1), at(2), at(3), len, alpha);
  } else if (op === OP_ADD_ROW) {
    const cols = ctl[ARGS + 5];
    kernels.addRowVector(at(0, cols), ctl[ARGS + 1], at(2, cols), len, cols);
  } else if (op === OP_AXPY) {
    kernels.axpy(alpha, at(0), at(1), len);
  } else {
    throw new Error(`gradscope: unknown wasm thread job ${op}`);
  }
}

/**
 * The body of a helper worker: instantiates the module on the shared memory, then serves matmul
 * chunks until the caller disposes of the threads. Blocks its thread (spinning for
 * spec.spinMicroseconds after each job, then Atomics.wait); returns once QUIT is set.
 */
export function serveMatmulThread(spec: WasmThreadSpec): void {
  const api = wasmApi();
  let exports: ThreadExports, kernels: KernelExports;
  let ctl: Int32Array | undefined;
  try {
    const instance = new api.Instance(spec.module, {
      env: { memory: spec.memory, abort: () => { throw new Error("gradscope: the wasm kernel module aborted"); } },
    });
    exports = threadExports(instance);
    kernels = kernelExports(instance);
    ctl = controlView(spec.memory, exports);
    if (!(spec.thread >= 1 && spec.thread < exports.threadScratchSets())) {
      throw new Error(`gradscope: wasm thread index ${spec.thread} outside 1 … ${exports.threadScratchSets() - 1}`);
    }
  } catch (error) {
    if (ctl !== undefined) Atomics.add(ctl, FAILED, 1);
    throw error;
  }
  const spinMs = Math.max(0, spec.spinMicroseconds) / 1000;
  const alpha = alphaView(ctl);
  let seen = Atomics.load(ctl, SEQ);
  Atomics.add(ctl, READY, 1);
  for (;;) {
    if (Atomics.load(ctl, QUIT) !== 0) return;
    const seq = Atomics.load(ctl, SEQ);
    if (seq !== seen) {
      seen = seq;
      workOn(ctl, alpha, seq, exports, kernels, spec.thread, true);
      continue;
    }
    // idle: spin for a while (a training step issues matmuls tens of µs apart), then sleep; sleep at
    // once while the caller has backed off, so that spinning takes no CPU from it
    let until = now() + spinMs;
    let spins = Atomics.load(ctl, NOSPIN) !== 0 ? 255 : 0;
    while (Atomics.load(ctl, SEQ) === seen && Atomics.load(ctl, QUIT) === 0) {
      if ((++spins & 255) === 0 && (now() > until || Atomics.load(ctl, NOSPIN) !== 0)) {
        Atomics.add(ctl, SLEEPERS, 1);
        Atomics.wait(ctl, SEQ, seen);
        Atomics.sub(ctl, SLEEPERS, 1);
        until = now() + spinMs; // woken by a job, or by warmUp(): spin again before sleeping
      }
    }
  }
}

/** Tuning of the caller side; every field has a measured default. */
export interface MatmulThreadsOptions {
  /** Matmuls with fewer than this many FLOPs (2·m·k·n) run on the calling thread alone. */
  minFlops?: number;
  /**
   * Elementwise kernels (unary and its backward, addRowVector, axpy) over at least this many
   * elements are split between the threads too, one chunk each (default 4096; Infinity: never).
   * Even where the work alone gains little (an axpy of 8192 floats: 2.4 µs, 2.7 split), it keeps
   * each thread on the rows it computed: an addRowVector left whole after a split matmul, with
   * the activation split after it, made that activation slower than on one thread (W1): a
   * thread that reads rows the other one wrote fetches them from the other core's cache.
   */
  minElements?: number;
  /**
   * Chunks per thread of a split matmul (default 1: thread t computes the t-th block of C, as it
   * computes the t-th part of the elementwise kernels that read C next; more balances a late or
   * slow thread, at more packing and with less of C in the cache of the thread that reads it).
   */
  chunksPerThread?: number;
  /** How long an idle worker spins before it blocks in Atomics.wait, in µs. */
  spinMicroseconds?: number;
  /** How long the caller spins waiting for the workers' chunks before it blocks, in µs. */
  waitSpinMicroseconds?: number;
  /** How long the caller waits for a claimed chunk before it gives up and throws, in ms. */
  timeoutMs?: number;
  /**
   * Back off when splitting does not pay (default true): after 3 split matmuls in a row that took
   * longer than the caller alone would have — a worker preempted by other processes while holding
   * a chunk — the next 16 matmuls run on the caller alone (idle workers sleeping instead of
   * spinning), then splitting is tried again; one more slow split doubles the pause (up to 4096
   * matmuls), each fast split halves it. Results are bit-identical either way; only the speed changes.
   */
  adaptive?: boolean;
}

export const DEFAULT_MIN_FLOPS = 2e6;
const DEFAULTS: Required<MatmulThreadsOptions> = {
  minFlops: DEFAULT_MIN_FLOPS,
  minElements: 4096,
  chunksPerThread: 1,
  spinMicroseconds: 2000,
  waitSpinMicroseconds: 5000,
  timeoutMs: 60000,
  adaptive: true,
};
const STRIKES = 3, MIN_PAUSE = 16, MAX_PAUSE = 4096, WARM_UP = 3;

/** Counters of a MatmulThreads, for tests and the bench. */
export interface MatmulThreadsStats {
  /** Matmuls split into chunks, and run whole on the caller. */
  split: number;
  whole: number;
  /** Elementwise kernels (unary, unaryBackward, addRowVector, axpy) split between the threads. */
  elementwiseSplit: number;
  /** Chunks of the split jobs computed by the caller (the rest were computed by workers). */
  chunksOnCaller: number;
  chunksTotal: number;
  /** Split matmuls slower than the caller alone would have been, and matmuls run whole because of them (adaptive). */
  slowSplits: number;
  pausedMatmuls: number;
}

/**
 * The caller side: splits large matmuls and elementwise kernels between the calling thread
 * (thread 0) and `threads − 1` workers started with `spawn`. Used by createWasmBackend({ threads }).
 */
export class MatmulThreads {
  readonly threads: number;
  private readonly ctl: Int32Array;
  private readonly handles: WasmWorkerHandle[] = [];
  private readonly opts: Required<MatmulThreadsOptions>;
  private job = 0;
  private disposed = false;
  private canBlock = true;
  private readonly tileRows: number;
  private readonly tileCols: number;
  readonly stats: MatmulThreadsStats = { split: 0, whole: 0, elementwiseSplit: 0, chunksOnCaller: 0, chunksTotal: 0, slowSplits: 0, pausedMatmuls: 0 };
  private readonly alpha: Float64Array;
  /** Adaptive back-off: slow splits in a row, matmuls left to run whole, length of the next pause. */
  private strikes = 0;
  private paused = 0;
  private pause = MIN_PAUSE;

  constructor(private readonly wasm: KernelExports, private readonly exports: ThreadExports, module: WasmModule,
    memory: WasmMemory, threads: number, spawn: SpawnWasmWorker, options: MatmulThreadsOptions = {}) {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`gradscope: MatmulThreads needs threads ≥ 2, got ${threads}`);
    if (threads > exports.threadScratchSets()) {
      throw new RangeError(`gradscope: the kernel module has scratch for ${exports.threadScratchSets()} threads, ${threads} asked for`);
    }
    this.threads = threads;
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.ctl = controlView(memory, exports);
    this.alpha = alphaView(this.ctl);
    this.tileRows = exports.tileRows();
    this.tileCols = exports.tileCols();
    this.ctl.fill(0);
    try {
      for (let t = 1; t < threads; t++) {
        this.handles.push(spawn({ module, memory, thread: t, spinMicroseconds: this.opts.spinMicroseconds }));
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** Workers that have started and are serving chunks. */
  ready(): number {
    return Atomics.load(this.ctl, READY);
  }

  /** Workers that failed to start (their matmul chunks are done by the caller). */
  failed(): number {
    return Atomics.load(this.ctl, FAILED);
  }

  /**
   * Resolves when every worker is ready (or has failed), polling every few ms; rejects after
   * `timeoutMs`. Not needed for correctness: until then the caller computes every chunk.
   */
  async whenReady(timeoutMs = 10000): Promise<number> {
    const deadline = now() + timeoutMs;
    while (this.ready() + this.failed() < this.threads - 1) {
      if (this.disposed) break;
      if (now() > deadline) throw new Error(`gradscope: ${this.threads - 1 - this.ready()} wasm worker(s) not ready after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return this.ready();
  }

  /** C (+)= op(A)·op(B) at byte addresses of the shared memory, split when large enough. */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number,
    transA: number, transB: number, accumulate: number): void {
    const flops = 2 * m * k * n;
    if (this.disposed || flops < this.opts.minFlops || k <= 0 || this.paused > 0) {
      if (this.paused > 0 && !this.disposed && flops >= this.opts.minFlops) {
        this.stats.pausedMatmuls++;
        if (--this.paused === WARM_UP) {
          // a few matmuls before splitting again, wake the workers so that they spin when it comes:
          // a probe that met a sleeping worker would look slow and prolong the back-off for good
          Atomics.store(this.ctl, NOSPIN, 0);
          if (Atomics.load(this.ctl, SLEEPERS) !== 0) Atomics.notify(this.ctl, SEQ);
        }
        if (this.paused === 0) this.strikes = STRIKES - 1; // one more slow split resumes the back-off
      }
      this.stats.whole++;
      this.wasm.matmul(a, b, c, m, k, n, transA, transB, accumulate);
      return;
    }
    // Split so that no chunk repeats another's packing. Without transB the kernel reads B in
    // place: chunks of rows pack only their own rows of A (unless A has too few rows to share
    // out). With transB, B is packed too: chunks of columns repeat A's packing, chunks of rows
    // repeat B's, so repeat the smaller of the two.
    const byColumns = transB !== 0 ? n >= m : Math.ceil(m / this.tileRows) < this.threads;
    const extent = byColumns ? n : m, unit = byColumns ? this.tileCols : this.tileRows;
    const units = Math.ceil(extent / unit);
    const want = Math.min(MAX_CHUNKS, units, this.threads * Math.max(1, Math.floor(this.opts.chunksPerThread)));
    const size = Math.ceil(units / want) * unit;
    const chunks = Math.ceil(extent / size);
    if (chunks < 2) {
      this.stats.whole++;
      this.wasm.matmul(a, b, c, m, k, n, transA, transB, accumulate);
      return;
    }
    const ctl = this.ctl;
    const t0 = now();
    ctl[ARGS] = a; ctl[ARGS + 1] = b; ctl[ARGS + 2] = c;
    ctl[ARGS + 3] = m; ctl[ARGS + 4] = k; ctl[ARGS + 5] = n;
    ctl[ARGS + 6] = transA; ctl[ARGS + 7] = transB; ctl[ARGS + 8] = accumulate;
    ctl[ARGS + 9] = byColumns ? 1 : 0; ctl[ARGS + 10] = size; ctl[ARGS + OP] = OP_MATMUL;
    const { mine, t1 } = this.dispatch(chunks);
    this.judge(t1 - t0, now() - t1, mine, chunks);
    this.stats.split++;
    this.stats.chunksOnCaller += mine;
    this.stats.chunksTotal += chunks;
    if (Atomics.load(ctl, ERRORS) !== 0) throw new Error("gradscope: a wasm matmul chunk failed in a worker thread");
  }

  /**
   * Publishes the job whose arguments are in the control block as `chunks` chunks, computes
   * chunks on this thread until none is left, then waits for the workers' chunks. Returns the
   * chunks computed here and the time at which this thread ran out of chunks.
   */
  private dispatch(chunks: number): { mine: number; t1: number } {
    const ctl = this.ctl;
    const job = (this.job = (this.job + 1) & JOB_MASK);
    Atomics.store(ctl, COMPLETED, 0);
    Atomics.store(ctl, ERRORS, 0);
    Atomics.store(ctl, CLAIM, (job << 10) | (chunks << 5));
    Atomics.store(ctl, SEQ, job);
    if (Atomics.load(ctl, SLEEPERS) !== 0) Atomics.notify(ctl, SEQ);
    const mine = workOn(ctl, this.alpha, job, this.exports, this.wasm, 0, false);
    const t1 = now();
    this.waitForChunks(chunks);
    return { mine, t1 };
  }

  /**
   * Elementwise work over `count` elements (rows for addRowVector) whose arguments are in the
   * control block, once splits() said yes: one chunk per thread, cut at multiples of 64 elements,
   * so that each thread works on the rows of C it computed in the matmul before (rows are split
   * in the same order) and the result is bit-identical to one call. Returns false, computing
   * nothing, when it makes fewer than two chunks: the caller then runs it alone.
   */
  private splitElementwise(op: number, count: number, alpha: number): boolean {
    const ctl = this.ctl;
    const per = Math.ceil(count / this.threads);
    const size = op === OP_ADD_ROW ? per : Math.ceil(per / ELEMENT_ALIGN) * ELEMENT_ALIGN;
    const chunks = Math.ceil(count / size);
    if (chunks < 2) return false;
    ctl[ARGS + 4] = count; ctl[ARGS + 10] = size; ctl[ARGS + OP] = op;
    this.alpha[0] = alpha;
    const { mine } = this.dispatch(chunks);
    this.stats.elementwiseSplit++;
    this.stats.chunksOnCaller += mine;
    this.stats.chunksTotal += chunks;
    if (Atomics.load(ctl, ERRORS) !== 0) throw new Error("gradscope: a wasm elementwise chunk failed in a worker thread");
    return true;
  }

  /** Whether elementwise work over `elements` floats is split: at least minElements, and splitting neither paused nor disposed. */
  private splits(elements: number): boolean {
    return elements >= this.opts.minElements && this.paused === 0 && !this.disposed;
  }

  /** y = f(x) over n floats at byte addresses x and y, split between the threads when large; false: not split (run it alone). */
  unary(kind: UnaryKind, x: number, y: number, n: number, alpha: number): boolean {
    if (!this.splits(n) || this.wasm.forward[kind] === undefined) return false;
    const ctl = this.ctl;
    ctl[ARGS] = x; ctl[ARGS + 1] = y; ctl[ARGS + 5] = KIND_INDEX.get(kind) as number;
    return this.splitElementwise(OP_FORWARD, n, alpha);
  }

  /** dx = dy·f'(x) over n floats (y the saved output), split when large; false: not split. */
  unaryBackward(kind: UnaryKind, x: number, y: number, dy: number, dx: number, n: number, alpha: number): boolean {
    if (!this.splits(n) || this.wasm.backward[kind] === undefined) return false;
    const ctl = this.ctl;
    ctl[ARGS] = x; ctl[ARGS + 1] = y; ctl[ARGS + 2] = dy; ctl[ARGS + 3] = dx; ctl[ARGS + 5] = KIND_INDEX.get(kind) as number;
    return this.splitElementwise(OP_BACKWARD, n, alpha);
  }

  /** y[r,c] = x[r,c] + b[c], split by rows when large; false: not split. */
  addRowVector(x: number, b: number, y: number, rows: number, cols: number): boolean {
    if (!this.splits(rows * cols)) return false;
    const ctl = this.ctl;
    ctl[ARGS] = x; ctl[ARGS + 1] = b; ctl[ARGS + 2] = y; ctl[ARGS + 5] = cols;
    return this.splitElementwise(OP_ADD_ROW, rows, 0);
  }

  /** y[i] += alpha·x[i] over n floats, split when large; false: not split. */
  axpy(alpha: number, x: number, y: number, n: number): boolean {
    if (!this.splits(n)) return false;
    const ctl = this.ctl;
    ctl[ARGS] = x; ctl[ARGS + 1] = y;
    return this.splitElementwise(OP_AXPY, n, alpha);
  }

  /**
   * Adaptive back-off: a split was slow when the caller's wait for the workers exceeded what the
   * chunks they computed would have cost the caller (estimated from its own chunks).
   */
  private judge(own: number, wait: number, mine: number, chunks: number): void {
    const slow = mine > 0 && wait > (own / mine) * (chunks - mine);
    if (!slow) {
      this.strikes = 0;
      this.pause = Math.max(MIN_PAUSE, this.pause / 2);
      return;
    }
    this.stats.slowSplits++;
    if (!this.opts.adaptive || ++this.strikes < STRIKES) return;
    this.strikes = 0;
    this.paused = this.pause;
    this.pause = Math.min(MAX_PAUSE, this.pause * 2);
    Atomics.store(this.ctl, NOSPIN, 1);
  }

  /** Spins, then blocks, until COMPLETED reaches `chunks`; throws after opts.timeoutMs. */
  private waitForChunks(chunks: number): void {
    const ctl = this.ctl;
    if (Atomics.load(ctl, COMPLETED) >= chunks) return;
    const start = now();
    const spinUntil = start + this.opts.waitSpinMicroseconds / 1000;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, COMPLETED);
      if (done >= chunks) return;
      if ((++spins & 255) !== 0) continue;
      const t = now();
      if (t - start > this.opts.timeoutMs) {
        // a worker claimed a chunk and never finished it: it is gone or stuck; stop using threads
        this.disposed = true;
        this.terminateWorkers();
        throw new Error(`gradscope: a wasm worker did not finish its matmul chunk within ${this.opts.timeoutMs} ms; threads disabled`);
      }
      if (t < spinUntil || !this.canBlock) continue;
      Atomics.store(ctl, WAITING, 1);
      try {
        if (Atomics.load(ctl, COMPLETED) === done) Atomics.wait(ctl, COMPLETED, done, 50);
      } catch {
        this.canBlock = false; // a browser's main thread may not block: keep spinning
      }
      Atomics.store(ctl, WAITING, 0);
    }
  }

  /**
   * Tells the workers to return, then terminates them; later matmuls run on the caller alone.
   * Safe to call twice. Must not be called from inside a matmul (it never is: both are synchronous).
   */
  dispose(): void {
    if (this.handles.length === 0 && this.disposed) return;
    this.disposed = true;
    Atomics.store(this.ctl, QUIT, 1);
    Atomics.store(this.ctl, SEQ, (this.job = (this.job + 1) & JOB_MASK));
    Atomics.notify(this.ctl, SEQ);
    this.terminateWorkers();
  }

  private terminateWorkers(): void {
    for (const handle of this.handles.splice(0)) {
      try {
        const done = handle.terminate();
        if (done instanceof Promise) done.catch(() => undefined);
      } catch { /* already gone */ }
    }
  }
}
