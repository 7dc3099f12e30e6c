import { GradscopeError } from "../core/errors.js";
import type { NetworkSpec } from "../nn/network-spec.js";
import { predictGains } from "../theory/gain-prediction.js";
import { networkMeanField } from "../theory/init-variance.js";
import type { GainPredictionView } from "./protocol.js";

/**
 * The mean-field per-layer gain ‖δ_l‖/‖δ_{l+1}‖ predicted at initialization for a network spec, with
 * q_in = mean x² of the training inputs; where the theory does not cover the net (batch norm,
 * skip connections, dropout) the gain is null and `note` says why.
 */
export function gainPrediction(spec: NetworkSpec, qIn: number): GainPredictionView {
  try {
    const { layers } = networkMeanField(spec);
    const p = predictGains(layers, qIn);
    return { gain: p.gain, geometricMean: p.geometricMeanGain, note: "" };
  } catch (e) {
    if (!(e instanceof GradscopeError)) throw e;
    const reason = spec.norm.kind !== "none" ? `${spec.norm.kind} norm` : spec.residual.every !== 0 ? "skip connections" : spec.dropout !== 0 ? "dropout" : e.message;
    return { gain: null, geometricMean: NaN, note: `The mean-field prediction does not cover ${reason}.` };
  }
}

/** Mean of x² over all entries: the input variance q_in of standardized data (≈ 1). */
export function meanSquare(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return x.length === 0 ? 1 : s / x.length;
}
