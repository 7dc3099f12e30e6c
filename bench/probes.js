// The probes' cost: ms per training step of the yardstick workloads (DESIGN.md: tanh MLP,
// 784 → depth × width → 10, softmax cross-entropy, plain SGD) through the Trainer, with and
// without a Recorder at every step (every metric, histogram and sentinel), on the wasm backend.
//
//   npx tsc -p tsconfig.json && node --experimental-wasm-relaxed-simd bench/probes.js [--quick] [--json] [W1 W2 …]
//
// Plain and probed steps alternate step by step on the same network, so that the load of a
// shared machine hits both alike; each figure is the median over rounds of the round medians,
// and the best single step of each kind is shown too (the least disturbed figure). Beside the
// wall-clock time, the process's CPU time per step (process.cpuUsage: user + system, all its
// threads) leaves out the time the step waited for a core on a loaded machine.
import { loadavg } from "node:os";
import { WORKLOADS, median, wasmTrainers, warmUp } from "./yardstick.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const json = args.includes("--json");
const chosen = args.filter((a) => a in WORKLOADS);
/**
 * Warm-up pairs of steps (at least `warmup` and at least `warmupMs`: V8 optimises a step's
 * JavaScript only after thousands of calls), rounds, timed steps of each kind per round.
 */
const PLAN = quick ? { warmup: 3, warmupMs: 300, rounds: 5, steps: 10 } : { warmup: 10, warmupMs: 1500, rounds: 11, steps: 30 };

const { core, Recorder, setup } = await wasmTrainers();

/** [wall ms, CPU ms] of one call of f. */
function timed(f) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  f();
  const wall = performance.now() - t0, c = process.cpuUsage(c0);
  return [wall, (c.user + c.system) / 1000];
}

function measure(name) {
  const { trainer, x, labels, rng } = setup(WORKLOADS[name]);
  // NOTE: the warm-up records into a recorder of its own; the timed steps into one with room for exactly them.
  const warmRecorder = new Recorder(trainer);
  const plain = () => trainer.step(x, labels, rng);
  warmUp(() => {
    plain();
    trainer.step(x, labels, rng, warmRecorder.hooksFor(labels));
  }, { steps: PLAN.warmup, ms: PLAN.warmupMs });
  warmRecorder.dispose();
  const recorder = new Recorder(trainer, { capacity: PLAN.rounds * PLAN.steps + 1 });
  const probed = () => trainer.step(x, labels, rng, recorder.hooksFor(labels));
  const rounds = { plain: [], probed: [] }, cpuRounds = { plain: [], probed: [] }, best = { plain: Infinity, probed: Infinity };
  for (let r = 0; r < PLAN.rounds; r++) {
    const times = { plain: [], probed: [] }, cpu = { plain: [], probed: [] };
    const run = (kind, f) => {
      const [wall, c] = timed(f);
      times[kind].push(wall);
      cpu[kind].push(c);
    };
    for (let s = 0; s < PLAN.steps; s++) {
      // NOTE: the order within a pair alternates, so neither kind always runs first.
      const first = s % 2 === 0;
      if (first) run("plain", plain);
      run("probed", probed);
      if (!first) run("plain", plain);
    }
    for (const kind of ["plain", "probed"]) {
      rounds[kind].push(median(times[kind]));
      cpuRounds[kind].push(median(cpu[kind]));
      best[kind] = Math.min(best[kind], ...times[kind]);
    }
  }
  const msPlain = median(rounds.plain), msProbed = median(rounds.probed);
  const cpuPlain = median(cpuRounds.plain), cpuProbed = median(cpuRounds.probed);
  if (recorder.stopped) throw new Error(`${name}: the sentinel fired during the benchmark: ${JSON.stringify(recorder.recording.nonFinite)}`);
  const percent = (a, b) => (100 * (b - a)) / a;
  return {
    workload: name, ...WORKLOADS[name], msPlain, msProbed, overheadPercent: percent(msPlain, msProbed),
    bestPlain: best.plain, bestProbed: best.probed, bestOverheadPercent: percent(best.plain, best.probed),
    cpuPlain, cpuProbed, cpuOverheadPercent: percent(cpuPlain, cpuProbed),
    records: recorder.recording.count, rounds, cpuRounds,
  };
}

const rows = [];
for (const name of chosen.length > 0 ? chosen : Object.keys(WORKLOADS)) {
  if (!json) process.stderr.write(`measuring ${name}…\n`);
  rows.push(measure(name));
}
const load = loadavg();
if (json) {
  console.log(JSON.stringify({ node: process.version, backend: core.getBackend().name, loadAverage: load, plan: PLAN, rows }, null, 2));
} else {
  console.log(`\ngradscope probes overhead (Node ${process.version}, ${core.getBackend().name}; ${PLAN.warmup} warm-up steps, ${PLAN.rounds} rounds of ${PLAN.steps} alternating plain/probed steps, median of round medians; load ${load.map((v) => v.toFixed(1)).join(" ")})\n`);
  console.log("| workload | layers × width, batch | plain ms/step | probed ms/step | overhead | best plain / probed | best-step overhead | CPU plain / probed | CPU overhead |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(`| ${r.workload} | ${r.depth} × ${r.width}, ${r.batch} | ${r.msPlain.toFixed(3)} | ${r.msProbed.toFixed(3)} | ${r.overheadPercent.toFixed(1)}% | ${r.bestPlain.toFixed(3)} / ${r.bestProbed.toFixed(3)} | ${r.bestOverheadPercent.toFixed(1)}% | ${r.cpuPlain.toFixed(3)} / ${r.cpuProbed.toFixed(3)} | ${r.cpuOverheadPercent.toFixed(1)}% |`);
  }
}
