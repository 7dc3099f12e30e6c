import { writeFileSync } from "node:fs";
import { GradscopeError } from "../../core/errors.js";
import type { Finding } from "../../diagnosis/finding.js";
import { resolveConfig } from "../../experiment/config/index.js";
import { runStatuses, storePath, type RunInfo, type RunStatus, type RunStore } from "../../store/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configSummary } from "../config-summary.js";
import { findingsText } from "../findings-text.js";
import { numberOption, parseFlags, stringOption, type OptionSpec } from "../flags.js";
import { noStore, openExistingStore, parseRunId, runById } from "../open-store.js";
import type { RunSummary } from "../persist.js";
import { num, pct, table } from "../table.js";

/** Help text of `gradscope runs`. */
export const runsHelp = `gradscope runs — list, show, delete and export the runs in the run store

Usage:
  gradscope runs list [--status S] [--name TEXT] [--limit N]
  gradscope runs show ID [--config]
  gradscope runs delete ID [ID …]
  gradscope runs export ID [--format json|csv] [--out FILE]

list    a table of runs, newest first: id, name, status, created, steps, final test accuracy,
        findings. --status one of ${runStatuses.join(", ")}; --name a substring of the name.
show    one run: its config in one line, final metrics, timing and findings with their remedies;
        --config prints the full resolved config as JSON instead (a valid experiment file).
delete  removes runs with their metrics, findings and artifacts.
export  json: the run, its config, findings and every recorded metric (one document);
        csv: one line per recorded step, per-layer columns such as deltaNorm.l3.
        Written to stdout unless --out FILE.

Every subcommand takes --store PATH (default $GRADSCOPE_STORE, else ./.gradscope/runs.db).
Exit codes: 0 success, 2 bad usage or a file that is not a run store, 4 unknown run id.

Examples:
  gradscope runs list --status finished --limit 10
  gradscope runs show 3
  gradscope runs export 3 --format csv --out run3.csv
  gradscope runs delete 4 5
`;

const common: Record<string, OptionSpec> = { store: { type: "string" } };

/** Opens the store for a read; a missing store file has no runs (null; nothing is created). */
function withStore<T>(io: Io, flags: ReturnType<typeof parseFlags>, none: () => T, fn: (store: RunStore) => T): T {
  const store = openExistingStore(stringOption(flags, "store"));
  if (store === null) return none();
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

const summaryOf = (run: RunInfo): Partial<RunSummary> => (run.summary ?? {}) as Partial<RunSummary>;

/** "2026-11-29 08:58". */
const when = (iso: string | null) => (iso === null ? "–" : iso.replace("T", " ").slice(0, 16));

function list(argv: string[], io: Io): number {
  const flags = parseFlags(argv, { ...common, status: { type: "string" }, name: { type: "string" }, limit: { type: "string" } }, { maxPositionals: 0 });
  const status = stringOption(flags, "status");
  if (status !== undefined && !runStatuses.includes(status as RunStatus)) throw new GradscopeError(`--status: "${status}" is not one of ${runStatuses.join(", ")}`);
  const limit = stringOption(flags, "limit") === undefined ? undefined : numberOption(flags, "limit", 0, { min: 1, integer: true });
  const name = stringOption(flags, "name");
  return withStore(io, flags, () => {
    io.out(`No runs: the run store ${storePath(stringOption(flags, "store"))} does not exist yet (gradscope run creates it).`);
    return exitCodes.ok;
  }, (store) => {
    const runs = store.listRuns({ ...(status === undefined ? {} : { status: status as RunStatus }), ...(name === undefined ? {} : { name }), ...(limit === undefined ? {} : { limit }) });
    if (runs.length === 0) {
      io.out(`No runs${status !== undefined || name !== undefined ? " match" : ""} in ${store.path}.`);
      return exitCodes.ok;
    }
    const rows = runs.map((r) => {
      const s = summaryOf(r);
      return [String(r.id), r.name, r.status, when(r.createdAt), String(s.steps ?? r.lastStep ?? 0), pct(s.finalTest?.accuracy), String(store.getFindings(r.id).length)];
    });
    const columns = [{ header: "id", right: true }, { header: "name" }, { header: "status" }, { header: "created" }, { header: "steps", right: true }, { header: "test acc", right: true }, { header: "findings", right: true }];
    for (const line of table(columns, rows)) io.out(line);
    return exitCodes.ok;
  });
}

function show(argv: string[], io: Io): number {
  const flags = parseFlags(argv, { ...common, config: { type: "boolean" } });
  const id = parseRunId(flags.positionals[0], "runs show");
  return withStore(io, flags, () => { throw noStore(id, stringOption(flags, "store")); }, (store) => {
    const run = runById(store, id);
    if (flags.options.config === true) {
      io.out(JSON.stringify(run.config, null, 2));
      return exitCodes.ok;
    }
    const s = summaryOf(run);
    let config: string;
    try {
      config = configSummary(resolveConfig(run.config, `run ${id}`));
    } catch {
      config = JSON.stringify(run.config);
    }
    io.out(`Run ${run.id}: ${run.name} — ${run.status}${run.error === null ? "" : ` (${run.error})`}`);
    io.out(`  created ${when(run.createdAt)}, ended ${when(run.finishedAt)}; seed ${run.seed}, engine ${run.engine}`);
    io.out(`  config: ${config}`);
    if (s.data !== undefined) io.out(`  data: ${s.data}`);
    io.out(`  steps: ${s.steps ?? run.lastStep ?? 0} (${run.records} records stored)${s.trainMs !== undefined ? `, trained in ${(s.trainMs / 1000).toFixed(2)} s` : ""}`);
    if (s.finalTest !== undefined && s.finalTrain !== undefined) {
      io.out(`  final: train loss ${num(s.finalTrain.loss)}, accuracy ${pct(s.finalTrain.accuracy)}; test loss ${num(s.finalTest.loss)}, accuracy ${pct(s.finalTest.accuracy)}`);
    }
    io.out("");
    for (const line of findingsText(store.getFindings<Finding>(id), { colour: io.tty })) io.out(line);
    io.out("");
    io.out(`Full config: gradscope runs show ${id} --config   repeat: gradscope run --from ${id}   report: gradscope report ${id}`);
    return exitCodes.ok;
  });
}

function remove(argv: string[], io: Io): number {
  const flags = parseFlags(argv, common, { maxPositionals: Infinity });
  if (flags.positionals.length === 0) throw new GradscopeError("runs delete: give the run ids to delete (see \"gradscope runs list\")");
  const ids = flags.positionals.map((p) => parseRunId(p, "runs delete"));
  return withStore(io, flags, () => { throw noStore(ids[0], stringOption(flags, "store")); }, (store) => {
    for (const id of ids) runById(store, id);
    for (const id of ids) store.deleteRun(id);
    io.out(`Deleted ${ids.length === 1 ? "run" : "runs"} ${ids.join(", ")} from ${store.path}.`);
    return exitCodes.ok;
  });
}

function exportRun(argv: string[], io: Io): number {
  const flags = parseFlags(argv, { ...common, format: { type: "string" }, out: { type: "string" } });
  const id = parseRunId(flags.positionals[0], "runs export");
  const format = stringOption(flags, "format") ?? "json";
  if (format !== "json" && format !== "csv") throw new GradscopeError(`--format: "${format}" is not allowed; expected json or csv`);
  return withStore(io, flags, () => { throw noStore(id, stringOption(flags, "store")); }, (store) => {
    runById(store, id);
    const text = store.exportRun(id, format);
    const out = stringOption(flags, "out");
    if (out === undefined) (io.write ?? io.out)(text);
    else {
      writeFileSync(out, text);
      io.err(`gradscope: wrote run ${id} as ${format} to ${out}`);
    }
    return exitCodes.ok;
  });
}

const subcommands: Record<string, (argv: string[], io: Io) => number> = { list, show, delete: remove, export: exportRun };

/** `gradscope runs`. */
export const runsCommand: Command = {
  name: "runs",
  summary: "list, show, delete and export stored runs",
  help: runsHelp,
  run(argv, io) {
    const named = argv.length > 0 && !argv[0].startsWith("-");
    const sub = named ? argv[0] : "list";
    const rest = named ? argv.slice(1) : argv;
    const fn = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
    if (fn === undefined) throw new GradscopeError(`runs: unknown subcommand "${sub}"; expected ${Object.keys(subcommands).join(", ")}`);
    return fn(rest, io);
  },
};
