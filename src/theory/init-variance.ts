import { GradscopeError } from "../core/errors.js";
import type { ActivationSpec } from "../nn/activations.js";
import { validateInit, type InitSpec } from "../nn/initializers.js";
import { validateNetworkSpec, type NetworkSpec } from "../nn/network-spec.js";

/** What mean-field theory needs of one hidden layer l: φ_l, σ_{w,l}² = N_{l−1}·Var[W_l] and σ_{b,l}² = Var[b_l]. */
export interface LayerMeanField {
  activation: string | ActivationSpec;
  sigmaW2: number;
  sigmaB2: number;
}

const aliases: Record<string, string> = { glorotNormal: "xavierNormal", glorotUniform: "xavierUniform", kaimingNormal: "heNormal", kaimingUniform: "heUniform" };

/**
 * Var[w] of one entry drawn by nn's `initialize` for an [out, fanIn] weight, matching
 * nn/initializers exactly. Orthogonal rows/columns of norm g give g²/max(out, fanIn).
 * Mean-field theory needs zero-mean i.i.d. entries, so non-zero constants and the identity
 * are refused.
 */
export function initVariance(spec: InitSpec | string, out: number, fanIn: number, field = "init"): number {
  const s = validateInit(spec, field);
  const name = aliases[s.name] ?? s.name;
  const fan = (mode: "fanIn" | "fanOut" | "fanAvg") => Math.max(1, mode === "fanIn" ? fanIn : mode === "fanOut" ? out : (fanIn + out) / 2);
  const he = 2 / (1 + (s.slope ?? 0) ** 2);
  switch (name) {
    case "zeros": return 0;
    case "normal": return (s.std ?? 1) ** 2;
    case "uniform": return (s.limit ?? 1) ** 2 / 3;
    case "standard": return 1 / (3 * fanIn);
    case "xavierNormal":
    case "xavierUniform": return (s.gain ?? 1) ** 2 / fan("fanAvg");
    case "heNormal":
    case "heUniform": return he / fan(s.mode ?? "fanIn");
    case "lecunNormal":
    case "lecunUniform": return 1 / fan("fanIn");
    case "orthogonal": return (s.gain ?? 1) ** 2 / Math.max(out, fanIn);
    case "meanField": return (s.sigmaW2 ?? 1) / fanIn;
    case "constant": if ((s.value ?? 1) === 0) return 0; break;
  }
  throw new GradscopeError(`${field}: mean-field theory needs zero-mean random entries; "${s.name}" gives fixed non-zero values`);
}

/** Var[b] of one entry drawn by nn's `initializeBias` for a layer with `fanIn` inputs: meanField gives σ_b², "standard" 1/(3·fan_in), the rest as a [out, 1] weight. */
export function biasVariance(spec: InitSpec | string, out: number, fanIn: number, field = "biasInit"): number {
  const s = validateInit(spec, field);
  if (s.name === "meanField") return s.sigmaB2 ?? 0;
  if (s.name === "standard") return 1 / (3 * fanIn);
  return initVariance(s, out, 1, field);
}

/**
 * The mean-field description of a plain fully connected NetworkSpec: one LayerMeanField per
 * hidden layer and the head's σ_w². Normalization, residual blocks and dropout are refused
 * (the variance map here does not model them).
 */
export function networkMeanField(spec: NetworkSpec, root = "model"): { layers: LayerMeanField[]; headSigmaW2: number } {
  validateNetworkSpec(spec, root);
  if (spec.norm.kind !== "none") throw new GradscopeError(`${root}.norm.kind: "${spec.norm.kind}" is not covered by the mean-field prediction; expected "none"`);
  if (spec.residual.every !== 0) throw new GradscopeError(`${root}.residual.every: ${spec.residual.every} is not covered by the mean-field prediction; expected 0`);
  if (spec.dropout !== 0) throw new GradscopeError(`${root}.dropout: ${spec.dropout} is not covered by the mean-field prediction; expected 0`);
  const acts = Array.isArray(spec.activation) ? spec.activation : spec.widths.map(() => spec.activation as string | ActivationSpec);
  let fanIn = spec.inputs;
  const layers = spec.widths.map((width, i) => {
    const sigmaW2 = fanIn * initVariance(spec.init, width, fanIn, `${root}.init`);
    const sigmaB2 = spec.bias ? biasVariance(spec.biasInit, width, fanIn, `${root}.biasInit`) : 0;
    fanIn = width;
    return { activation: acts[i], sigmaW2, sigmaB2 };
  });
  const headSigmaW2 = fanIn * initVariance(spec.headInit ?? spec.init, spec.outputs, fanIn, `${root}.headInit`);
  return { layers, headSigmaW2 };
}
