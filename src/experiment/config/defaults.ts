import { defaultNetworkSpec } from "../../nn/network-spec.js";
import { defaultHistogram } from "../../probes/histogram.js";
import { builtinDataDefaults } from "./data-fields.js";
import type { DataName, EngineName, ExperimentConfig } from "./types.js";

/** The engine names of the `engine` field, in order of preference. */
export const engineNames: readonly EngineName[] = ["wasm", "simd", "relaxed-simd", "reference"];

/** Each optimizer's options with PyTorch's defaults (what createOptimizer fills in), by name. */
export const optimizerDefaults = {
  sgd: { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, decoupledWeightDecay: false },
  rmsprop: { alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 },
  adam: { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
  adamw: { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false },
};

/**
 * Each schedule's own optional fields with their defaults. The warm-up fields are common to all
 * schedules (see defaultConfig); the required ones — stepSize, totalSteps — have no default.
 */
export const scheduleDefaults = {
  constant: {},
  linearWarmup: {},
  step: { gamma: 0.1 },
  cosine: { minLr: 0 },
};

/** Each data set's own options with their defaults: the datasets table's, and none for csv (its path is required). */
export const dataDefaults: Record<DataName, Record<string, unknown>> = { ...builtinDataDefaults, csv: {} };

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The default experiment, the meaning of `{}`: a 20-layer tanh MLP of width 32 with Glorot
 * init, trained by plain SGD on the 3-class spirals for 1000 steps (a second or two) — deep
 * enough that ‖δ_l‖ visibly shrinks toward the input. Frozen; resolveConfig returns copies.
 */
export const defaultConfig: ExperimentConfig = deepFreeze<ExperimentConfig>({
  seed: 1,
  data: { name: "spirals", testFraction: 0.2, stratify: true, standardize: true, ...dataDefaults.spirals },
  model: {
    depth: 20,
    width: 32,
    activation: "tanh",
    init: "xavierNormal",
    headInit: null,
    biasInit: defaultNetworkSpec.biasInit,
    bias: defaultNetworkSpec.bias,
    norm: { ...defaultNetworkSpec.norm },
    residual: { ...defaultNetworkSpec.residual },
    dropout: defaultNetworkSpec.dropout,
  },
  loss: "softmaxCrossEntropy",
  optimizer: { name: "sgd", lr: 0.05, ...optimizerDefaults.sgd },
  schedule: { name: "constant", warmupSteps: 0, warmupStartFactor: 1 / 3 },
  clip: null,
  regularization: { l1: 0, l2: 0 },
  train: { steps: 1000, batch: 64, evalEvery: 100 },
  probes: { every: 10, histogram: { ...defaultHistogram }, sentinel: true },
  engine: "wasm",
});
