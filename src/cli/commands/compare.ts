import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { GradscopeError } from "../../core/errors.js";
import { applyOverrides, formatOf, resolveConfig } from "../../experiment/config/index.js";
import type { ExperimentConfig } from "../../experiment/config/types.js";
import { expandGrid, parseGridText, parseVary, type GridRun, type GridSpec } from "../../experiment/grid/index.js";
import { parseConfigText } from "../../experiment/config/parse.js";
import { renderReport } from "../../report/index.js";
import { RunStore, storePath } from "../../store/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configOfFlags, experimentOptions, readExperimentFile } from "../config-source.js";
import { presetConfigs } from "../../experiment/presets/index.js";
import { numberOption, parseFlags, stringOption, switchOption, type ParsedFlags } from "../flags.js";
import { Interrupt } from "../interrupt.js";
import { defaultWorkers, runPool } from "../pool/pool.js";
import { reportRunFromStore } from "../report-run.js";
import type { RunOutcome } from "../pool/task.js";
import { jsonText, num, pct, table } from "../table.js";

/** Help text of `gradscope compare`. */
export const compareHelp = `gradscope compare — run a grid of experiments in parallel and compare them

Usage: gradscope compare [FILE] [config flags] --vary KEY=V1,V2,… [--vary …] [--seeds S1,S2,…] [options]

Every combination of the --vary values (first axis slowest) is trained on the same data and
seeds, in parallel on worker threads, each run stored in the run store as it trains. A line is
printed as each run finishes, then a summary table: status, final train and test loss, test
accuracy, ‖δ_1‖/‖δ_L‖ at the first and the last recorded step, and the warning/critical findings.

FILE is an experiment file (the base of every run; flags override it), or a grid file (JSON or
YAML) with "base" (a partial experiment config) and "axes" (config path or short flag → values):
  { "base": { "model": { "width": 32 } },
    "axes": { "model.activation": ["sigmoid", "relu"], "model.depth": [10, 30], "seed": [1, 2] } }

KEY is a short flag (activation, init, norm, residual, depth, lr, optimizer, …) or a config path
(model.norm.placement); values are read as flag values, JSON for objects: --vary 'init={"name":"normal","std":0.1},heNormal'.

Options:
  --vary KEY=V1,V2   an axis of the grid (repeatable)
  --seeds S1,S2      a seed axis (the same as --vary seed=S1,S2)
  --workers N        worker threads (default min(2, cores) = ${defaultWorkers()})
  --sort ORDER       summary order: best (default: test accuracy, then test loss), loss, or grid
  --report FILE      write a self-contained HTML comparison report
  --from RUN         base on a stored run's config
  --store PATH       the run store (default $GRADSCOPE_STORE, else ./.gradscope/runs.db)
  --no-store         do not store the runs
  --json             print the summary as JSON (one object per run) and nothing else

Exit codes: 0 every run finished, 2 bad usage or input (an unknown axis, a bad value), 3 a run
hit NaN/Inf or failed, 130 interrupted (Ctrl-C: running runs are kept as interrupted).

Examples:
  gradscope compare --depth 20 --vary activation=sigmoid,tanh,relu --vary init=xavierNormal,heNormal --steps 300
  gradscope compare --vary activation=sigmoid,relu --vary depth=10,30 --seeds 1,2 --workers 2
  gradscope compare grid.yaml --report compare.html
`;

const options = {
  ...experimentOptions, vary: { type: "string", multiple: true }, seeds: { type: "string" }, workers: { type: "string" },
  sort: { type: "string" }, report: { type: "string" }, "no-store": { type: "boolean" }, json: { type: "boolean" },
} as const;

/** Whether a file's data is a grid file (it has "axes" at the top). */
function isGridText(text: string, file: string): boolean {
  const data = parseConfigText(text, formatOf(file), file);
  return typeof data === "object" && data !== null && !Array.isArray(data) && "axes" in data;
}

/** The grid of a command line: FILE (grid or experiment) and config flags as the base, the file's axes, then --vary and --seeds. */
export function gridOfFlags(flags: ParsedFlags): { spec: GridSpec; base: ExperimentConfig } {
  const file = flags.positionals[0];
  let base: ExperimentConfig;
  let axes: Record<string, readonly unknown[]> = {};
  const text = file === undefined ? undefined : readExperimentFile(file);
  if (file !== undefined && text !== undefined && isGridText(text, file)) {
    if (stringOption(flags, "from") !== undefined) throw new GradscopeError(`--from: give a grid file or --from RUN, not both`);
    const grid = parseGridText(text, formatOf(file), file);
    base = resolveConfig(grid.base ?? {}, `${file}: base`);
    if (Object.keys(flags.overrides).length > 0) base = applyOverrides(base, flags.overrides);
    axes = { ...grid.axes };
  } else {
    base = configOfFlags(flags);
  }
  const vary = (flags.options.vary as string[] | undefined) ?? [];
  const seeds = stringOption(flags, "seeds");
  for (const text of [...vary, ...(seeds === undefined ? [] : [`seed=${seeds}`])]) {
    const { key, values } = parseVary(text);
    if (Object.hasOwn(axes, key)) throw new GradscopeError(`--vary ${key}: this axis is given twice`);
    if (Object.hasOwn(flags.overrides, key)) throw new GradscopeError(`--vary ${key}: --${key} also sets it; give one of them`);
    axes[key] = values;
  }
  return { spec: { base, axes }, base };
}

const ratio = (x: number) => (!Number.isFinite(x) ? "–" : x !== 0 && (Math.abs(x) < 0.01 || Math.abs(x) >= 1000) ? x.toExponential(1) : x.toPrecision(2));
const serious = (o: RunOutcome) => o.findings.filter((f) => f.severity !== "info");
const findingsCell = (o: RunOutcome) => (o.error !== undefined ? o.error : serious(o).length === 0 ? "none" : serious(o).map((f) => `${f.kind}${f.severity === "critical" ? "!" : ""}`).join(", "));

/** Outcomes in the summary's order: best (finished first, accuracy down, test loss up), loss, or grid. */
export function sortOutcomes(outcomes: readonly RunOutcome[], order: string): RunOutcome[] {
  const finite = (x: number, worst: number) => (Number.isFinite(x) ? x : worst);
  const byLoss = (a: RunOutcome, b: RunOutcome) => finite(a.testLoss, Infinity) - finite(b.testLoss, Infinity) || a.index - b.index;
  const ok = (o: RunOutcome) => (o.status === "finished" ? 0 : 1);
  if (order === "grid") return [...outcomes].sort((a, b) => a.index - b.index);
  if (order === "loss") return [...outcomes].sort((a, b) => ok(a) - ok(b) || byLoss(a, b));
  if (order === "best") return [...outcomes].sort((a, b) => ok(a) - ok(b) || finite(b.testAccuracy, -1) - finite(a.testAccuracy, -1) || byLoss(a, b));
  throw new GradscopeError(`--sort: "${order}" is not one of best, loss, grid`);
}

/** The summary table of a comparison. */
function summaryTable(outcomes: readonly RunOutcome[]): string[] {
  const rows = outcomes.map((o) => [o.runId === null ? "–" : String(o.runId), o.name, o.status, num(o.trainLoss), num(o.testLoss), pct(o.testAccuracy), ratio(o.ratioFirst), ratio(o.ratioLast), findingsCell(o)]);
  const right = (header: string) => ({ header, right: true });
  return table([right("run"), { header: "name" }, { header: "status" }, right("train loss"), right("test loss"), right("test acc"), right("‖δ_1‖/‖δ_L‖ first"), right("last"), { header: "findings (! critical)" }], rows);
}

/** Writes the HTML comparison report of the stored runs (best first), with the grid as its notes. */
function writeReport(file: string, store: string, outcomes: readonly RunOutcome[], spec: GridSpec): void {
  const db = RunStore.open(store);
  try {
    const runs = outcomes.filter((o) => o.runId !== null).map((o) => reportRunFromStore(db, o.runId!));
    const axes = Object.entries(spec.axes).map(([k, v]) => `${k}: ${v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ")}`);
    const notes = [`A grid of ${outcomes.length} runs on the same data and seeds, best first.`, ...(axes.length > 0 ? [`Axes — ${axes.join("; ")}.`] : [])];
    writeFileSync(file, renderReport({ title: `gradscope compare: ${outcomes.length} runs`, runs, notes }));
  } finally {
    db.close();
  }
}

/** One progress line: "[3/8] activation=relu depth=10 finished: test loss 0.12, acc 95.0%, ‖δ_1‖/‖δ_L‖ 1.3 (0.8 s) run 12". */
function progressLine(o: RunOutcome, done: number, total: number): string {
  const head = `[${done}/${total}] ${o.name}: ${o.status}`;
  if (o.status === "failed") return `${head}: ${o.error ?? ""}`;
  return `${head}, test loss ${num(o.testLoss)}, acc ${pct(o.testAccuracy)}, ‖δ_1‖/‖δ_L‖ ${ratio(o.ratioLast)} (${(o.trainMs / 1000).toFixed(1)} s)${o.runId === null ? "" : `, run ${o.runId}`}`;
}

/**
 * `--preset NAME` (no variant): every variant of the preset's story, crossed with the grid's other
 * axes (e.g. --seeds), flags applied to each; null when no whole preset is asked for.
 */
function presetGrid(flags: ParsedFlags, spec: GridSpec): GridRun[] | null {
  const preset = stringOption(flags, "preset");
  if (preset === undefined || preset.includes(":")) return null;
  const runs: GridRun[] = [];
  for (const variant of presetConfigs(preset)) {
    const config = Object.keys(flags.overrides).length > 0 ? applyOverrides(variant.config, flags.overrides) : variant.config;
    for (const r of expandGrid({ base: config, axes: spec.axes }, "compare")) {
      runs.push({ ...r, index: runs.length, name: r.name === "base" ? variant.label : `${variant.label} ${r.name}`, values: { preset: variant.label, ...r.values } });
    }
  }
  return runs;
}

/** `gradscope compare`: expands the grid, runs it on the pool, prints progress and the summary. */
async function compareAction(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, options, { config: true });
  const json = switchOption(flags, "json");
  const { spec } = gridOfFlags(flags);
  const runs: GridRun[] = presetGrid(flags, spec) ?? expandGrid(spec, "compare");
  const order = stringOption(flags, "sort") ?? "best";
  sortOutcomes([], order);
  const workers = numberOption(flags, "workers", defaultWorkers(), { min: 1, max: Math.max(64, availableParallelism()), integer: true });
  const store = switchOption(flags, "no-store") ? null : storePath(stringOption(flags, "store"));
  const report = stringOption(flags, "report");
  if (report !== undefined && store === null) throw new GradscopeError("--report: the report reads the runs from the store; drop --no-store");
  if (!json) io.out(`gradscope compare: ${runs.length} run${runs.length === 1 ? "" : "s"} on ${Math.min(workers, runs.length)} worker${workers === 1 ? "" : "s"}${store === null ? " (not stored)" : `, stored in ${store}`}`);
  // Create and migrate the store here, once, before the workers open it at the same moment: two
  // workers creating one new file raced (one read the other's tables before its application id,
  // or met its switch to WAL mode locked), failing a run at random. A bad store fails here, once.
  if (store !== null) RunStore.open(store).close();
  const interrupt = new Interrupt();
  const started = performance.now();
  let outcomes: RunOutcome[];
  try {
    outcomes = await runPool(runs.map((r) => ({ index: r.index, name: r.name, config: r.config, store })), {
      workers, shouldStop: () => interrupt.requested,
      onDone: (o, done, total) => { if (!json) io.out(progressLine(o, done, total)); },
    });
  } finally {
    interrupt.release();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = sortOutcomes(outcomes, order);
  if (json) io.out(jsonText(sorted));
  else {
    io.out("");
    for (const line of summaryTable(sorted)) io.out(line);
    io.out(`\n${outcomes.length} runs in ${seconds.toFixed(1)} s.`);
  }
  if (report !== undefined && store !== null) {
    writeReport(report, store, sorted, spec);
    if (!json) io.out(`Comparison report: ${report}`);
  }
  if (interrupt.requested || outcomes.length < runs.length) {
    io.err(`gradscope: interrupted; ${outcomes.filter((o) => o.status === "interrupted").length} run(s) kept as interrupted, ${runs.length - outcomes.length} not started`);
    return exitCodes.interrupted;
  }
  if (outcomes.some((o) => o.status === "failed" || o.status === "diverged")) return exitCodes.nonFinite;
  return exitCodes.ok;
}

/** `gradscope compare`. */
export const compareCommand: Command = { name: "compare", summary: "run a grid of experiments in parallel; summary table and comparison report", help: compareHelp, run: compareAction };
