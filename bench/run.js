// The performance yardstick of DESIGN.md: ms per training step of three tanh MLPs on
// gradscope's engines and on PyTorch, measured in the same run.
//
//   npm run bench                  (= npm run build && node --experimental-wasm-relaxed-simd bench/run.js)
//   node --experimental-wasm-relaxed-simd bench/run.js [--quick] [--json]
//
// Each gradscope measurement runs in its own child process (`--worker W2:simd`), so that
// peak RSS and JIT state belong to one workload and one engine. Timings never fail the bench.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { URL, fileURLToPath } from "node:url";

/** The yardstick workloads: hidden layers × width, batch; 784 inputs, 10 classes. */
const WORKLOADS = { W1: { depth: 20, width: 256, batch: 128 }, W2: { depth: 10, width: 64, batch: 32 }, W3: { depth: 50, width: 128, batch: 64 } };
const INPUTS = 784, CLASSES = 10, LR = 0.01;
const PYTHON = "/usr/bin/python3";
const args = process.argv.slice(2);
const quick = args.includes("--quick");
/** Warm-up steps, rounds, timed steps per round. */
const PLAN = quick ? { warmup: 2, rounds: 3, steps: 10 } : { warmup: 5, rounds: 5, steps: 30 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Matmul FLOPs of one step: 2·m·k·n for the forward, ∂W and ∂x matmuls of every layer, no ∂x for the first. */
function flopsPerStep({ depth, width, batch }) {
  const widths = [INPUTS, ...new Array(depth).fill(width), CLASSES];
  let flops = 0;
  for (let l = 1; l < widths.length; l++) flops += 2 * batch * widths[l - 1] * widths[l] * (l === 1 ? 2 : 3);
  return flops;
}

/** Makes the engine's backend current: "reference", or a wasm variant ("auto", "simd", "relaxed-simd"). */
async function useEngine(core, engine) {
  if (engine === "reference") return { backend: core.referenceBackend, memory: null };
  const { createWasmBackend } = await import("../dist/src/core/kernels/wasm/index.js");
  const w = createWasmBackend({ variant: engine });
  const backend = { name: `wasm-${w.variant}`, kernels: w.kernels, allocator: w.allocator };
  core.setBackend(backend);
  return { backend, memory: w.memory };
}

/** A tanh MLP in nn.Linear layout (weight [out, in]) and one random batch, from Rng(1). */
function makeNet(core, { depth, width, batch }) {
  const rng = new core.Rng(1);
  const widths = [INPUTS, ...new Array(depth).fill(width), CLASSES];
  const params = [];
  for (let l = 1; l < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l - 1], widths[l]];
    params.push(core.tensor(rng.normalArray(fanOut * fanIn, 0, 1 / Math.sqrt(fanIn)), [fanOut, fanIn]).trainable());
    params.push(core.tensor(rng.normalArray(fanOut, 0, 0.1), [fanOut]).trainable());
  }
  const x = core.tensor(rng.normalArray(batch * INPUTS), [batch, INPUTS]);
  const labels = Array.from({ length: batch }, () => rng.int(CLASSES));
  return { params, x, labels };
}

/** One training step as a user writes it: forward, softmax cross-entropy, backward, SGD, zero grads. */
function trainStep(core, { params, x, labels }) {
  const tape = new core.Tape();
  const loss = tape.run(() => {
    let a = x;
    for (let i = 0; i < params.length; i += 2) {
      const h = core.add(core.matmul(a, params[i], { transB: true }), params[i + 1]);
      a = i + 2 < params.length ? core.tanh(h) : h;
    }
    return core.neg(core.mean(core.pickPerRow(core.logSoftmax(a), labels)));
  });
  tape.backward(loss);
  const k = core.kernelsFor("float32");
  for (const p of params) k.axpy(-LR, p.grad.data, p.data);
  core.zeroGrad(params);
  tape.dispose();
}

/** Child mode: measures one workload on one engine and prints one JSON line. */
async function worker(spec) {
  const [name, engine] = spec.split(":");
  const shape = WORKLOADS[name];
  const core = await import("../dist/src/core/index.js");
  const { backend, memory } = await useEngine(core, engine);
  const net = makeNet(core, shape);
  trainStep(core, net);
  const bytesInUseStep1 = backend.allocator.bytesInUse();
  const memoryStep1 = memory?.buffer.byteLength ?? null;
  for (let i = 1; i < PLAN.warmup; i++) trainStep(core, net);
  const roundMedians = [];
  for (let r = 0; r < PLAN.rounds; r++) {
    const times = [];
    for (let s = 0; s < PLAN.steps; s++) {
      const t0 = performance.now();
      trainStep(core, net);
      times.push(performance.now() - t0);
    }
    roundMedians.push(median(times));
  }
  const msPerStep = median(roundMedians);
  console.log(JSON.stringify({
    workload: name, engine, backend: backend.name, msPerStep, roundMedians,
    gflops: flopsPerStep(shape) / (msPerStep * 1e6),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    bytesInUseStep1, bytesInUseLast: backend.allocator.bytesInUse(),
    wasmMemoryStep1: memoryStep1, wasmMemoryLast: memory?.buffer.byteLength ?? null,
  }));
}

/** Runs one gradscope measurement in a child process; {error} when it could not run. */
function measureGradscope(name, engine) {
  const argv = [...process.execArgv, fileURLToPath(import.meta.url), "--worker", `${name}:${engine}`, ...(quick ? ["--quick"] : [])];
  const r = spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 1 << 24 });
  const line = r.stdout?.trim().split("\n").pop();
  if (r.status === 0 && line) return JSON.parse(line);
  const why = (r.stderr || r.error?.message || "no output").trim().split("\n").find((l) => /Error|error/.test(l)) ?? `exit ${r.status}`;
  return { workload: name, engine, error: why };
}

/** Runs bench/torch_bench.py; {skipped} with the reason when Debian's Python or torch is missing. */
function measureTorch() {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const script = fileURLToPath(new URL("./torch_bench.py", import.meta.url));
  const r = spawnSync(PYTHON, [script, "--json", ...(quick ? ["--quick"] : [])], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.status === 3) return { skipped: `torch is not installed for ${PYTHON}` };
  if (r.status !== 0) return { skipped: `torch_bench.py failed (exit ${r.status})` };
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function wasmAvailable() {
  return existsSync(fileURLToPath(new URL("../dist/src/core/kernels/wasm/index.js", import.meta.url)));
}

const fmt = (v, digits = 2) => (v === undefined || v === null || Number.isNaN(v) ? "–" : v.toFixed(digits));
const mb = (bytes) => (bytes === null || bytes === undefined ? "–" : (bytes / 2 ** 20).toFixed(2));

/** The markdown table: one row per workload and engine. */
function table(rows, torch) {
  const lines = [
    "| workload | engine | gradscope ms/step | GFLOP/s | PyTorch ms/step (threads) | ratio PyTorch ÷ gradscope | peak RSS MB | bytesInUse MB step 1 → last |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const t = torch.workloads?.[r.workload]?.best;
    const torchCell = t ? `${fmt(t.msPerStep)} (${t.threads})` : "–";
    if (r.error) {
      lines.push(`| ${r.workload} | ${r.engine} | failed: ${r.error} | | ${torchCell} | | | |`);
      continue;
    }
    const ratio = t ? fmt(t.msPerStep / r.msPerStep) + (torch.blas.valid ? "" : " INVALID") : "–";
    lines.push(`| ${r.workload} | ${r.backend} | ${fmt(r.msPerStep)} | ${fmt(r.gflops, 1)} | ${torchCell} | ${ratio} | ${fmt(r.peakRssMB, 0)} | ${mb(r.bytesInUseStep1)} → ${mb(r.bytesInUseLast)} |`);
  }
  return lines.join("\n");
}

function torchSummary(torch) {
  if (torch.skipped) return `PyTorch comparison skipped: ${torch.skipped}.`;
  const per = Object.entries(torch.workloads).map(([n, w]) => `${n} ${fmt(w.threads["1"].msPerStep)} / ${fmt(w.threads["2"].msPerStep)} ms`);
  const lib = torch.blas.libraries.find((l) => /libopenblas|mkl/i.test(l)) ?? torch.blas.libraries[0] ?? torch.blas.build.join("; ");
  const cause = torch.blas.optimizedLibraryLoaded ? "OpenBLAS/MKL is loaded, so the machine is probably busy" : "PyTorch runs a reference BLAS";
  const warn = torch.blas.valid ? "" : `\n**WARNING: the 256³ matmul is below 30 GFLOP/s (${cause}); every ratio above is INVALID.**`;
  return `PyTorch ${torch.torch}, 1 / 2 threads: ${per.join(", ")}. BLAS: ${lib}; 256³ float32 matmul ${fmt(torch.blas.matmul256Gflops, 1)} GFLOP/s.${warn}`;
}

async function main() {
  const workerAt = args.indexOf("--worker");
  if (workerAt >= 0) return worker(args[workerAt + 1]);
  const load = loadavg();
  const engines = wasmAvailable() ? ["auto", "simd"] : [];
  const rows = [];
  for (const name of Object.keys(WORKLOADS)) {
    const list = name === "W2" ? [...engines, "reference"] : engines;
    for (const engine of list) {
      if (!args.includes("--json")) process.stderr.write(`measuring ${name} on ${engine}…\n`);
      rows.push(measureGradscope(name, engine));
    }
  }
  if (!args.includes("--json")) process.stderr.write("measuring PyTorch…\n");
  const torch = measureTorch();
  const plan = `${PLAN.warmup} warm-up steps, then ${PLAN.rounds} rounds of ${PLAN.steps} steps; median of round medians`;
  if (args.includes("--json")) {
    console.log(JSON.stringify({ node: process.version, loadAverage: load, plan: PLAN, flopsPerStep: Object.fromEntries(Object.entries(WORKLOADS).map(([n, s]) => [n, flopsPerStep(s)])), gradscope: rows, torch }, null, 2));
    return;
  }
  console.log(`\ngradscope yardstick (Node ${process.version}; ${plan}; float32 tanh MLP, 784 → 10, SGD)`);
  console.log(`load average ${load.map((v) => v.toFixed(1)).join(" ")} on ${availableParallelism()} cores at the start${load[0] > availableParallelism() / 2 ? ": others are busy, expect noise" : ""}\n`);
  if (engines.length === 0) console.log("wasm backend not built (dist/src/core/kernels/wasm/index.js missing): only the reference engine was measured.\n");
  console.log(table(rows, torch));
  console.log(`\n${torchSummary(torch)}`);
}

await main();
