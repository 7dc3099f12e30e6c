// What this machine lets WebAssembly reach, measured: the ceilings behind issue 7's targets.
//
//   npm run build && node --experimental-wasm-relaxed-simd bench/ceilings.js [--json] [--quick]
//
// 1. Peak: a WebAssembly loop of 12 independent 128-bit multiply-adds per iteration (relaxed
//    madd where the engine has it, else mul + add; assembled below, no memory traffic), GFLOP/s
//    on one core alone and on both cores at once. WebAssembly has no vectors wider than 128 bits,
//    so no wasm kernel can exceed this per core.
// 2. Kernel: gradscope's own single-thread wasm matmul on the three hidden-layer shapes of each
//    workload (A·B forward, A·Bᵀ for ∂x, Aᵀ·B for ∂W, in rotation), GFLOP/s on one core alone
//    and on both at once (two worker threads, each with its own module and memory, so they share
//    nothing but the machine).
//
// Each measurement is a worker thread that runs its loop for a fixed time once told to start
// (both at once for "both"); rounds alternate alone and both; medians of the rounds.
// bench/run.js turns these rates into the least time a step's matmuls can take (FLOPs ÷ rate)
// and so the best ratio to PyTorch any wasm kernel (peak) or this one (kernel) can reach here.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { WORKLOADS, median } from "./yardstick.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 0.3 : 1.0;

/**
 * The peak loop: export peak(n: i32) runs n iterations of a_i = a_i·x + y for 12 v128
 * accumulators (96 FLOP) and returns (the bits of) a lane of their sum, so that no accumulator is
 * dead code the engine may drop. Encoded with the probes' WebAssembly encoder.
 */
function peakModule(encoder, relaxed) {
  const { encodeModule, op, t } = encoder;
  const ACC = 12, X = ACC + 1, Y = ACC + 2;
  const madd = (i) => (relaxed
    ? [op.get(i), op.get(X), op.get(Y), op.f32x4RelaxedMadd, op.set(i)]
    : [op.get(i), op.get(X), op.f32x4Mul, op.get(Y), op.f32x4Add, op.set(i)]);
  const accs = Array.from({ length: ACC }, (_, i) => i + 1);
  const body = [
    op.f32Const(0.9999), op.f32x4Splat, op.set(X),
    op.f32Const(1e-5), op.f32x4Splat, op.set(Y),
    op.loop, ...accs.flatMap(madd), op.get(0), op.i32Const(1), op.i32Sub, op.tee(0), op.brIf(0), op.end,
    ...accs.slice(1).flatMap((i) => [op.get(1), op.get(i), op.f32x4Add, op.set(1)]),
    op.get(1), op.i32x4ExtractLane(0),
  ];
  return encodeModule([{ name: "peak", params: [t.i32], results: [t.i32], locals: new Array(ACC + 2).fill(t.v128), body }]);
}

/** The peak loop's instance, relaxed madd where this engine validates it. */
async function peakInstance() {
  const encoder = await import("../dist/src/probes/wasm/encoder.js");
  const env = { memory: new WebAssembly.Memory({ initial: 1 }) };
  for (const relaxed of [true, false]) {
    const bytes = peakModule(encoder, relaxed);
    if (WebAssembly.validate(bytes)) return { peak: new WebAssembly.Instance(new WebAssembly.Module(bytes), { env }).exports.peak, relaxed };
  }
  throw new Error("this engine has no WebAssembly SIMD");
}

/** The three hidden-layer matmuls of a workload: [m, k, n, transA, transB]. */
function hiddenShapes({ width, batch }) {
  return [[batch, width, width, false, false], [batch, width, width, false, true], [width, batch, width, true, false]];
}

/** Worker: builds its loop, says ready, waits for "go", runs it for SECONDS and posts GFLOP/s. */
async function measureInWorker({ kind, workload }) {
  let step, flopsPerCall;
  if (kind === "peak") {
    const { peak } = await peakInstance();
    const n = 100000;
    step = () => peak(n);
    flopsPerCall = 96 * n;
  } else {
    const { createWasmBackend } = await import("../dist/src/core/kernels/wasm/index.js");
    const { kernels, allocator } = createWasmBackend();
    // every allocation first: a later one may grow the memory, and views taken before would be stale
    const shapes = hiddenShapes(WORKLOADS[workload]).map(([m, k, n, ta, tb]) =>
      ({ m, k, n, ta, tb, sa: allocator.allocate("float32", m * k), sb: allocator.allocate("float32", k * n), sc: allocator.allocate("float32", m * n) }));
    const calls = shapes.map(({ m, k, n, ta, tb, sa, sb, sc }) => {
      const a = sa.view(), b = sb.view(), c = sc.view();
      for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
      for (let i = 0; i < b.length; i++) b[i] = Math.cos(i);
      return () => kernels.matmul(a, b, c, m, k, n, ta, tb, false);
    });
    step = () => { for (const call of calls) call(); };
    flopsPerCall = hiddenShapes(WORKLOADS[workload]).reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
  }
  for (let t0 = performance.now(); performance.now() - t0 < 200;) step(); // warm-up (tier-up)
  parentPort.postMessage({ ready: true });
  await new Promise((resolve) => parentPort.once("message", resolve));
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) { step(); calls++; }
  parentPort.postMessage({ gflops: (calls * flopsPerCall) / ((performance.now() - t0) / 1000) / 1e9 });
}

/** Runs `count` workers of the same measurement, started together; resolves to their GFLOP/s. */
async function run(task, count) {
  const workers = Array.from({ length: count }, () => new Worker(fileURLToPath(import.meta.url), { workerData: task }));
  const next = (w) => new Promise((resolve, reject) => { w.once("message", resolve); w.once("error", reject); });
  await Promise.all(workers.map(next));
  const results = workers.map(next);
  for (const w of workers) w.postMessage("go");
  const rates = (await Promise.all(results)).map((r) => r.gflops);
  await Promise.all(workers.map((w) => w.terminate()));
  return rates;
}

/** Alone and both-at-once rates of one measurement: medians over the rounds (both: per worker, and their sum). */
async function measure(task) {
  const alone = [], first = [], second = [], sum = [];
  for (let r = 0; r < ROUNDS; r++) {
    alone.push((await run(task, 1))[0]);
    const [a, b] = (await run(task, 2)).sort((x, y) => y - x);
    first.push(a); second.push(b); sum.push(a + b);
  }
  return { alone: median(alone), bothFaster: median(first), bothSlower: median(second), bothSum: median(sum) };
}

async function main() {
  const { relaxed } = await peakInstance();
  const out = { relaxed, rounds: ROUNDS, seconds: SECONDS, peak: await measure({ kind: "peak" }), kernel: {} };
  for (const workload of Object.keys(WORKLOADS)) out.kernel[workload] = await measure({ kind: "kernel", workload });
  if (args.includes("--json")) {
    console.log(JSON.stringify(out));
    return;
  }
  const row = (label, r) => `| ${label} | ${r.alone.toFixed(1)} | ${r.bothFaster.toFixed(1)} + ${r.bothSlower.toFixed(1)} = ${r.bothSum.toFixed(1)} |`;
  console.log(`GFLOP/s, medians of ${ROUNDS} rounds of ${SECONDS} s (${relaxed ? "relaxed" : "plain"} SIMD):\n`);
  console.log("| loop | one core alone | both cores at once (each, sum) |\n|---|---:|---:|");
  console.log(row("peak: 12 independent 128-bit multiply-adds", out.peak));
  for (const [w, r] of Object.entries(out.kernel)) {
    const { width, batch } = WORKLOADS[w];
    console.log(row(`gradscope matmul, ${w}'s hidden layer (${batch}×${width}·${width}×${width}, 3 shapes)`, r));
  }
}

if (isMainThread) await main();
else await measureInWorker(workerData);
