// The performance yardstick of DESIGN.md: ms per training step of three tanh MLPs on
// gradscope's engines and on PyTorch, measured in the same run.
//
//   npm run bench                  (= npm run build && node --experimental-wasm-relaxed-simd bench/run.js)
//   node --experimental-wasm-relaxed-simd bench/run.js [--quick] [--json] [--threads 2 [--thread-options JSON]] [--no-probes] [--no-pool] [--no-ceilings]
//
// The table also gives, for the auto engine, what probing every statistic at every step adds to
// a step (bench/probes.js), and below it the throughput of `gradscope compare` with 2 workers over
// 1 (bench/compare-workers.js, with two separate 1-worker processes for comparison) and the
// machine's ceilings (bench/ceilings.js: the least time a step's matmuls can take here, and the
// best ratio to PyTorch it leaves); --no-probes, --no-pool and --no-ceilings leave them out.
//
// --threads N adds, for every workload, the auto engine with the opt-in N-thread matmul
// (createWasmBackend({ threads: N, spawnWorker })) against the same engine with one thread, both in
// one child process with their rounds alternating (`--ab W1:auto:2`), and a table of the speed-ups.
//
// Each gradscope measurement runs in its own child process (`--worker W2:simd`), so that
// peak RSS and JIT state belong to one workload and one engine; the wasm engines' and PyTorch's
// measurements run twice, in two processes, and the faster is kept (one core of this VM is at
// times much slower than the other). Timings never fail the bench.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { URL, fileURLToPath } from "node:url";
import { CLASSES, INPUTS, LR, WORKLOADS, median, warmUp } from "./yardstick.js";

const PYTHON = "/usr/bin/python3";
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const threadsAt = args.indexOf("--threads");
/** --threads N: also measure the auto engine with the N-thread matmul (1 = off). */
const THREADS = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 1;
if (!Number.isInteger(THREADS) || THREADS < 1) throw new Error(`--threads needs a positive integer, got ${args[threadsAt + 1]}`);
const optionsAt = args.indexOf("--thread-options");
/** --thread-options JSON: MatmulThreadsOptions for the threaded runs (e.g. '{"minFlops":5e5,"adaptive":false}'). */
const THREAD_OPTIONS = optionsAt >= 0 ? JSON.parse(args[optionsAt + 1]) : {};
/**
 * Warm-up: at least `warmup` steps and at least `warmupMs` of them, so that V8 has optimised the
 * JavaScript of a step (it tiers a function up after thousands of calls: 5 steps of W2 are 3 ms,
 * far too few, and measured the half-optimised code); then rounds of timed steps.
 */
const PLAN = quick ? { warmup: 2, warmupMs: 300, rounds: 3, steps: 10 } : { warmup: 5, warmupMs: 1500, rounds: 5, steps: 30 };

/** Idle and total CPU time of the machine (Linux /proc/stat) and this process's CPU time; null elsewhere. */
function cpuSnapshot() {
  try {
    const v = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const usage = process.cpuUsage();
    return { idle: v[3] + (v[4] ?? 0), total: v.reduce((a, b) => a + b, 0), ownMicros: usage.user + usage.system, at: performance.now() };
  } catch {
    return null;
  }
}

/** Cores kept busy by other processes between two snapshots: all busy cores minus this process's (its worker threads included). */
function otherCores(before, after) {
  if (!before || !after || after.total === before.total) return null;
  const busy = (1 - (after.idle - before.idle) / (after.total - before.total)) * availableParallelism();
  const own = (after.ownMicros - before.ownMicros) / ((after.at - before.at) * 1000);
  return Math.max(0, busy - own);
}

/** Matmul FLOPs of one step: 2·m·k·n for the forward, ∂W and ∂x matmuls of every layer, no ∂x for the first. */
function flopsPerStep({ depth, width, batch }) {
  const widths = [INPUTS, ...new Array(depth).fill(width), CLASSES];
  let flops = 0;
  for (let l = 1; l < widths.length; l++) flops += 2 * batch * widths[l - 1] * widths[l] * (l === 1 ? 2 : 3);
  return flops;
}

/** Makes the engine's backend current: "reference", or a wasm variant ("auto", "simd", "relaxed-simd") with `threads` threads. */
async function useEngine(core, engine, threads = 1) {
  if (engine === "reference") return { backend: core.referenceBackend, memory: null, wasm: null };
  const { createWasmBackend } = await import("../dist/src/core/kernels/wasm/index.js");
  let w;
  if (threads > 1) {
    const { spawnNodeWasmWorker } = await import("../dist/src/cli/wasm-threads-node.js");
    w = createWasmBackend({ variant: engine, threads, spawnWorker: spawnNodeWasmWorker, threadOptions: THREAD_OPTIONS });
    await w.matmulThreads.whenReady();
  } else {
    w = createWasmBackend({ variant: engine });
  }
  const backend = { name: threads > 1 ? `wasm-${w.variant} ×${threads} threads` : `wasm-${w.variant}`, kernels: w.kernels, allocator: w.allocator };
  core.setBackend(backend);
  return { backend, memory: w.memory, wasm: w };
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
      const h = core.linear(a, params[i], params[i + 1]);
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

/** The median wall time, ms, of `steps` training steps of `net`, each timed alone. */
function medianStepMs(core, net, steps) {
  const times = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    trainStep(core, net);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Child mode: measures one workload on one engine and prints one JSON line. */
async function worker(spec) {
  const [name, engine, threadsText] = spec.split(":");
  const threads = Number(threadsText ?? 1);
  const shape = WORKLOADS[name];
  const core = await import("../dist/src/core/index.js");
  const { backend, memory, wasm } = await useEngine(core, engine, threads);
  const net = makeNet(core, shape);
  trainStep(core, net);
  const bytesInUseStep1 = backend.allocator.bytesInUse();
  const memoryStep1 = memory?.buffer.byteLength ?? null;
  warmUp(() => trainStep(core, net), { steps: PLAN.warmup, ms: PLAN.warmupMs });
  const roundMedians = [];
  const cpuBefore = cpuSnapshot();
  for (let r = 0; r < PLAN.rounds; r++) roundMedians.push(medianStepMs(core, net, PLAN.steps));
  const msPerStep = median(roundMedians);
  const others = otherCores(cpuBefore, cpuSnapshot());
  const stats = wasm?.matmulThreads?.stats;
  wasm?.dispose();
  console.log(JSON.stringify({
    workload: name, engine, threads, backend: backend.name, msPerStep, roundMedians, loadAfter: loadavg()[0], otherCores: others,
    ...(stats ? { matmulsSplit: stats.split, matmulsWhole: stats.whole, workerChunkShare: 1 - stats.chunksOnCaller / Math.max(1, stats.chunksTotal) } : {}),
    gflops: flopsPerStep(shape) / (msPerStep * 1e6),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    bytesInUseStep1, bytesInUseLast: backend.allocator.bytesInUse(),
    wasmMemoryStep1: memoryStep1, wasmMemoryLast: memory?.buffer.byteLength ?? null,
  }));
}

/**
 * Child mode `--ab W1:auto:2`: the engine with 1 thread (A) and with N threads (B) in one process,
 * rounds alternating A B, B A, … so that both meet the same load; reports the median of each and
 * the median of the per-round ratios A ÷ B, and whether both nets ended with the same bits.
 */
async function abWorker(spec) {
  const [name, engine, threadsText] = spec.split(":");
  const threads = Number(threadsText);
  const shape = WORKLOADS[name];
  const core = await import("../dist/src/core/index.js");
  const sides = [];
  for (const t of [1, threads]) {
    const { backend, wasm } = await useEngine(core, engine, t);
    sides.push({ backend, wasm, net: makeNet(core, shape), rounds: [] });
  }
  const run = (side, steps) => {
    core.setBackend(side.backend);
    return medianStepMs(core, side.net, steps);
  };
  // NOTE: both sides take the same number of warm-up steps, so that their weights can be compared bit for bit at the end.
  let warmupSteps;
  for (const side of sides) {
    core.setBackend(side.backend);
    warmupSteps = warmUp(() => trainStep(core, side.net), { steps: PLAN.warmup, ms: PLAN.warmupMs, exactly: warmupSteps });
  }
  const rounds = PLAN.rounds * 2;
  const ratios = [];
  const cpuBefore = cpuSnapshot();
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 ? [sides[1], sides[0]] : sides) side.rounds.push(run(side, PLAN.steps));
    ratios.push(sides[0].rounds[r] / sides[1].rounds[r]);
  }
  const others = otherCores(cpuBefore, cpuSnapshot());
  const bits = (side) => side.net.params.map((p) => Array.from(new Uint32Array(Float32Array.from(p.data).buffer)).join()).join(";");
  const identical = bits(sides[0]) === bits(sides[1]);
  const stats = sides[1].wasm.matmulThreads.stats;
  for (const side of sides) side.wasm.dispose();
  console.log(JSON.stringify({
    workload: name, engine, threads, backend: sides[1].backend.name,
    msOne: median(sides[0].rounds), msMany: median(sides[1].rounds), speedup: median(ratios),
    roundsOne: sides[0].rounds, roundsMany: sides[1].rounds, otherCores: others, identical,
    matmulsSplit: stats.split, matmulsWhole: stats.whole, pausedMatmuls: stats.pausedMatmuls, slowSplits: stats.slowSplits,
    workerChunkShare: 1 - stats.chunksOnCaller / Math.max(1, stats.chunksTotal),
  }));
}

/**
 * Runs a bench script of this folder in a child Node (with this process's flags) and parses the
 * JSON it prints from its first "{" on; {error} naming the failure when it could not run.
 */
function runJson(script, argv) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const r = spawnSync(process.execPath, [...process.execArgv, path, ...argv], { encoding: "utf8", maxBuffer: 1 << 24 });
  const out = r.stdout ?? "";
  if (r.status === 0 && out.includes("{")) return JSON.parse(out.slice(out.indexOf("{")));
  return { error: (r.stderr || r.error?.message || "no output").trim().split("\n").find((l) => /Error|error/.test(l)) ?? `exit ${r.status}` };
}

/** Runs this script with `mode` (--worker: one measurement, --ab: one-vs-many threads) in a child process; {error} when it could not run. */
function measureInChild(mode, name, engine, threads) {
  const r = runJson("./run.js", [mode, `${name}:${engine}:${threads}`, ...(quick ? ["--quick"] : []),
    ...(optionsAt >= 0 ? ["--thread-options", args[optionsAt + 1]] : [])]);
  return r.error ? { workload: name, engine, threads, error: r.error } : r;
}

/** Runs `--ab name:engine:threads` in a child process; {error} when it could not run. */
const measureThreads = (name, engine, threads) => measureInChild("--ab", name, engine, threads);

/**
 * One gradscope measurement: in two child processes one after the other (one for the reference
 * engine, and with --quick), keeping the faster, with both step times in `samples`. One of this
 * VM's two cores is at times 30–45% slower than the other and a process keeps the core it lands
 * on: a second process gives each side a second chance at the faster one (PyTorch gets the same).
 */
function measureGradscope(name, engine, threads = 1) {
  const runs = engine === "reference" || quick ? 1 : 2;
  const results = Array.from({ length: runs }, () => measureInChild("--worker", name, engine, threads));
  const ok = results.filter((r) => !r.error);
  if (ok.length === 0) return results[0];
  const best = ok.reduce((a, b) => (b.msPerStep < a.msPerStep ? b : a));
  return { ...best, samples: ok.map((r) => r.msPerStep) };
}

/** The probes' cost per workload (bench/probes.js): {workload → row}, or {error}. */
function measureProbes() {
  const r = runJson("./probes.js", ["--json", ...(quick ? ["--quick"] : []), ...Object.keys(WORKLOADS)]);
  return r.error ? { error: `probes.js: ${r.error}` } : Object.fromEntries(r.rows.map((row) => [row.workload, row]));
}

/** compare's pool with 2 workers against 1 (bench/compare-workers.js; --quick: 200-step runs, one round). */
function measurePool() {
  const r = runJson("./compare-workers.js", ["--json", "--ceiling", ...(quick ? ["--steps", "200", "--rounds", "1"] : [])]);
  return r.error ? { error: `compare-workers.js: ${r.error}` } : r;
}

/**
 * PyTorch's side: bench/torch_bench.py in two processes one after the other (one with --quick),
 * keeping per workload and thread count the faster, as measureGradscope does for ours.
 */
function measureTorch() {
  const first = measureTorchOnce();
  if (first.skipped || quick) return first;
  const second = measureTorchOnce();
  if (second.skipped) return first;
  for (const [name, entry] of Object.entries(first.workloads)) {
    const other = second.workloads[name];
    if (!other) continue;
    for (const [t, m] of Object.entries(entry.threads)) {
      const o = other.threads[t];
      if (o) entry.threads[t] = { ...(o.msPerStep < m.msPerStep ? o : m), samples: [m.msPerStep, o.msPerStep] };
    }
    const best = Object.keys(entry.threads).reduce((a, b) => (entry.threads[b].msPerStep < entry.threads[a].msPerStep ? b : a));
    entry.best = { threads: Number(best), msPerStep: entry.threads[best].msPerStep };
  }
  first.blas.valid = first.blas.valid && second.blas.valid;
  return first;
}

/** Runs bench/torch_bench.py once; {skipped} with the reason when Debian's Python or torch is missing. */
function measureTorchOnce() {
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

/** The probes cell of a row: overhead of the median step (of the best step), for the auto engine only. */
function probesCell(r, probes) {
  if (probes === null || r.engine !== "auto") return "";
  if (probes.error) return "failed";
  const p = probes[r.workload];
  const signed = (v) => `${v >= 0 ? "+" : ""}${fmt(v, 1)}%`;
  return p ? `${signed(p.overheadPercent)} (${signed(p.bestOverheadPercent)})` : "–";
}

/** The markdown table: one row per workload and engine. */
function table(rows, torch, probes) {
  const lines = [
    "| workload | engine | gradscope ms/step | GFLOP/s | PyTorch ms/step (threads) | ratio PyTorch ÷ gradscope | probes every step (best step) | peak RSS MB | bytesInUse MB step 1 → last |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const t = torch.workloads?.[r.workload]?.best;
    const torchCell = t ? `${fmt(t.msPerStep)} (${t.threads})` : "–";
    if (r.error) {
      lines.push(`| ${r.workload} | ${r.engine} | failed: ${r.error} | | ${torchCell} | | | | |`);
      continue;
    }
    const ratio = t ? fmt(t.msPerStep / r.msPerStep) + (torch.blas.valid ? "" : " INVALID") : "–";
    lines.push(`| ${r.workload} | ${r.backend} | ${fmt(r.msPerStep)} | ${fmt(r.gflops, 1)} | ${torchCell} | ${ratio} | ${probesCell(r, probes)} | ${fmt(r.peakRssMB, 0)} | ${mb(r.bytesInUseStep1)} → ${mb(r.bytesInUseLast)} |`);
  }
  return lines.join("\n");
}

/** Both processes' step times behind each figure of the table that kept the faster (auto engine, and PyTorch's best setting). */
function samplesLine(rows, torch) {
  const ms = (xs) => xs.map((x) => fmt(x)).join(" / ");
  const ours = rows.filter((r) => r.engine === "auto" && r.samples?.length > 1).map((r) => `${r.workload} ${ms(r.samples)}`);
  const theirs = Object.entries(torch.workloads ?? {}).map(([n, w]) => [n, w.threads[String(w.best.threads)]?.samples]).filter(([, s]) => s).map(([n, s]) => `${n} ${ms(s)}`);
  if (ours.length === 0 && theirs.length === 0) return "Each side measured in one process.";
  return `Each figure is the faster of two processes (ms per step of each): gradscope (auto) ${ours.join(", ")}; PyTorch ${theirs.join(", ") || "–"}.`;
}

/** The pool's line: 2 workers over 1 on compare's default grid. */
function poolSummary(pool) {
  if (pool.error) return `compare's pool, 2 workers over 1: failed (${pool.error}).`;
  return `compare's pool (bench/compare-workers.js: ${pool.runs} runs of ${pool.steps} steps, each pool in a fresh process, medians of ${pool.rounds}): ` +
    `1 worker ${fmt(pool.oneWorkerSeconds)} s, 2 workers ${fmt(pool.twoWorkersSeconds)} s, throughput ${fmt(pool.ratio)}× ` +
    `(the machine's own 2-thread scaling meanwhile ${fmt(pool.machineTwoThreadRatio)}×; final losses identical: ${pool.identicalLosses ? "yes" : "NO"}). ` +
    `Two 1-worker pools in separate processes at once, sharing nothing: ${fmt(pool.twoProcessesRatio)}× one.`;
}

/** What this machine lets WebAssembly reach (bench/ceilings.js): {peak, kernel: {W → rates}}, or {error}. */
function measureCeilings() {
  const r = runJson("./ceilings.js", ["--json", ...(quick ? ["--quick"] : [])]);
  return r.error ? { error: `ceilings.js: ${r.error}` } : r;
}

/**
 * The ceilings' table: per workload, the least time a step's matmuls take at the kernel's rate
 * and at the 128-bit peak, on one core and on both, and the best ratio to PyTorch each allows.
 */
function ceilingsTable(ceilings, torch) {
  if (ceilings.error) return `Ceilings: failed (${ceilings.error}).`;
  const { peak } = ceilings;
  const lines = [
    `Ceilings (bench/ceilings.js, ${ceilings.relaxed ? "relaxed" : "plain"} SIMD, GFLOP/s alone — both cores at once): 12 independent 128-bit multiply-adds ` +
      `${fmt(peak.alone, 1)} — ${fmt(peak.bothFaster, 1)} + ${fmt(peak.bothSlower, 1)}; no WebAssembly kernel can beat these (no wider vectors). ` +
      "The least time a step's matmuls alone can take (FLOPs ÷ rate; everything else in the step counted as free), and the best ratio to PyTorch that leaves:\n",
    "| workload | matmul GFLOP/step | gradscope matmul GFLOP/s, 1 core — 2 cores | least ms at that rate, 1 — 2 threads | least ms at the 128-bit peak, 1 — 2 cores | PyTorch ms | best ratio: kernel 1 — 2 threads; peak 1 — 2 cores |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [name, shape] of Object.entries(WORKLOADS)) {
    const k = ceilings.kernel[name];
    if (!k) continue;
    const gflop = flopsPerStep(shape) / 1e9;
    const ms = (rate) => (gflop / rate) * 1000;
    const least = [ms(k.alone), ms(k.bothSum), ms(peak.alone), ms(peak.bothSum)];
    const t = torch.workloads?.[name]?.best?.msPerStep;
    const ratios = t ? least.map((l) => fmt(t / l)) : ["–", "–", "–", "–"];
    lines.push(`| ${name} | ${fmt(gflop, 3)} | ${fmt(k.alone, 1)} — ${fmt(k.bothSum, 1)} | ${fmt(least[0])} — ${fmt(least[1])} | ${fmt(least[2])} — ${fmt(least[3])} | ` +
      `${t ? fmt(t) : "–"} | ${ratios[0]} — ${ratios[1]}; ${ratios[2]} — ${ratios[3]} |`);
  }
  return lines.join("\n");
}

/** With --threads: one row per workload, the auto engine with 1 and with N threads, rounds interleaved in one process. */
function threadsTable(abRows) {
  const lines = [
    `| workload | 1 thread ms/step | ${THREADS} threads ms/step | speed-up (median of round ratios) | same bits | matmuls split / whole (paused) | chunks done by the workers | cores busy with other processes |`,
    "|---|---:|---:|---:|:-:|---:|---:|---:|",
  ];
  for (const r of abRows) {
    if (r.error) {
      lines.push(`| ${r.workload} | failed: ${r.error} | | | | | | |`);
      continue;
    }
    lines.push(`| ${r.workload} | ${fmt(r.msOne)} | ${fmt(r.msMany)} | ${fmt(r.speedup)}× | ${r.identical ? "yes" : "NO"} | ` +
      `${r.matmulsSplit} / ${r.matmulsWhole} (${r.pausedMatmuls}) | ${fmt(100 * r.workerChunkShare, 0)}% | ${fmt(r.otherCores, 2)} |`);
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
  const abAt = args.indexOf("--ab");
  if (abAt >= 0) return abWorker(args[abAt + 1]);
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
  const abRows = [];
  if (THREADS > 1 && engines.length > 0) {
    for (const name of Object.keys(WORKLOADS)) {
      if (!args.includes("--json")) process.stderr.write(`measuring ${name} on auto with 1 and ${THREADS} threads, interleaved…\n`);
      abRows.push(measureThreads(name, "auto", THREADS));
    }
  }
  const wantProbes = engines.length > 0 && !args.includes("--no-probes"), wantPool = engines.length > 0 && !args.includes("--no-pool");
  if (wantProbes && !args.includes("--json")) process.stderr.write("measuring the probes' cost (bench/probes.js)…\n");
  const probes = wantProbes ? measureProbes() : null;
  if (wantPool && !args.includes("--json")) process.stderr.write("measuring compare's pool with 1 and 2 workers (bench/compare-workers.js)…\n");
  const pool = wantPool ? measurePool() : null;
  const wantCeilings = engines.length > 0 && !args.includes("--no-ceilings");
  if (wantCeilings && !args.includes("--json")) process.stderr.write("measuring the machine's ceilings (bench/ceilings.js)…\n");
  const ceilings = wantCeilings ? measureCeilings() : null;
  if (!args.includes("--json")) process.stderr.write("measuring PyTorch…\n");
  const torch = measureTorch();
  const plan = `warm-up of ≥ ${PLAN.warmup} steps and ≥ ${PLAN.warmupMs / 1000} s, then ${PLAN.rounds} rounds of ${PLAN.steps} steps; median of round medians`;
  if (args.includes("--json")) {
    console.log(JSON.stringify({ node: process.version, loadAverage: load, plan: PLAN, flopsPerStep: Object.fromEntries(Object.entries(WORKLOADS).map(([n, s]) => [n, flopsPerStep(s)])), gradscope: rows, ...(abRows.length ? { threads: abRows } : {}), ...(probes ? { probes } : {}), ...(pool ? { pool } : {}), ...(ceilings ? { ceilings } : {}), torch }, null, 2));
    return;
  }
  console.log(`\ngradscope yardstick (Node ${process.version}; ${plan}; float32 tanh MLP, 784 → 10, SGD)`);
  console.log(`load average ${load.map((v) => v.toFixed(1)).join(" ")} on ${availableParallelism()} cores at the start${load[0] > availableParallelism() / 2 ? ": others are busy, expect noise" : ""}\n`);
  if (engines.length === 0) console.log("wasm backend not built (dist/src/core/kernels/wasm/index.js missing): only the reference engine was measured.\n");
  console.log(table(rows, torch, probes));
  console.log(`\n${samplesLine(rows, torch)}`);
  if (probes && !probes.error) console.log("\nProbes: bench/probes.js, Trainer steps with a Recorder of every statistic at every step against steps without, alternating; overhead of the median step (of the best step).");
  if (THREADS > 1 && engines.length > 0) {
    console.log(`\nOpt-in ${THREADS}-thread matmul (createWasmBackend({ threads: ${THREADS}, spawnWorker })), auto engine; ` +
      `1 and ${THREADS} threads in one process, ${PLAN.rounds * 2} rounds of ${PLAN.steps} steps each, alternating:\n`);
    console.log(threadsTable(abRows));
  }
  if (pool) console.log(`\n${poolSummary(pool)}`);
  if (ceilings) console.log(`\n${ceilingsTable(ceilings, torch)}`);
  console.log(`\n${torchSummary(torch)}`);
}

await main();
