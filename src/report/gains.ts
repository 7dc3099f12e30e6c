import { GradscopeError } from "../core/errors.js";
import { toNetworkSpec } from "../experiment/config/adapters.js";
import { networkMeanField, predictGains } from "../theory/index.js";
import type { ReportRun } from "./types.js";

/** Predicted (mean-field) and measured per-layer gains ‖δ_l‖/‖δ_{l+1}‖, l = 1…L−1, at the first recorded step. */
export interface GainsView {
  /** Layers l = 1…L−1. */
  layers: number[];
  /** Mean-field √χ_l at each layer's own q_l; null where the theory does not apply. */
  predicted: number[] | null;
  /** Measured ‖δ_l‖/‖δ_{l+1}‖ at the first recorded step (NaN where a norm is missing or 0). */
  measured: number[];
  /** The training step the measurement is from. */
  step: number;
  /** Geometric means over the layers. */
  geometricMean: { predicted: number | null; measured: number };
  /** Why there is no prediction (normalization, residual blocks, dropout, non-random init, …), or notes on its assumptions. */
  note: string;
}

/** The number of input features of a run: its `inputs`, else the "N features" of its data description, else null. */
export function inputsOf(run: ReportRun): number | null {
  if (run.inputs !== undefined) return run.inputs;
  const m = /(\d+) features/.exec(run.data ?? "");
  return m ? Number(m[1]) : null;
}

function geometricMeanOf(xs: number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length === 0 ? NaN : Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length);
}

/**
 * The gains view of a run: measured ratios of consecutive ‖δ_l‖ at the first record (at
 * initialization, before any update) beside the mean-field prediction from the config's σ_w²,
 * σ_b² with standardized inputs (q_in = 1). The theory covers plain fully connected nets only.
 */
export function gainsOf(run: ReportRun): GainsView {
  const rec = run.recording;
  const L = rec.depth;
  const layers = Array.from({ length: Math.max(0, L - 1) }, (_, i) => i + 1);
  const d = rec.layers.deltaNorm;
  const measured = rec.count === 0 ? layers.map(() => NaN) : layers.map((l) => d[l - 1][0] / d[l][0]);
  const step = rec.count === 0 ? NaN : rec.steps[0];
  const inputs = inputsOf(run);
  let predicted: number[] | null = null;
  let note: string;
  try {
    const spec = toNetworkSpec(run.config, inputs ?? 1, run.outputs ?? 1);
    predicted = predictGains(networkMeanField(spec).layers, 1).gain;
    note = "Mean-field theory (wide layers, weights independent of δ) with standardized inputs, q_in = 1"
      + (inputs === null ? "; the number of input features is unknown, which only affects q₁." : ".")
      + (run.config.data.standardize ? "" : " The data were not standardized, so q_in = 1 is an approximation.");
  } catch (e) {
    if (!(e instanceof GradscopeError)) throw e;
    note = `Mean-field theory does not apply to this model: ${e.message}. Only the measured gains are shown.`;
  }
  return {
    layers, predicted, measured, step,
    geometricMean: { predicted: predicted === null ? null : geometricMeanOf(predicted), measured: geometricMeanOf(measured) },
    note,
  };
}
