// The opt-in multi-thread wasm matmul and elementwise kernels (createWasmBackend({ threads: 2,
// spawnWorker })): results bit-identical to the single-thread kernels, a whole training step identical, workers that do
// take part, the shared-memory allocator, and no hang when a worker is gone or stuck.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { spawnNodeWasmWorker } from "../../../src/cli/wasm-threads-node.js";
import {
  Rng, Tape, add, kernelsFor, logSoftmax, matmul, mean, neg, pickPerRow, setBackend, tanh, tensor, zeroGrad, type Tensor,
} from "../../../src/core/index.js";
import {
  compileWasmBackend, createWasmBackend, relaxedSimdSupported, wasmThreadsSupported,
  type MatmulThreadsOptions, type SpawnWasmWorker, type WasmBackend, type WasmVariant, type WasmWorkerHandle,
} from "../../../src/core/kernels/wasm/index.js";
import { fillUniform, mulberry32, variants } from "./helpers.js";

const threadSkip = wasmThreadsSupported() ? false : "this engine has no shared WebAssembly memory";
const backends: WasmBackend[] = [];
after(() => { for (const b of backends.splice(0)) b.dispose(); });

/** A two-thread backend, disposed after the file's tests; minFlops 0 splits every matmul (small shapes too), never backing off. */
function threaded(variant: WasmVariant, threadOptions: MatmulThreadsOptions = {},
  spawnWorker = spawnNodeWasmWorker, extra: { maximumMemoryPages?: number } = {}): WasmBackend {
  const b = createWasmBackend({ variant, threads: 2, spawnWorker, threadOptions: { minFlops: 0, adaptive: false, ...threadOptions }, ...extra });
  backends.push(b);
  return b;
}

/** A float32 storage of `backend` holding `values`. */
function put(backend: WasmBackend, values: Float32Array): { view: () => Float32Array; release: () => void } {
  const s = backend.allocator.allocate("float32", values.length);
  s.view().set(values);
  return { view: () => s.view() as Float32Array, release: () => s.release() };
}

/** Index of the first element whose bits differ, or −1. */
function firstBitDifference(x: Float32Array, y: Float32Array): number {
  const u = new Uint32Array(x.buffer, x.byteOffset, x.length), v = new Uint32Array(y.buffer, y.byteOffset, y.length);
  if (u.length !== v.length) return Math.min(u.length, v.length);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return i;
  return -1;
}

/** C (+)= op(A)·op(B) of the given inputs on `backend`; returns a copy of C. */
function runMatmul(backend: WasmBackend, a: Float32Array, b: Float32Array, c0: Float32Array,
  [m, k, n]: [number, number, number], transA: boolean, transB: boolean, accumulate: boolean): Float32Array {
  const wa = put(backend, a), wb = put(backend, b), wc = put(backend, c0);
  backend.kernels.matmul(wa.view(), wb.view(), wc.view(), m, k, n, transA, transB, accumulate);
  const out = Float32Array.from(wc.view());
  wa.release(); wb.release(); wc.release();
  return out;
}

const SIZES = [1, 3, 4, 5, 8, 9, 17, 33, 127];
/** Shapes that cross the kernel's blocking (KC 256, MC 192, NC 512) and split by rows (m > n) or by columns. */
const BIG: [number, number, number][] = [[200, 300, 37], [9, 513, 520], [128, 784, 64], [300, 257, 130], [128, 256, 256], [37, 1, 45]];

for (const { variant, skip } of variants()) {
  describe(`wasm ${variant}, two threads`, { skip: skip || threadSkip }, () => {
    it("matmul is bit-identical to the single-thread kernel: random odd shapes, all transposes, accumulate", () => {
      const one = createWasmBackend({ variant });
      const rand = mulberry32(777);
      const pick = (): number => SIZES[Math.floor(rand() * SIZES.length)];
      const shapes: [number, number, number][] = [...BIG];
      for (let i = 0; i < 40; i++) shapes.push([pick(), pick(), pick()]);
      for (const chunksPerThread of [1, 2, 3]) {
        const two = threaded(variant, { chunksPerThread });
        for (const shape of shapes) {
          const [m, k, n] = shape;
          for (const transA of [false, true]) for (const transB of [false, true]) for (const accumulate of [false, true]) {
            const a = new Float32Array(m * k), b = new Float32Array(k * n), c0 = new Float32Array(m * n);
            fillUniform(a, rand); fillUniform(b, rand); fillUniform(c0, rand);
            const want = runMatmul(one, a, b, c0, shape, transA, transB, accumulate);
            const got = runMatmul(two, a, b, c0, shape, transA, transB, accumulate);
            const at = firstBitDifference(got, want);
            if (at >= 0) assert.fail(`${m}x${k}x${n} tA=${transA} tB=${transB} acc=${accumulate} chunks/thread=${chunksPerThread} [${at}]: ${got[at]} vs ${want[at]}`);
          }
        }
        const s = two.matmulThreads?.stats;
        assert.ok(s !== undefined && s.split > 0, "matmuls were split");
      }
      assert.equal(one.allocator.bytesInUse(), 0);
    });

    it("the worker computes chunks, and those are bit-identical too", async (t) => {
      const one = createWasmBackend({ variant });
      const two = threaded(variant);
      const pool = two.matmulThreads;
      assert.ok(pool !== undefined);
      assert.equal(await pool.whenReady(), 1);
      const rand = mulberry32(4242);
      const shape: [number, number, number] = [128, 256, 256];
      const a = new Float32Array(128 * 256), b = new Float32Array(256 * 256), c0 = new Float32Array(128 * 256);
      fillUniform(a, rand); fillUniform(b, rand); fillUniform(c0, rand);
      const want = runMatmul(one, a, b, c0, shape, true, false, true);
      const before = pool.stats.chunksTotal - pool.stats.chunksOnCaller;
      const deadline = Date.now() + 20000;
      let calls = 0;
      // on a loaded machine the worker may be late to claim; go on until it has taken some chunks
      while (pool.stats.chunksTotal - pool.stats.chunksOnCaller - before < 4 && Date.now() < deadline) {
        const got = runMatmul(two, a, b, c0, shape, true, false, true);
        assert.equal(firstBitDifference(got, want), -1, `call ${calls}`);
        calls++;
      }
      const byWorker = pool.stats.chunksTotal - pool.stats.chunksOnCaller - before;
      t.diagnostic(`${calls} calls; the worker computed ${byWorker} chunks of ${calls * 4}`);
      assert.ok(byWorker >= 4, `the worker computed only ${byWorker} chunks in ${calls} calls`);
    });

    it("elementwise kernels split between the threads (unary, its backward, addRowVector, axpy) are bit-identical to one thread", () => {
      const one = createWasmBackend({ variant });
      const two = threaded(variant, { minElements: 4096 });
      const stats = two.matmulThreads?.stats;
      assert.ok(stats !== undefined);
      const rand = mulberry32(2024);
      const data = (n: number, scale = 4): Float32Array => { const a = new Float32Array(n); fillUniform(a, rand); return a.map((v) => v * scale); };
      /** Runs `op` on copies of `inputs` on both backends and compares every output's bits. */
      const same = (label: string, inputs: Float32Array[], op: (k: WasmBackend["kernels"], views: Float32Array[]) => void): void => {
        const outs = [one, two].map((backend) => {
          const held = inputs.map((values) => put(backend, values));
          op(backend.kernels, held.map((h) => h.view()));
          const copies = held.map((h) => Float32Array.from(h.view()));
          for (const h of held) h.release();
          return copies;
        });
        outs[0].forEach((want, i) => {
          const at = firstBitDifference(outs[1][i], want);
          if (at >= 0) assert.fail(`${label}, array ${i} [${at}]: ${outs[1][i][at]} vs ${want[at]}`);
        });
      };
      const before = stats.elementwiseSplit;
      for (const n of [4095, 4096, 4097, 8192 + 13, 100003]) {
        for (const [kind, alpha] of [["tanh", 0], ["relu", 0], ["gelu", 0], ["softplus", 0], ["leakyRelu", 0.1], ["elu", 1], ["sigmoid", 0]] as const) {
          same(`${kind} n=${n}`, [data(n), new Float32Array(n)], (k, [x, y]) => k.unary(kind, x, y, alpha));
          same(`${kind} in place n=${n}`, [data(n)], (k, [x]) => k.unary(kind, x, x, alpha));
          same(`${kind} backward n=${n}`, [data(n), data(n), data(n, 1), new Float32Array(n)], (k, [x, y, dy, dx]) => {
            k.unary(kind, x, y, alpha);
            k.unaryBackward(kind, x, y, dy, dx, alpha);
          });
        }
        same(`axpy n=${n}`, [data(n), data(n)], (k, [x, y]) => k.axpy(-0.37, x, y));
      }
      for (const [rows, cols] of [[64, 63], [65, 64], [128, 256], [7, 1000], [1000, 7]]) {
        same(`addRowVector ${rows}×${cols}`, [data(rows * cols), data(cols), new Float32Array(rows * cols)], (k, [x, b, y]) => k.addRowVector(x, b, y, rows, cols));
      }
      assert.ok(stats.elementwiseSplit - before >= 5 * 7 * 3, `only ${stats.elementwiseSplit - before} elementwise calls were split`);
    });

    it("a full training step (forward, backward, SGD) is bit-identical to one thread", () => {
      const one = createWasmBackend({ variant });
      const two = threaded(variant, { minElements: 0 });
      const oneRun = trainOn({ name: one.kernels.name, kernels: one.kernels, allocator: one.allocator });
      const twoRun = trainOn({ name: two.kernels.name, kernels: two.kernels, allocator: two.allocator });
      assert.ok(oneRun.losses.every(Number.isFinite));
      assert.ok((two.matmulThreads?.stats.split ?? 0) >= 3 * 14, "every matmul of the steps was split");
      assert.ok((two.matmulThreads?.stats.elementwiseSplit ?? 0) >= 3 * 4, "the activations and updates were split too");
      assert.equal(firstBitDifference(new Float32Array(twoRun.losses.buffer), new Float32Array(oneRun.losses.buffer)), -1, "losses");
      const at = firstBitDifference(twoRun.params, oneRun.params);
      assert.equal(at, -1, `parameter ${at}: ${twoRun.params[at]} vs ${oneRun.params[at]}`);
    });
  });
}

/** Three SGD steps of a 4 × 96 tanh MLP (inputs 70, batch 40, 5 classes) on `backend`; the losses and the final parameters. */
function trainOn(backend: { name: string; kernels: WasmBackend["kernels"]; allocator: WasmBackend["allocator"] }): { losses: Float64Array; params: Float32Array } {
  const previous = setBackend(backend);
  try {
    const rng = new Rng(31);
    const widths = [70, 96, 96, 96, 96, 5];
    const params: Tensor[] = [];
    for (let l = 1; l < widths.length; l++) {
      params.push(tensor(rng.normalArray(widths[l] * widths[l - 1], 0, 1 / Math.sqrt(widths[l - 1])), [widths[l], widths[l - 1]]).trainable());
      params.push(tensor(rng.normalArray(widths[l], 0, 0.1), [widths[l]]).trainable());
    }
    const x = tensor(rng.normalArray(40 * 70), [40, 70]);
    const labels = Array.from({ length: 40 }, () => rng.int(5));
    const losses = new Float64Array(3);
    for (let s = 0; s < 3; s++) {
      const tape = new Tape();
      const loss = tape.run(() => {
        let h: Tensor = x;
        for (let i = 0; i < params.length; i += 2) {
          const z = add(matmul(h, params[i], { transB: true }), params[i + 1]);
          h = i + 2 < params.length ? tanh(z) : z;
        }
        return neg(mean(pickPerRow(logSoftmax(h), labels)));
      });
      tape.backward(loss);
      losses[s] = loss.item();
      const k = kernelsFor("float32");
      for (const p of params) if (p.grad) k.axpy(-0.05, p.grad.data, p.data);
      zeroGrad(params);
      tape.dispose();
    }
    const out = new Float32Array(params.reduce((n, p) => n + p.size, 0));
    let o = 0;
    for (const p of params) { out.set(p.data, o); o += p.size; p.dispose(); }
    x.dispose();
    return { losses, params: out };
  } finally {
    setBackend(previous);
  }
}

describe("wasm threads: lifecycle, memory and errors", { skip: threadSkip }, () => {
  it("threads absent or 1 is the single-thread backend; threads 2 needs spawnWorker", () => {
    for (const options of [{}, { threads: 1 }]) {
      const b = createWasmBackend({ variant: "simd", ...options });
      assert.equal(b.threads, 1);
      assert.equal(b.matmulThreads, undefined);
      assert.equal(b.kernels.name, "wasm-simd");
      assert.ok(!((b.memory.buffer as ArrayBufferLike) instanceof SharedArrayBuffer));
      b.dispose();
    }
    assert.throws(() => createWasmBackend({ threads: 2 }), /spawnWorker/);
    assert.throws(() => createWasmBackend({ threads: 0 }), RangeError);
    assert.throws(() => createWasmBackend({ threads: 9, spawnWorker: spawnNodeWasmWorker }), RangeError);
  });

  it("compileWasmBackend({ threads: 2 }) works too, on a SharedArrayBuffer", async () => {
    const b = await compileWasmBackend({ variant: "simd", threads: 2, spawnWorker: spawnNodeWasmWorker });
    backends.push(b);
    assert.equal(b.threads, 2);
    assert.ok((b.memory.buffer as ArrayBufferLike) instanceof SharedArrayBuffer);
    assert.equal(await b.matmulThreads?.whenReady(), 1);
  });

  it("the allocator grows a shared memory up to its maximum and rebuilds views after growth", () => {
    const pages = 64;
    const b = threaded("simd", {}, spawnNodeWasmWorker, { maximumMemoryPages: pages });
    const first = b.allocator.allocate("float32", 1000);
    const v1 = first.view();
    assert.ok((v1.buffer as ArrayBufferLike) instanceof SharedArrayBuffer);
    v1.set([1.5, -2.5, 3.5]);
    const sizeBefore = b.memory.buffer.byteLength;
    const blocks = [];
    let threw: unknown;
    try {
      for (let i = 0; i < 100; i++) blocks.push(b.allocator.allocate("float32", 64 * 1024)); // 256 KiB each
    } catch (error) {
      threw = error;
    }
    assert.ok(threw instanceof RangeError && /out of WebAssembly memory/.test(threw.message), String(threw));
    assert.ok(blocks.length > 0 && b.memory.buffer.byteLength > sizeBefore, "the memory grew");
    assert.ok(b.memory.buffer.byteLength <= pages * 65536, "and stayed within its maximum");
    const v2 = first.view();
    assert.notEqual(v2, v1, "the view was rebuilt on the grown buffer");
    assert.equal(v2.buffer, b.memory.buffer);
    assert.deepEqual(Array.from(v2.subarray(0, 3)), [1.5, -2.5, 3.5]);
    // the kernels run on views of the grown memory (split between the threads)
    const x = blocks[blocks.length - 1].view().subarray(0, 64 * 64), y = blocks[0].view().subarray(0, 64 * 64);
    x.fill(1); y.fill(0);
    b.kernels.matmul(x, x, y, 64, 64, 64, false, false, false);
    assert.ok(y.every((v) => v === 64));
    for (const s of blocks) s.release();
    first.release();
    assert.equal(b.allocator.bytesInUse(), 0);
  });

  it("after dispose(), matmuls run on the calling thread with the same results", async () => {
    const rand = mulberry32(5);
    const shape: [number, number, number] = [64, 100, 72];
    const a = new Float32Array(64 * 100), b = new Float32Array(100 * 72), c0 = new Float32Array(64 * 72);
    fillUniform(a, rand); fillUniform(b, rand);
    const want = runMatmul(createWasmBackend({ variant: "simd" }), a, b, c0, shape, false, false, false);
    const two = threaded("simd");
    await two.matmulThreads?.whenReady();
    assert.equal(firstBitDifference(runMatmul(two, a, b, c0, shape, false, false, false), want), -1);
    two.dispose();
    two.dispose(); // twice is fine
    const split = two.matmulThreads?.stats.split;
    assert.equal(firstBitDifference(runMatmul(two, a, b, c0, shape, false, false, false), want), -1);
    assert.equal(two.matmulThreads?.stats.split, split, "no split after dispose");
  });

  it("a worker terminated from outside: the caller computes every chunk, no hang", async () => {
    let handle: WasmWorkerHandle | undefined;
    const two = threaded("simd", {}, (spec) => (handle = spawnNodeWasmWorker(spec)));
    await two.matmulThreads?.whenReady();
    await handle?.terminate();
    const rand = mulberry32(6);
    const shape: [number, number, number] = [96, 128, 160];
    const a = new Float32Array(96 * 128), b = new Float32Array(128 * 160), c0 = new Float32Array(96 * 160);
    fillUniform(a, rand); fillUniform(b, rand); fillUniform(c0, rand);
    const want = runMatmul(createWasmBackend({ variant: "simd" }), a, b, c0, shape, false, true, true);
    const s = two.matmulThreads?.stats;
    assert.ok(s !== undefined);
    const before = s.chunksOnCaller, totalBefore = s.chunksTotal;
    for (let i = 0; i < 20; i++) assert.equal(firstBitDifference(runMatmul(two, a, b, c0, shape, false, true, true), want), -1);
    assert.ok(s.chunksTotal - totalBefore >= 20 * 2, "every matmul was split");
    assert.equal(s.chunksOnCaller - before, s.chunksTotal - totalBefore, "the caller did all chunks");
  });

  /** Spawns the misbehaving worker of threads-stuck-worker.ts. */
  const misbehaving = (mode: "stuck" | "slow", delayMs = 20): SpawnWasmWorker => (spec) => {
    const w = new Worker(new URL("./threads-stuck-worker.js", import.meta.url), { workerData: { spec, mode, delayMs }, execArgv: [] });
    w.unref();
    return { terminate: () => w.terminate() };
  };

  it("a worker stuck in a claimed chunk: matmul throws after timeoutMs instead of hanging, then runs single-threaded", async () => {
    const two = threaded("simd", { timeoutMs: 300 }, misbehaving("stuck"));
    await two.matmulThreads?.whenReady();
    const n = 256;
    const x = two.allocator.allocate("float32", n * n), y = two.allocator.allocate("float32", n * n);
    x.view().fill(1);
    let error: unknown;
    const t0 = Date.now();
    for (let i = 0; i < 200 && error === undefined; i++) {
      try {
        two.kernels.matmul(x.view(), x.view(), y.view(), n, n, n, false, false, false);
      } catch (e) {
        error = e;
      }
    }
    assert.ok(error instanceof Error && /did not finish/.test(error.message), `expected the timeout error, got ${String(error)}`);
    assert.ok(Date.now() - t0 >= 300);
    two.kernels.matmul(x.view(), x.view(), y.view(), n, n, n, false, false, false);
    assert.ok(y.view().every((v) => v === n));
  });

  it("adaptive: splits that wait for a slow worker make the next matmuls run on the caller alone; results unchanged", async () => {
    const two = threaded("simd", { adaptive: true, chunksPerThread: 1 }, misbehaving("slow", 30));
    const pool = two.matmulThreads;
    await pool?.whenReady();
    const rand = mulberry32(8);
    const shape: [number, number, number] = [64, 96, 128];
    const a = new Float32Array(64 * 96), b = new Float32Array(96 * 128), c0 = new Float32Array(64 * 128);
    fillUniform(a, rand); fillUniform(b, rand); fillUniform(c0, rand);
    const want = runMatmul(createWasmBackend({ variant: "simd" }), a, b, c0, shape, true, true, true);
    for (let i = 0; i < 40; i++) assert.equal(firstBitDifference(runMatmul(two, a, b, c0, shape, true, true, true), want), -1);
    assert.ok(pool !== undefined && pool.stats.slowSplits >= 3, `slow splits: ${pool?.stats.slowSplits}`);
    assert.ok(pool.stats.pausedMatmuls > 0, "some matmuls ran whole after the slow splits");
  });

  it("an idle worker does not keep Node alive; neither does a disposed one", () => {
    const index = fileURLToPath(new URL("../../../src/core/kernels/wasm/index.js", import.meta.url));
    const node = fileURLToPath(new URL("../../../src/cli/wasm-threads-node.js", import.meta.url));
    for (const dispose of [false, true]) {
      const code = `
        const { createWasmBackend } = await import(${JSON.stringify(index)});
        const { spawnNodeWasmWorker } = await import(${JSON.stringify(node)});
        const w = createWasmBackend({ threads: 2, spawnWorker: spawnNodeWasmWorker, threadOptions: { minFlops: 0 } });
        await w.matmulThreads.whenReady();
        const a = w.allocator.allocate("float32", 64 * 64).view().fill(1);
        const c = w.allocator.allocate("float32", 64 * 64).view();
        w.kernels.matmul(a, a, c, 64, 64, 64, false, false, false);
        ${dispose ? "w.dispose();" : ""}
        console.log(c[0], w.matmulThreads.stats.split);`;
      const flags = relaxedSimdSupported() ? ["--experimental-wasm-relaxed-simd"] : [];
      const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", code], { encoding: "utf8", timeout: 30000 });
      assert.equal(r.error, undefined, `dispose=${dispose}: ${String(r.error)}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), "64 1");
    }
  });
});
