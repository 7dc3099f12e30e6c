// Memory over a long run (issue 7: "peak memory reported; no growth over 10,000 steps"): the
// yardstick workload W2 (DESIGN.md: tanh MLP 784 → 10 × 64 → 10, batch 32, softmax
// cross-entropy, plain SGD) trained through the Trainer with a Recorder at every step, as
// `gradscope run` trains, on the wasm backend. At a few steps it prints the engine's bytes in use,
// the WebAssembly memory's size, the V8 heap after a full garbage collection, and the process's
// resident set; the recording is given room for every step up front, so that its own planned
// growth does not hide a leak.
//
//   npx tsc -p tsconfig.json && node --expose-gc --experimental-wasm-relaxed-simd bench/memory.js [--steps N] [--json]
//
// Without --expose-gc the heap column is taken without a collection (noisier). Nothing is
// asserted: test/core/training-step.test.ts asserts the engine's figures over 2,000 steps.
import v8 from "node:v8";
import { WORKLOADS, wasmTrainers } from "./yardstick.js";

const args = process.argv.slice(2);
const stepsAt = args.indexOf("--steps");
const STEPS = stepsAt >= 0 ? Number(args[stepsAt + 1]) : 10_000;
if (!Number.isInteger(STEPS) || STEPS < 1) throw new Error(`--steps needs a positive integer, got ${args[stepsAt + 1]}`);
const json = args.includes("--json");
const { core, Recorder, wasm, setup } = await wasmTrainers();
const { trainer, x, labels, rng } = setup(WORKLOADS.W2);
const recorder = new Recorder(trainer, { capacity: STEPS });

const MB = 1024 * 1024;
/** One row of the table: the four memory figures after `step` steps. */
function snapshot(step) {
  globalThis.gc?.();
  return {
    step,
    engineBytes: wasm.allocator.bytesInUse(),
    wasmMemoryMB: wasm.memory.buffer.byteLength / MB,
    heapMB: v8.getHeapStatistics().used_heap_size / MB,
    heapCommittedMB: v8.getHeapStatistics().total_heap_size / MB,
    externalMB: process.memoryUsage().arrayBuffers / MB,
    rssMB: process.memoryUsage().rss / MB,
  };
}

const marks = new Set([1, 10, 100, 1000, 2000, 5000, STEPS].filter((s) => s <= STEPS));
const rows = [];
const t0 = performance.now();
for (let s = 1; s <= STEPS; s++) {
  trainer.step(x, labels, rng, recorder.hooksFor(labels));
  if (recorder.stopped) throw new Error(`the sentinel fired at step ${s}: ${JSON.stringify(recorder.recording.nonFinite)}`);
  if (marks.has(s)) rows.push(snapshot(s));
}
const seconds = (performance.now() - t0) / 1000;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const first = rows.find((r) => r.step >= Math.min(100, STEPS)), last = rows[rows.length - 1];
const growth = { engineBytes: last.engineBytes - first.engineBytes, wasmMemoryMB: last.wasmMemoryMB - first.wasmMemoryMB, heapMB: last.heapMB - first.heapMB, rssMB: last.rssMB - first.rssMB };

if (json) {
  console.log(JSON.stringify({ node: process.version, backend: core.getBackend().name, steps: STEPS, seconds, gcForced: typeof globalThis.gc === "function", peakRssMB, rows, growthSince: first.step, growth }, null, 2));
} else {
  console.log(`W2 through the Trainer with probes at every step, ${STEPS} steps in ${seconds.toFixed(1)} s (${core.getBackend().name}, Node ${process.version}; heap ${typeof globalThis.gc === "function" ? "after a forced full GC" : "without a forced GC: run with --expose-gc"})\n`);
  console.log("| step | engine bytes in use | wasm memory MB | V8 heap used MB | V8 heap reserved MB | array buffers MB | RSS MB |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.step} | ${r.engineBytes} | ${r.wasmMemoryMB.toFixed(1)} | ${r.heapMB.toFixed(1)} | ${r.heapCommittedMB.toFixed(1)} | ${r.externalMB.toFixed(1)} | ${r.rssMB.toFixed(1)} |`);
  console.log(`\npeak RSS ${peakRssMB.toFixed(1)} MB; from step ${first.step} to ${last.step}: engine ${growth.engineBytes >= 0 ? "+" : ""}${growth.engineBytes} bytes, wasm memory ${growth.wasmMemoryMB.toFixed(1)} MB, heap ${growth.heapMB >= 0 ? "+" : ""}${growth.heapMB.toFixed(2)} MB, RSS ${growth.rssMB >= 0 ? "+" : ""}${growth.rssMB.toFixed(1)} MB`);
}
