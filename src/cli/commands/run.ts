import { basename, extname } from "node:path";
import pc from "picocolors";
import type { Finding } from "../../diagnosis/finding.js";
import { flagAliases } from "../../experiment/config/aliases.js";
import { getPreset, presetNames } from "../../experiment/presets/index.js";
import type { ExperimentConfig } from "../../experiment/config/index.js";
import { prepareData, type SessionResult } from "../../experiment/session/index.js";
import { storePath } from "../../store/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configSummary, defaultRunName } from "../config-summary.js";
import { configOfFlags, experimentOptions, readCsvFile } from "../config-source.js";
import { depthProfile, profileAt } from "../depth-profile.js";
import { useNodeEngine } from "../engine.js";
import { findingsText } from "../findings-text.js";
import { numberOption, parseFlags, stringOption, switchOption } from "../flags.js";
import { Interrupt } from "../interrupt.js";
import { openStore } from "../open-store.js";
import { LiveProgress, PlainProgress, silentProgress, type Progress } from "../progress.js";
import { jsonText, pct } from "../table.js";
import { statusOf, trainWithStore } from "../train.js";

/** The config flags as help lines: "  --depth N   hidden layers  (model.depth)". */
export function configFlagHelp(): string {
  return Object.entries(flagAliases).map(([flag, a]) => `  --${flag} X`.padEnd(20) + `${a.help} (${a.path})`).join("\n");
}

/** Help text of `gradscope run`. */
export const runHelp = `gradscope run — train a deep MLP, watch its per-layer gradients, get a diagnosis, keep the run

Usage: gradscope run [FILE] [options]

FILE is an experiment file (JSON, or YAML when named .yaml/.yml; every field has a default:
see docs/cli.md and schema/experiment.schema.json). Without FILE the default experiment runs:
a 20-layer tanh MLP of width 32 on the 3-class spirals, 1000 steps of SGD (about 1.5 s).
Flags override the file. The run, its full resolved config and its per-layer metrics are
written to the run store while it trains; Ctrl-C stops it and keeps it as "interrupted".

Config flags:
${configFlagHelp()}
  --set PATH=VALUE  set any config field by its dotted path (repeatable), e.g.
                    --set model.norm.placement=after --set optimizer.momentum=0.9
  --a.b.c VALUE     the same as --set a.b.c=VALUE

Options:
  --from RUN        repeat a stored run exactly from its stored config (flags still override)
  --preset NAME[:VARIANT]  a built-in experiment (default: its first variant); flags still override.
                    ${presetNames.join(", ")}
  --name TEXT       the run's name in the store (default: model and data, or the file's name)
  --store PATH      the run store (default $GRADSCOPE_STORE, else ./.gradscope/runs.db)
  --no-store        do not store the run
  --threads N       kernel threads: 1 (default) or 2 (wasm engines; same numbers, faster on big layers)
  --json            print one JSON document at the end (run id, config, status, final metrics,
                    findings) and nothing else on stdout
  --quiet           no progress display

Exit codes: 0 finished, 2 bad usage or input, 3 training hit NaN/Inf (the run is kept as
"diverged"), 4 --from names an unknown run, 130 interrupted by Ctrl-C (kept as "interrupted").

Examples:
  gradscope run
  gradscope run --activation sigmoid --depth 30
  gradscope run --activation relu --init heNormal --depth 50 --steps 2000
  gradscope run experiment.yaml --lr 0.01 --set model.norm.kind=batch
  gradscope run --from 12 --seed 2 --name "run 12, seed 2"
  gradscope run --preset heInit:he --steps 500
  gradscope run --depth 8 --steps 200 --json --no-store | jq .final
`;

const options = {
  ...experimentOptions,
  name: { type: "string" }, "no-store": { type: "boolean" }, json: { type: "boolean" },
  threads: { type: "string" }, quiet: { type: "boolean" },
} as const;

/** The machine-readable record of a run (--json). */
function runDocument(runId: number | null, store: string | null, name: string, result: SessionResult) {
  return {
    runId, store, name, status: statusOf(result), steps: result.steps, trainMs: result.trainMs,
    final: { train: result.finalTrain, test: result.finalTest },
    nonFinite: result.recording.nonFinite, findings: result.findings, config: result.config,
  };
}

/** The text a finished run prints after training: final metrics, depth profile, findings, run id. */
function reportText(result: SessionResult, runId: number | null, store: string | null, colour: boolean): string[] {
  const lines: string[] = [];
  const { finalTrain: tr, finalTest: te } = result;
  const rate = result.steps / Math.max(result.trainMs / 1000, 1e-9);
  if (result.status === "nonfinite") {
    const nf = result.recording.nonFinite;
    const where = nf === null ? "" : `: ${nf.value} in ${nf.tensor} at step ${nf.step}, ${nf.layer > 0 ? `layer ${nf.layer}` : "loss/output head"}, ${nf.pass} pass`;
    lines.push(colour ? pc.red(pc.bold(`Training stopped on a non-finite value${where}.`)) : `Training stopped on a non-finite value${where}.`);
  } else {
    lines.push(`Final after ${result.steps} steps (${(result.trainMs / 1000).toFixed(2)} s, ${rate.toFixed(0)} steps/s): train loss ${tr.loss.toPrecision(4)}, accuracy ${pct(tr.accuracy)}; test loss ${te.loss.toPrecision(4)}, accuracy ${pct(te.accuracy)}`);
  }
  const rec = result.recording;
  if (rec.count > 0) {
    lines.push("", ...depthProfile(profileAt(rec, 0), profileAt(rec, -1)));
  }
  lines.push("", ...findingsText(result.findings as Finding[], { colour }));
  if (runId !== null) lines.push("", `Run ${runId} (${statusOf(result)}) stored in ${store}. HTML report: gradscope report ${runId}   details: gradscope runs show ${runId}`);
  return lines;
}

/** Trains one config with the given display; returns the session result and the run id. */
async function train(config: ExperimentConfig, io: Io, flags: ReturnType<typeof parseFlags>, name: string) {
  const threads = numberOption(flags, "threads", 1, { min: 1, max: 2, integer: true });
  const json = switchOption(flags, "json");
  const data = await prepareData(config, readCsvFile);
  const store = switchOption(flags, "no-store") ? null : openStore(stringOption(flags, "store"));
  const engine = useNodeEngine(config.engine, threads);
  const interrupt = new Interrupt();
  try {
    if (!json && !switchOption(flags, "quiet")) io.out(`gradscope run: ${configSummary(config)}\n  data ${data.description}; engine ${engine.backend.name}${store === null ? "; not stored" : `; store ${store.path}`}`);
    const progress: Progress = json || switchOption(flags, "quiet") ? silentProgress : io.tty ? new LiveProgress(io.write ?? io.out, () => process.stdout.columns || 120) : new PlainProgress(io.out);
    const outcome = await trainWithStore(config, data, { store, name, progress, shouldStop: () => interrupt.requested });
    return { ...outcome, storeFile: store?.path ?? null };
  } finally {
    interrupt.release();
    engine.release();
    store?.close();
  }
}

/** "heInit:xavier": a preset with its variant spelled out (the first one when none is given). */
function presetLabel(spec: string): string {
  if (spec.includes(":")) return spec;
  const variants = Object.keys(getPreset(spec).variants ?? {});
  return variants.length > 0 ? `${spec}:${variants[0]}` : spec;
}

/** `gradscope run`: trains a config with live progress, stores it, prints the verdict. */
async function runAction(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, options, { config: true });
  const config = configOfFlags(flags);
  const file = flags.positionals[0];
  const preset = stringOption(flags, "preset");
  const name = stringOption(flags, "name") ?? (file !== undefined ? basename(file, extname(file)) : preset !== undefined ? `preset ${presetLabel(preset)}` : defaultRunName(config));
  const { result, runId, storeFile } = await train(config, io, flags, name);
  if (switchOption(flags, "json")) io.out(jsonText(runDocument(runId, storeFile, name, result)));
  else for (const line of reportText(result, runId, storeFile ?? (switchOption(flags, "no-store") ? null : storePath(stringOption(flags, "store"))), io.tty)) io.out(line);
  if (result.status === "nonfinite") return exitCodes.nonFinite;
  if (result.status === "stopped") {
    if (!switchOption(flags, "json")) io.err(`gradscope: interrupted at step ${result.steps}${runId === null ? "" : `; run ${runId} kept as interrupted`}`);
    return exitCodes.interrupted;
  }
  return exitCodes.ok;
}

/** `gradscope run`. */
export const runCommand: Command = { name: "run", summary: "train a deep MLP, show per-layer gradients live, diagnose, store the run", help: runHelp, run: runAction };
