import { gridVariants } from "./merge.js";
import type { Preset } from "./types.js";

const activations = ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu"] as const;

/** The activations of the grid, each as a patch. */
const byActivation = Object.fromEntries(activations.map((a) => [a, { model: { activation: a } }]));

/** The depths of the grid, each as a patch. */
const byDepth = Object.fromEntries([3, 10, 30].map((d) => [`d${d}`, { model: { depth: d } }]));

/** Which activations train at which depth, all with the same Glorot init and optimizer. */
export const activationDepth: Preset = {
  name: "activationDepth",
  title: "Activation × depth: which nets train and which do not",
  story:
    "Six activations at depths 3, 10 and 30, all with the same Glorot-normal init (Var(W) = 2/(n_in+n_out)) and the "
    + "same SGD with momentum, on the two moons. At depth 3 every one trains. Each layer multiplies the backprop "
    + "signal by about σ_w·√E[φ'(h)²]: sigmoid's φ' ≤ 1/4 makes that ≈ 0.24, so ‖δ_1‖/‖δ_L‖ is ~10^−6 at depth 10 and "
    + "~10^−19 at depth 30 and sigmoid stops training first. ReLU and leaky ReLU pass half the variance (≈ 0.7 a layer "
    + "under Glorot init): fine at depth 10, ~10^−5 at depth 30, where they stall. tanh and ELU are close to the identity "
    + "near 0 and keep the gain near 1, so they still train at depth 30; SELU's self-normalization assumes LeCun init "
    + "and its gain is above 1 here.",
  config: {
    data: { name: "moons" },
    model: { width: 32, init: "xavierNormal" },
    optimizer: { name: "sgd", lr: 0.01, momentum: 0.9 },
    train: { steps: 1000, batch: 32, evalEvery: 0 },
    probes: { every: 10 },
  },
  variants: gridVariants(byActivation, byDepth),
  quick: { train: { steps: 300 } },
  expectation: "Shallow nets train with any activation; with depth, sigmoid fails first (depth 10), then ReLU and leaky ReLU under Glorot init (depth 30), while tanh and ELU still train at depth 30.",
  reference: "X. Glorot, Y. Bengio, AISTATS 2010; K. He et al., ICCV 2015; G. Klambauer et al., \"Self-Normalizing Neural Networks\", NeurIPS 2017.",
};
