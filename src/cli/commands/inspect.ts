import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GradscopeError } from "../../core/errors.js";
import { ExperimentSession, prepareData } from "../../experiment/session/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configSummary } from "../config-summary.js";
import { configOfFlags, experimentOptions, readCsvFile } from "../config-source.js";
import { useNodeEngine } from "../engine.js";
import { inspectBatch, type Inspection } from "../inspect-batch.js";
import { numberOption, parseFlags, stringOption, switchOption } from "../flags.js";
import { configFlagHelp } from "./run.js";
import { num, table } from "../table.js";

/** The file names inspect writes into its folder. */
export const inspectFiles = { weights: "weights.safetensors", batch: "batch.safetensors", gradients: "gradients.safetensors" } as const;

/** Help text of `gradscope inspect`. */
export const inspectHelp = `gradscope inspect — one batch under the microscope, exported for PyTorch

Usage: gradscope inspect [FILE] [config flags] [--step N] [--out DIR] [--json]

Builds the experiment (FILE, --from RUN or the defaults, then the config flags), trains it
for N steps (default 0: at initialization), then takes one training batch (train.batch rows
of the train split, seeded) and computes, in training mode and without updating the weights,
the data loss L (a mean over the batch), ∂L/∂P for every parameter and δ_i = ∂L/∂h_i for every
hidden layer. It prints a per-layer table and writes three safetensors files into DIR
(default ./gradscope-inspect), with PyTorch's names and layouts (shared/DESIGN.md):

  ${inspectFiles.weights}    layers.{i}.weight [out, in], layers.{i}.bias, layers.{i}.norm.*,
                         blocks.{j}.proj.weight, head.weight, head.bias (i counts hidden layers from 0)
  ${inspectFiles.batch}      x [batch, features] F32; y class indices [batch] as F64 whole numbers
                         (or targets [batch, outputs] F32 for regression)
  ${inspectFiles.gradients}  grad.P for every parameter P, delta.{i} [batch, width]

Every file's metadata holds the resolved config ("gradscope.config"), the step and the loss
name; gradients.safetensors also "gradscope.loss_value". scripts/verify_inspect.py rebuilds the
net in PyTorch and checks the loss and every gradient against these files.

Options:
  --step N      train N steps first (default 0)
  --out DIR     the folder to write (created if missing)
  --json        print the per-layer statistics, loss and file shapes as JSON
  --from RUN    the config of a stored run (--store PATH)
Config flags (as for gradscope run):
${configFlagHelp()}
  --set PATH=VALUE  any config field

Exit codes: 0 success, 2 bad usage or input, 3 training hit NaN/Inf before step N, 4 unknown --from run.

Examples:
  gradscope inspect --depth 10 --activation sigmoid
  gradscope inspect experiment.yaml --step 500 --out inspect-500
  /usr/bin/python3 scripts/verify_inspect.py gradscope-inspect
`;

const own = { ...experimentOptions, step: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } } as const;

function tableText(ins: Inspection): string[] {
  const cols = ["layer", "‖W‖", "‖∂L/∂W‖", "‖δ‖", "act mean", "act std", "saturated", "dead"].map((header, i) => ({ header, right: i >= 0 }));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return table(cols, ins.rows.map((r) => [String(r.layer), num(r.weightNorm), num(r.weightGradNorm), num(r.deltaNorm), num(r.actMean), num(r.actStd), pct(r.saturated), pct(r.dead)]));
}

async function inspectAction(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, own, { config: true });
  const config = configOfFlags(flags);
  const step = numberOption(flags, "step", 0, { min: 0, integer: true });
  const out = resolve(stringOption(flags, "out") ?? "gradscope-inspect");
  const data = await prepareData(config, readCsvFile);
  const engine = useNodeEngine(config.engine);
  const session = new ExperimentSession(config, data);
  try {
    if (step > session.totalSteps) throw new GradscopeError(`--step: ${step} is beyond the ${session.totalSteps} training steps of this config (raise --steps)`);
    while (session.stepCount < step && !session.done) session.step();
    if (session.status === "nonfinite") {
      const nf = session.recorder.recording.nonFinite;
      io.err(`gradscope: training hit ${nf === null ? "a non-finite value" : `${nf.value} in ${nf.tensor} at step ${nf.step}, layer ${nf.layer}, ${nf.pass} pass`} before step ${step}; nothing written`);
      return exitCodes.nonFinite;
    }
    const ins = inspectBatch(session.net, config, data, step);
    mkdirSync(out, { recursive: true });
    for (const [k, name] of Object.entries(inspectFiles)) writeFileSync(join(out, name), ins[k as keyof typeof inspectFiles]);
    if (switchOption(flags, "json")) {
      io.out(JSON.stringify({ step, loss: ins.loss, folder: out, files: inspectFiles, shapes: ins.shapes, layers: ins.rows, config }, null, 2));
      return exitCodes.ok;
    }
    io.out(`gradscope inspect: ${configSummary(config)}`);
    io.out(`  at step ${step}, one batch of ${ins.shapes.batch.x[0]} from ${data.description}: loss ${num(ins.loss)}`);
    io.out("");
    for (const line of tableText(ins)) io.out(line);
    io.out("");
    for (const [k, name] of Object.entries(inspectFiles)) {
      const shapes = ins.shapes[k as keyof typeof inspectFiles];
      io.out(`wrote ${join(out, name)} (${Object.keys(shapes).length} tensors)`);
    }
    io.out(`Check them with PyTorch: /usr/bin/python3 scripts/verify_inspect.py ${out}`);
    return exitCodes.ok;
  } finally {
    session.dispose();
    engine.release();
  }
}

/** `gradscope inspect`. */
export const inspectCommand: Command = { name: "inspect", summary: "one batch at init or step N: per-layer table and safetensors exports for PyTorch", help: inspectHelp, run: inspectAction };
