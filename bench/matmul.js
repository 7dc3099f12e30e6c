// Microbenchmark of the wasm matmul: GFLOP/s (2·m·k·n per call), median of 15 timed runs.
// Usage: npm run build && node --experimental-wasm-relaxed-simd bench/matmul.js
import { createWasmBackend, relaxedSimdSupported } from "../dist/src/core/kernels/wasm/index.js";

const SHAPES = [
  { label: "A·B    [128×256]·[256×256]", m: 128, k: 256, n: 256, transA: false, transB: false },
  { label: "A·B    [128×784]·[784×256]", m: 128, k: 784, n: 256, transA: false, transB: false },
  { label: "Aᵀ·B   [128×256]ᵀ·[128×256]", m: 256, k: 128, n: 256, transA: true, transB: false },
  { label: "A·Bᵀ   [128×256]·[256×256]ᵀ", m: 128, k: 256, n: 256, transA: false, transB: true },
  { label: "Aᵀ·Bᵀ  [256×128]ᵀ·[256×256]ᵀ", m: 128, k: 256, n: 256, transA: true, transB: true },
  // small-batch shapes of workload W2 (batch 32, width 64)
  { label: "A·Bᵀ   [32×784]·[64×784]ᵀ", m: 32, k: 784, n: 64, transA: false, transB: true },
  { label: "A·Bᵀ   [32×64]·[64×64]ᵀ", m: 32, k: 64, n: 64, transA: false, transB: true },
];
const RUNS = 15;
const TARGET_MS = 40;

/** Seeded uniform fill in [−1, 1) (mulberry32). */
function fill(array, seed) {
  let s = seed >>> 0;
  for (let i = 0; i < array.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    array[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bench(backend, { m, k, n, transA, transB }) {
  const { allocator, kernels } = backend;
  const sa = allocator.allocate("float32", m * k), sb = allocator.allocate("float32", k * n);
  const sc = allocator.allocate("float32", m * n);
  fill(sa.view(), 1);
  fill(sb.view(), 2);
  const a = sa.view(), b = sb.view(), c = sc.view();
  const call = () => kernels.matmul(a, b, c, m, k, n, transA, transB, false);
  for (let i = 0; i < 20; i++) call(); // warm up (tier-up of the wasm code)
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    if (performance.now() - t0 > TARGET_MS / 4) break;
    reps *= 2;
  }
  reps = Math.max(1, Math.round(reps * 4));
  const gflops = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    const seconds = (performance.now() - t0) / 1000 / reps;
    gflops.push((2 * m * k * n) / seconds / 1e9);
  }
  sa.release(); sb.release(); sc.release();
  return { median: median(gflops), best: Math.max(...gflops) };
}

const variants = relaxedSimdSupported() ? ["simd", "relaxed-simd"] : ["simd"];
if (!relaxedSimdSupported()) console.log("relaxed SIMD unsupported here (run node with --experimental-wasm-relaxed-simd)");
for (const variant of variants) {
  const backend = createWasmBackend({ variant });
  console.log(`\n${backend.kernels.name}: GFLOP/s, median (best) of ${RUNS} runs`);
  for (const shape of SHAPES) {
    const { median: med, best } = bench(backend, shape);
    console.log(`  ${shape.label.padEnd(30)} ${med.toFixed(1).padStart(6)}  (${best.toFixed(1)})`);
  }
}
