import { Rng } from "../../core/rng.js";
import { GradscopeError } from "../../core/errors.js";
import { toNetworkSpec, type ExperimentConfig } from "../../experiment/config/index.js";
import { prepareData } from "../../experiment/session/index.js";
import { Network } from "../../nn/network.js";
import { jacobianSpectrum, predictVsMeasured, predictedJacobianMeanSquared } from "../../theory/index.js";
import { exitCodes, type Command, type Io } from "../command.js";
import { configSummary } from "../config-summary.js";
import { configOfFlags, experimentOptions, readCsvFile } from "../config-source.js";
import { numberOption, parseFlags, stringOption, switchOption, type ParsedFlags } from "../flags.js";
import { num, table } from "../table.js";
import { criticalGrid, criticalLineText, criticalOrNull, meanFieldReport, meanFieldText } from "../theory-text.js";

/** Help text of `gradscope theory`. */
export const theoryHelp = `gradscope theory — mean-field predictions: q*, χ₁, phase, depth scales, the critical line

Usage:
  gradscope theory --activation NAME [--sigma-w2 X] [--sigma-b2 X] [--depth L] [--q-in X] [--json]
  gradscope theory --activation NAME --critical-line [--grid B1,B2,…] [--json]
  gradscope theory FILE [config flags] [--json]        (or --network with config flags, or --from RUN)

The first form gives, for an infinitely wide net of φ = NAME with weights of variance σ_w²/N
and biases of variance σ_b²: the variance fixed point q*, χ₁ = σ_w²·E[φ′(√q* z)²], the phase
(ordered: gradients vanish; critical; chaotic: they explode), the depth scales ξ_q and ξ_c, the
trainable depth ≈ 6ξ_c, the critical σ_w² at this σ_b², and the predicted per-layer gain
‖δ_l‖/‖δ_{l+1}‖ over L layers from an input of mean square q_in.
--critical-line prints σ_w²(σ_b²), where χ₁ = 1, on a grid of σ_b² (default ${criticalGrid.join(",")}).

The third form builds the configured network at initialization (FILE, or the config flags of
"gradscope run" such as --init, --width, --set …; --network marks this form when no FILE is
given) and puts the predicted per-layer gain beside the measured one (a Gaussian batch and a
fixed random read-out), then summarizes the singular values of its input–output Jacobian.

Options:
  --activation NAME  tanh, relu, sigmoid, … (default tanh)
  --sigma-w2 X       σ_w² (default 1)
  --sigma-b2 X       σ_b² (default 0)
  --depth L          layers of the predicted gain table (default 20)
  --q-in X           mean square of the input, per unit (default 1)
  --critical-line    the critical line instead
  --grid LIST        σ_b² values of the critical line
  --json             one JSON document instead of text

Exit codes: 0 success, 2 bad usage or input.

Examples:
  gradscope theory --activation relu --sigma-w2 2
  gradscope theory --activation tanh --sigma-w2 1.5 --sigma-b2 0.05 --depth 50
  gradscope theory --activation tanh --critical-line
  gradscope theory --network --activation relu --init heNormal --depth 30 --width 256
  gradscope theory experiment.yaml
`;

const own = {
  ...experimentOptions,
  "sigma-w2": { type: "string" }, "sigma-b2": { type: "string" }, "q-in": { type: "string" },
  "critical-line": { type: "boolean" }, grid: { type: "string" }, json: { type: "boolean" }, network: { type: "boolean" },
} as const;

/** JSON with non-finite numbers as strings. */
const toJson = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Float64Array ? Array.from(x) : typeof x === "number" && !Number.isFinite(x) ? String(x) : x), 2);

/** Whether the command line describes a configured network rather than (φ, σ_w², σ_b²). */
function isNetworkForm(flags: ParsedFlags): boolean {
  const meanFieldOnly = new Set(["activation", "depth"]);
  return switchOption(flags, "network") || flags.positionals.length > 0 || stringOption(flags, "from") !== undefined
    || Object.keys(flags.overrides).some((k) => !meanFieldOnly.has(k));
}

function meanFieldForm(flags: ParsedFlags, io: Io): number {
  const activation = flags.overrides.activation ?? "tanh";
  const json = switchOption(flags, "json");
  if (switchOption(flags, "critical-line")) {
    const grid = (stringOption(flags, "grid") ?? criticalGrid.join(",")).split(",").map((t) => {
      const v = Number(t);
      if (t.trim() === "" || !(v >= 0) || !Number.isFinite(v)) throw new GradscopeError(`--grid: "${t}" is not a σ_b² ≥ 0`);
      return v;
    });
    const points = grid.map((sigmaB2) => ({ sigmaB2, point: criticalOrNull(activation, sigmaB2) }));
    if (json) io.out(toJson({ activation, criticalLine: points.map(({ sigmaB2, point }) => ({ sigmaB2, sigmaW2: point?.sigmaW2 ?? null, qStar: point?.qStar ?? null, kind: point?.kind ?? null })) }));
    else for (const line of criticalLineText(activation, points)) io.out(line);
    return exitCodes.ok;
  }
  const sigmaW2 = numberOption(flags, "sigma-w2", 1, { min: 0 });
  const sigmaB2 = numberOption(flags, "sigma-b2", 0, { min: 0 });
  const qIn = numberOption(flags, "q-in", 1, { min: 0 });
  const depthText = flags.overrides.depth;
  const depth = depthText === undefined ? 20 : Number(depthText);
  if (!Number.isInteger(depth) || depth < 1 || depth > 10000) throw new GradscopeError(`--depth: "${depthText}" is not allowed; expected a whole number from 1 to 10000`);
  const r = meanFieldReport(activation, sigmaW2, sigmaB2, depth, qIn);
  if (json) {
    const s = r.scales;
    io.out(toJson({
      activation, sigmaW2, sigmaB2, qStar: s.qStar.value, qStarStatus: s.qStar.status, cStar: s.cStar.value, chi1: s.chi1, chiQ: s.chiQ, chiC: s.chiC,
      phase: s.phase, xiQ: s.xiQ, xiC: s.xiC, xiGrad: s.xiGrad, trainableDepth: s.trainableDepth,
      criticalSigmaW2: r.critical?.sigmaW2 ?? null, depth, qIn, q: r.gains.q, gain: r.gains.gain, geometricMeanGain: r.gains.geometricMeanGain, relativeDelta: r.relativeDelta,
    }));
  } else for (const line of meanFieldText(r)) io.out(line);
  return exitCodes.ok;
}

async function networkForm(flags: ParsedFlags, io: Io): Promise<number> {
  const config: ExperimentConfig = configOfFlags(flags);
  const data = await prepareData(config, readCsvFile);
  const spec = toNetworkSpec(config, data.inputs, data.outputs);
  const qIn = numberOption(flags, "q-in", 1, { min: 0 });
  const cmp = predictVsMeasured(spec, { seed: config.seed, qIn });
  const net = new Network(spec, new Rng(config.seed).fork(1), "float64");
  let spectrum;
  try {
    spectrum = jacobianSpectrum(net);
  } finally {
    net.dispose();
  }
  const predictedMs = predictedJacobianMeanSquared(spec, qIn);
  if (switchOption(flags, "json")) {
    io.out(toJson({ config, comparison: cmp, jacobian: { ...spectrum, predictedMeanSquared: predictedMs } }));
    return exitCodes.ok;
  }
  io.out(`Predicted vs measured at initialization: ${configSummary(config)}`);
  io.out(`  inputs ${spec.inputs}, outputs ${spec.outputs}; measured on a Gaussian batch x ~ N(0, ${qIn}) with ${cmp.readout}`);
  const rows = cmp.rows.map((r) => [String(r.layer), num(r.qPredicted), num(r.qMeasured), r.gainPredicted === null ? "–" : num(r.gainPredicted), r.gainMeasured === null ? "–" : num(r.gainMeasured)]);
  const cols = [{ header: "layer", right: true }, { header: "q pred", right: true }, { header: "q meas", right: true }, { header: "gain pred", right: true }, { header: "gain meas", right: true }];
  for (const line of table(cols, rows)) io.out(`  ${line}`);
  io.out(`  geometric-mean gain: predicted ${num(cmp.geometricMeanGain.predicted)}, measured ${num(cmp.geometricMeanGain.measured)} (${(100 * cmp.relativeError).toFixed(1)}% apart; finite width ${Math.min(...spec.widths)} vs the infinite-width theory)`);
  io.out("");
  io.out(`Input–output Jacobian at one input (${spectrum.singularValues.length} singular values): max ${num(spectrum.max)}, min ${num(spectrum.min)}, mean s² ${num(spectrum.meanSquared)} (mean-field prediction ${num(predictedMs)}), condition number ${num(spectrum.conditionNumber)}`);
  io.out("  Dynamical isometry means every singular value near 1; a large condition number means some input directions are lost.");
  return exitCodes.ok;
}

/** `gradscope theory`. */
export const theoryCommand: Command = {
  name: "theory",
  summary: "mean-field numbers (q*, χ₁, phase, depth scales, critical line) and predicted vs measured gains",
  help: theoryHelp,
  run(argv, io) {
    const flags = parseFlags(argv, own, { config: true });
    return isNetworkForm(flags) ? networkForm(flags, io) : meanFieldForm(flags, io);
  },
};
