import { writeFileSync } from "node:fs";
import pc from "picocolors";
import { doctor, type Candidate, type Health, type Prescription } from "../../doctor/index.js";
import { GradscopeError } from "../../core/errors.js";
import { flagAliases } from "../../experiment/config/aliases.js";
import type { ExperimentConfig } from "../../experiment/config/types.js";
import { prepareData } from "../../experiment/session/index.js";
import { renderReport } from "../../report/index.js";
import type { RunStore } from "../../store/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configSummary, defaultRunName } from "../config-summary.js";
import { configOfFlags, experimentOptions, readCsvFile } from "../config-source.js";
import { useNodeEngine } from "../engine.js";
import { findingsText } from "../findings-text.js";
import { numberOption, parseFlags, stringOption, switchOption, type ParsedFlags } from "../flags.js";
import { openStore } from "../open-store.js";
import { StoredSession } from "../persist.js";
import { remedyFlags, shellWord } from "../remedy-flags.js";
import { reportRunFromStore } from "../report-run.js";
import { jsonText, pct, table } from "../table.js";

/** Help text of `gradscope doctor`. */
export const doctorHelp = `gradscope doctor — diagnose an experiment, try the remedies, prescribe the best

Usage: gradscope doctor [FILE] [config flags] [options]

Trains the experiment briefly (FILE and flags as for "gradscope run"), diagnoses it, and when a
finding is a warning or critical tries every remedy the findings recommend — each alone, then
the best three pairwise where they do not set the same field — on the same seed, data and number
of steps. Prints the baseline's diagnosis, the ranked prescription (gradient ratio ‖δ_1‖/‖δ_L‖,
test accuracy and findings before → after) and the command that runs the winner. A healthy
experiment gets "nothing is wrong" and no prescription.

Ranking: lower score is better; score = 2·critical + warning findings + |log10 ‖δ_1‖/‖δ_L‖|
+ 2·(dead + saturated fraction) + 3·log2(1 + test loss/baseline test loss) + 10·(1 − test accuracy).

Config flags: the short flags of "gradscope run" (--depth, --activation, --init, --norm, --lr, …),
--set PATH=VALUE and --a.b.c VALUE. NOTE: --steps here is the length of each trial; set the
experiment's own length with --set train.steps=N.

Options:
  --steps N      training steps of each trial (default: the experiment's, at most 300)
  --from RUN     start from a stored run's config
  --store PATH   the run store (default $GRADSCOPE_STORE, else ./.gradscope/runs.db)
  --no-store     do not store the trials (by default the baseline and every candidate are stored)
  --report FILE  write an HTML report of the baseline and the three best candidates side by side
  --json         print the prescription as one JSON document and nothing else

Exit codes: 0 done (healthy or prescribed), 2 bad usage or input.

Examples:
  gradscope doctor --depth 12 --activation sigmoid --init standard
  gradscope doctor experiment.yaml --steps 200
  gradscope doctor --from 7 --json --no-store | jq .best.flags
`;

const options = { ...experimentOptions, steps: { type: "string" }, "no-store": { type: "boolean" }, json: { type: "boolean" }, report: { type: "string" } } as const;

/** ‖δ_1‖/‖δ_L‖ in two significant digits. */
const ratio = (x: number) => (!Number.isFinite(x) ? String(x) : x !== 0 && (Math.abs(x) < 0.01 || Math.abs(x) >= 1000) ? x.toExponential(1) : x.toPrecision(2));
const findingsLeft = (h: Health) => (h.findings.kinds.length === 0 ? "none" : h.findings.kinds.join(", "));

/** The flags that apply a candidate's remedies to "gradscope run". */
const flagsOf = (c: Candidate) => c.remedies.map((r) => remedyFlags(r.change)).join(" ");

/** The config paths an override key sets (a short flag's path and its "also" paths, or the path itself). */
function pathsOfKey(key: string): string[] {
  const alias = Object.hasOwn(flagAliases, key) ? flagAliases[key] : undefined;
  return alias === undefined ? [key] : [alias.path, ...Object.keys(alias.also ?? {})];
}

/** The "gradscope run" command of the winner: the same source and flags, minus those the remedies replace, plus the remedies' flags. */
export function winnerCommand(flags: ParsedFlags, best: Candidate): string {
  const touched = Object.keys(best.change);
  const overlaps = (p: string) => touched.some((t) => p === t || p.startsWith(`${t}.`) || t.startsWith(`${p}.`));
  const words = ["gradscope", "run"];
  if (flags.positionals[0] !== undefined) words.push(shellWord(flags.positionals[0]));
  for (const name of ["from", "store"]) {
    const v = stringOption(flags, name);
    if (v !== undefined) words.push(`--${name}`, shellWord(v));
  }
  for (const [key, value] of Object.entries(flags.overrides)) {
    if (pathsOfKey(key).some(overlaps)) continue;
    if (Object.hasOwn(flagAliases, key)) words.push(`--${key}`, shellWord(value));
    else words.push("--set", shellWord(`${key}=${value}`));
  }
  return [...words, flagsOf(best)].join(" ");
}

/** The prescription as a table: rank, remedy, flags, ratio, accuracy and findings before → after, score. */
function prescriptionTable(p: Prescription, colour: boolean): string[] {
  const b = p.baseline.health;
  const rows = p.candidates.map((c, i) => {
    const h = c.health;
    const mark = c.helps ? (colour ? pc.green("✓") : "✓") : " ";
    return [`${i + 1}${mark}`, c.remedies.map((r) => r.id).join(" + "), flagsOf(c), `${ratio(b.signalRatio.last)} → ${ratio(h.signalRatio.last)}`, `${pct(b.testAccuracy)} → ${pct(h.testAccuracy)}`, findingsLeft(h), Number.isFinite(h.score) ? h.score.toFixed(2) : "NaN/Inf"];
  });
  const h = (header: string) => ({ header });
  return table([h("#"), h("remedies"), h("flags"), h("‖δ_1‖/‖δ_L‖ before → after"), h("test acc before → after"), h("findings left"), { header: "score", right: true }], rows);
}

/** The machine-readable prescription (--json). */
function prescriptionDocument(p: Prescription, flags: ParsedFlags, runIds: Map<string, number>) {
  const trial = (label: string, health: Health) => ({ label, runId: runIds.get(label) ?? null, health });
  return {
    healthy: p.healthy, steps: p.steps,
    baseline: { ...trial("baseline", p.baseline.health), findings: p.baseline.findings },
    candidates: p.candidates.map((c, i) => ({
      rank: i + 1, ...trial(c.label, c.health), helps: c.helps, remedies: c.remedies.map((r) => r.id), flags: flagsOf(c), change: c.change,
      findings: c.findings.map((f) => ({ kind: f.kind, severity: f.severity, title: f.title })),
    })),
    best: p.best === null ? null : { label: p.best.label, flags: flagsOf(p.best), command: winnerCommand(flags, p.best) },
    skipped: p.skipped,
  };
}

/** Writes the HTML report of the stored baseline and the three best candidates, with the ranking as notes. */
function writeReport(file: string, store: RunStore, p: Prescription, runIds: Map<string, number>): void {
  const trials = [{ label: "baseline", line: "baseline" }, ...p.candidates.slice(0, 3).map((c, i) => ({ label: c.label, line: `rank ${i + 1}: ${flagsOf(c)}` }))];
  const runs = trials.flatMap((t) => {
    const id = runIds.get(t.label);
    return id === undefined ? [] : [{ ...reportRunFromStore(store, id), name: t.line }];
  });
  const notes = p.healthy
    ? [`Nothing is wrong after ${p.steps} steps: no warning or critical finding.`]
    : [`The doctor's prescription after ${p.steps} steps per trial, same seed and data.`, ...p.candidates.map((c, i) => `rank ${i + 1}: ${c.label} (${flagsOf(c)}), score ${c.health.score.toFixed(2)} vs baseline ${p.baseline.health.score.toFixed(2)}`)];
  writeFileSync(file, renderReport({ title: "gradscope doctor", runs, notes }));
}

/** Runs the doctor with progress lines (unless json) and the trials stored (unless store is null). */
async function examine(config: ExperimentConfig, flags: ParsedFlags, store: RunStore | null, io: Io, json: boolean) {
  const data = await prepareData(config, readCsvFile);
  const engine = useNodeEngine(config.engine);
  const runIds = new Map<string, number>();
  const steps = stringOption(flags, "steps") === undefined ? undefined : numberOption(flags, "steps", 0, { min: 1, integer: true });
  let started = performance.now();
  try {
    if (!json) io.out(`gradscope doctor: ${configSummary(config)}\n  data ${data.description}; engine ${engine.backend.name}${store === null ? "; trials not stored" : `; trials stored in ${store.path}`}`);
    const prescription = await doctor(config, data, {
      steps,
      watch: store === null ? undefined : (session, label) => {
        const stored = new StoredSession(store, session, label === "baseline" ? `doctor baseline: ${defaultRunName(config)}` : `doctor: ${label}`);
        runIds.set(label, stored.runId);
        return stored;
      },
      onEvent: (e) => {
        if (json) return;
        if (e.type === "start") started = performance.now();
        else if (e.type === "skip") io.out(`  skipped ${e.label}: ${e.reason}`);
        else {
          const h = e.health;
          const secs = ((performance.now() - started) / 1000).toFixed(1);
          io.out(`  [${e.index}] ${e.label}: ‖δ_1‖/‖δ_L‖ ${ratio(h.signalRatio.last)}, test acc ${pct(h.testAccuracy)}, findings ${findingsLeft(h)}, score ${h.score.toFixed(2)} (${secs} s)`);
        }
      },
    });
    return { prescription, runIds };
  } finally {
    engine.release();
  }
}

/** The text of a prescription: the baseline's diagnosis, the ranked table, the winner's command, the stored runs. */
function prescriptionText(p: Prescription, flags: ParsedFlags, runIds: Map<string, number>, colour: boolean): string[] {
  const lines = ["", `Diagnosis of the experiment after ${p.steps} steps (test accuracy ${pct(p.baseline.health.testAccuracy)}, ‖δ_1‖/‖δ_L‖ ${ratio(p.baseline.health.signalRatio.last)}):`];
  lines.push(...findingsText(p.baseline.findings, { colour, remedies: 0 }).map((l) => `  ${l}`), "");
  if (p.healthy) return [...lines, "Nothing is wrong: no warning or critical finding, so no remedy is prescribed."];
  if (p.candidates.length === 0) {
    const why = p.skipped.length > 0 ? ` (${p.skipped.map((s) => `${s.remedies.join("+")}: ${s.reason}`).join("; ")})` : "";
    return [...lines, `The findings recommend no remedy that could be tried${why}.`];
  }
  lines.push(`Prescription (${p.candidates.length} candidates, ${p.steps} steps each, same seed and data; ✓ = better than the baseline):`);
  lines.push(...prescriptionTable(p, colour).map((l) => `  ${l}`), "");
  if (p.best === null) lines.push("No remedy beat the baseline in this many steps; try more steps (--steps) or another experiment.");
  else lines.push(`Best: ${p.best.label}. Run it:`, `  ${colour ? pc.green(winnerCommand(flags, p.best)) : winnerCommand(flags, p.best)}`);
  const pair = [runIds.get("baseline"), runIds.get(p.best?.label ?? "")].filter((x) => x !== undefined);
  if (runIds.size > 0) lines.push("", `Trials stored as runs ${[...runIds.values()].join(", ")}; baseline and best side by side: gradscope report ${pair.join(" ")}`);
  return lines;
}

/** `gradscope doctor`: diagnose, try remedies, print the ranked prescription. */
async function doctorAction(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, options, { config: true });
  const config = configOfFlags(flags);
  const json = switchOption(flags, "json");
  const report = stringOption(flags, "report");
  if (report !== undefined && switchOption(flags, "no-store")) throw new GradscopeError("--report: the report reads the trials from the store; drop --no-store");
  const store = switchOption(flags, "no-store") ? null : openStore(stringOption(flags, "store"));
  try {
    const { prescription: p, runIds } = await examine(config, flags, store, io, json);
    if (json) io.out(jsonText(prescriptionDocument(p, flags, runIds)));
    else for (const line of prescriptionText(p, flags, runIds, io.tty)) io.out(line);
    if (report !== undefined && store !== null) {
      writeReport(report, store, p, runIds);
      if (!json) io.out(`HTML report of the baseline and the best candidates: ${report}`);
    }
    return exitCodes.ok;
  } finally {
    store?.close();
  }
}

/** `gradscope doctor`. */
export const doctorCommand: Command = { name: "doctor", summary: "diagnose an experiment, try the remedies, print a ranked prescription", help: doctorHelp, run: doctorAction };
