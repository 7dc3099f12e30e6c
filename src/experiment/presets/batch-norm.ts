import type { Preset } from "./types.js";

/** Batch norm rescues a deep sigmoid net (Ioffe & Szegedy 2015), yet at init it makes ‖δ‖ grow toward the input in deep plain BN nets (Yang et al. 2019). */
export const batchNorm: Preset = {
  name: "batchNorm",
  title: "Batch normalization: rescues a deep sigmoid net; gradient growth at initialization",
  story:
    "A 20-layer sigmoid net on digits cannot train: the backprop signal shrinks by about 4 a layer. Normalizing each "
    + "pre-activation over the batch before φ keeps every layer's input at mean 0 and variance 1, where sigmoid is "
    + "steep, so ‖δ_l‖ stays level and the same net trains. Batch norm is not a cure-all: in a deep plain (no skip) "
    + "ReLU net with batch norm the backprop signal grows toward the input at initialization, by about √(π/(π−1)) ≈ 1.21 "
    + "a layer in the wide, large-batch limit (Yang et al. 2019) — the third run measures that growth at step 1.",
  config: {
    data: { name: "digits", pool: 4 },
    model: { depth: 20, width: 64, activation: "sigmoid" },
    optimizer: { name: "sgd", lr: 0.01, momentum: 0.9 },
    train: { steps: 1000, batch: 64, evalEvery: 100 },
    probes: { every: 10 },
  },
  variants: {
    plain: {},
    batchNorm: { model: { norm: { kind: "batch", placement: "before" } } },
    reluBatchNorm: { model: { depth: 30, activation: "relu", init: "heNormal", norm: { kind: "batch", placement: "before" } } },
  },
  quick: { data: { n: 2000 }, train: { steps: 150, evalEvery: 0 } },
  expectation: "Batch norm lets the deep sigmoid net train; in a deep ReLU net without skip connections it makes the gradient grow exponentially toward the input at initialization, by √(π/(π−1)) per layer in the mean-field limit.",
  reference: "S. Ioffe, C. Szegedy, \"Batch Normalization\", ICML 2015; G. Yang, J. Pennington, V. Rao, J. Sohl-Dickstein, S. Schoenholz, \"A Mean Field Theory of Batch Normalization\", ICLR 2019.",
};
