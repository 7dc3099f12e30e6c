import { writeFileSync } from "node:fs";
import { GradscopeError } from "../../core/errors.js";
import { renderReport } from "../../report/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { parseFlags, stringOption } from "../flags.js";
import { noStore, openExistingStore, parseRunId } from "../open-store.js";
import { reportRunFromStore } from "../report-run.js";

/** Help text of `gradscope report`. */
export const reportHelp = `gradscope report — a self-contained HTML report of one run, or of several side by side

Usage: gradscope report RUN [RUN …] [--out FILE] [--store PATH] [--title T]

Writes one HTML file that opens offline (inline CSS, SVG and data; nothing is fetched) with:
layer × step heatmaps of ‖δ_l‖ and ‖∂L/∂W_l‖ (log colour scale), depth profiles of ‖δ_l‖,
the per-layer gain predicted by mean-field theory beside the measured one, loss and accuracy
curves, activation histograms, saturated and dead fractions, update/weight ratios, the
findings with their evidence and remedies, and the config and status of each run. Several
runs are shown in columns on shared scales, with overlays of their final depth profiles and
losses.

Options:
  --out FILE     where to write (default gradscope-report-<ids>.html)
  --store PATH   the run store (default $GRADSCOPE_STORE, else ./.gradscope/runs.db)
  --title T      the page title (default: the run names)

Exit codes: 0 written, 2 bad usage (e.g. a run id that is not a number), 4 unknown run id.

Examples:
  gradscope report 3
  gradscope report 3 4 5 --out depth-study.html --title "sigmoid vs tanh vs relu"
`;

/** `gradscope report`: loads runs from the store, renders them and writes the HTML file; prints its path. */
function reportAction(argv: string[], io: Io): number {
  const flags = parseFlags(argv, { out: { type: "string" }, store: { type: "string" }, title: { type: "string" } }, { maxPositionals: Infinity });
  if (flags.positionals.length === 0) throw new GradscopeError("report: give at least one run id (see \"gradscope runs list\")");
  const ids = flags.positionals.map((p) => parseRunId(p, "report"));
  const storeFlag = stringOption(flags, "store");
  const store = openExistingStore(storeFlag);
  if (store === null) throw noStore(ids[0], storeFlag);
  try {
    const runs = ids.map((id) => reportRunFromStore(store, id));
    const title = stringOption(flags, "title") ?? (runs.length === 1 ? `Run ${runs[0].id}: ${runs[0].name}` : `Runs ${ids.join(", ")} compared`);
    const out = stringOption(flags, "out") ?? `gradscope-report-${ids.join("-")}.html`;
    try {
      writeFileSync(out, renderReport({ title, runs }));
    } catch (e) {
      throw new GradscopeError(`--out: cannot write ${out}: ${(e as Error).message}`);
    }
    io.out(out);
    return exitCodes.ok;
  } finally {
    store.close();
  }
}

/** The `gradscope report` command. */
export const reportCommand: Command = { name: "report", summary: "write a self-contained HTML report of one or more stored runs", help: reportHelp, run: reportAction };
