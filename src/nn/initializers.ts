import { GradscopeError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

/** An initializer by name with its arguments; every argument has a default. */
export interface InitSpec {
  name: InitName;
  /** normal: standard deviation (default 1). */
  std?: number;
  /** uniform: draws from [−limit, limit] (default 1). */
  limit?: number;
  /** constant: the value; identity: c in W = c·I (default 1). */
  value?: number;
  /** xavier*, orthogonal: multiplies the scale (default 1). */
  gain?: number;
  /** he*: which fan sets the variance (default "fanIn", as PyTorch). */
  mode?: "fanIn" | "fanOut";
  /** he*: the leaky-ReLU negative slope a in gain √(2/(1+a²)) (default 0: ReLU). */
  slope?: number;
  /** meanField: σ_w², the weight variance times fan_in (default 1). */
  sigmaW2?: number;
  /** meanField as a bias initializer: σ_b², the bias variance (default 0). */
  sigmaB2?: number;
}

/** (rows = fan_out, cols = fan_in) of a [out, in] weight, a seeded generator and the spec → the values, row-major. */
export type Initializer = (out: number, fanIn: number, rng: Rng, spec: InitSpec) => Float64Array;

/** How variance scaling picks its n: fan_in, fan_out or their mean. */
type FanMode = "fanIn" | "fanOut" | "fanAvg";

/**
 * The variance-scaling family: Var[w] = scale / n with n the chosen fan; normal draws
 * N(0, scale/n), uniform draws U[−√(3·scale/n), √(3·scale/n)] (same variance).
 * He, Glorot/Xavier and LeCun are this one function with different arguments.
 */
export function varianceScaling(out: number, fanIn: number, rng: Rng, scale: number, mode: FanMode, distribution: "normal" | "uniform"): Float64Array {
  const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? out : (fanIn + out) / 2;
  const variance = scale / Math.max(1, n);
  if (distribution === "normal") return rng.normalArray(out * fanIn, 0, Math.sqrt(variance));
  const limit = Math.sqrt(3 * variance);
  return rng.uniformArray(out * fanIn, -limit, limit);
}

const heScale = (s: InitSpec) => 2 / (1 + (s.slope ?? 0) ** 2);

/** The initializer families by the names used by the config file, the CLI and the web page. */
export const initializers = {
  zeros: (out, fanIn) => new Float64Array(out * fanIn),
  constant: (out, fanIn, _rng, s) => new Float64Array(out * fanIn).fill(s.value ?? 1),
  normal: (out, fanIn, rng, s) => rng.normalArray(out * fanIn, 0, s.std ?? 1),
  uniform: (out, fanIn, rng, s) => rng.uniformArray(out * fanIn, -(s.limit ?? 1), s.limit ?? 1),
  /** Glorot & Bengio's "standard" U[−1/√fan_in, 1/√fan_in] (Var = 1/(3·fan_in)). */
  standard: (out, fanIn, rng) => rng.uniformArray(out * fanIn, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)),
  xavierNormal: (out, fanIn, rng, s) => varianceScaling(out, fanIn, rng, (s.gain ?? 1) ** 2, "fanAvg", "normal"),
  xavierUniform: (out, fanIn, rng, s) => varianceScaling(out, fanIn, rng, (s.gain ?? 1) ** 2, "fanAvg", "uniform"),
  heNormal: (out, fanIn, rng, s) => varianceScaling(out, fanIn, rng, heScale(s), s.mode ?? "fanIn", "normal"),
  heUniform: (out, fanIn, rng, s) => varianceScaling(out, fanIn, rng, heScale(s), s.mode ?? "fanIn", "uniform"),
  lecunNormal: (out, fanIn, rng) => varianceScaling(out, fanIn, rng, 1, "fanIn", "normal"),
  lecunUniform: (out, fanIn, rng) => varianceScaling(out, fanIn, rng, 1, "fanIn", "uniform"),
  orthogonal: (out, fanIn, rng, s) => rng.orthogonal(out, fanIn, s.gain ?? 1),
  /** W = c·I (c on the diagonal of a non-square matrix), the deep linear example. */
  identity: (out, fanIn, _rng, s) => {
    const w = new Float64Array(out * fanIn);
    for (let i = 0; i < Math.min(out, fanIn); i++) w[i * fanIn + i] = s.value ?? 1;
    return w;
  },
  /** Mean-field weights N(0, σ_w²/fan_in) (as a bias initializer: N(0, σ_b²), see initializeBias). */
  meanField: (out, fanIn, rng, s) => rng.normalArray(out * fanIn, 0, Math.sqrt((s.sigmaW2 ?? 1) / fanIn)),
} satisfies Record<string, Initializer>;

/** The names accepted for an initializer; aliases: glorot* = xavier*, kaiming* = he*. */
export type InitName = keyof typeof initializers | "glorotNormal" | "glorotUniform" | "kaimingNormal" | "kaimingUniform";

const aliases: Record<string, keyof typeof initializers> = {
  glorotNormal: "xavierNormal", glorotUniform: "xavierUniform", kaimingNormal: "heNormal", kaimingUniform: "heUniform",
};

/** All accepted initializer names. */
export const initNames = [...Object.keys(initializers), ...Object.keys(aliases)] as InitName[];

const numericFields = ["std", "limit", "value", "gain", "slope", "sigmaW2", "sigmaB2"] as const;

/** Checks a spec (name known, numbers finite, variances and scales non-negative), naming the field on error. */
export function validateInit(spec: InitSpec | string, field = "init"): InitSpec {
  const s: InitSpec = typeof spec === "string" ? { name: spec as InitName } : spec;
  if (!Object.hasOwn(initializers, s.name) && !Object.hasOwn(aliases, s.name)) {
    throw new GradscopeError(`${field}: "${s.name}" is not a known initializer; allowed: ${initNames.join(", ")}`);
  }
  for (const key of numericFields) {
    const v = s[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new GradscopeError(`${field}.${key}: ${String(v)} is not a finite number`);
    if ((key === "std" || key === "limit" || key === "sigmaW2" || key === "sigmaB2") && v < 0) {
      throw new GradscopeError(`${field}.${key}: ${v} must be ≥ 0`);
    }
  }
  if (s.mode !== undefined && s.mode !== "fanIn" && s.mode !== "fanOut") {
    throw new GradscopeError(`${field}.mode: "${String(s.mode)}" is not allowed; expected "fanIn" or "fanOut"`);
  }
  return s;
}

/** Draws a [out, fanIn] weight (or, with fanIn = 1, a length-out bias) from a spec. */
export function initialize(spec: InitSpec | string, out: number, fanIn: number, rng: Rng, field = "init"): Float64Array {
  const s = validateInit(spec, field);
  const name = aliases[s.name] ?? (s.name as keyof typeof initializers);
  return initializers[name](out, fanIn, rng, s);
}

/**
 * Draws a length-`out` bias for a layer with `fanIn` inputs: the weight families see the
 * layer's fan-in (so "standard" gives U[−1/√fan_in, 1/√fan_in], as PyTorch's nn.Linear bias),
 * and meanField draws N(0, σ_b²).
 */
export function initializeBias(spec: InitSpec | string, out: number, fanIn: number, rng: Rng, field = "biasInit"): Float64Array {
  const s = validateInit(spec, field);
  if (s.name === "meanField") return rng.normalArray(out, 0, Math.sqrt(s.sigmaB2 ?? 0));
  if (s.name === "standard") return rng.uniformArray(out, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
  return initialize(s, out, 1, rng, field);
}
