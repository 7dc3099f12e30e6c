import type { Preset } from "./types.js";

/** A large step drives ReLU units to h < 0 on every input, where φ' = 0 and they never recover; leaky ReLU or a small lr keeps them alive. */
export const dyingRelu: Preset = {
  name: "dyingRelu",
  title: "Dying ReLU: a high learning rate kills units; leaky ReLU or a lower rate keeps them alive",
  story:
    "A 4-layer ReLU net trained by Adam, whose steps are about lr per weight whatever the gradient. At lr 0.1 "
    + "a few large steps push many units' biases and weights to where h < 0 for every input: such a unit outputs 0 "
    + "and has φ'(h) = 0, so its δ and its weight gradient are exactly 0 and nothing can revive it — most units "
    + "of the hidden layers end up dead. At lr 0.001 only a few units die. Leaky ReLU (slope 0.01 below 0) never "
    + "has a zero derivative: a unit pushed below 0 still passes 1% of the gradient, keeps learning and can come back.",
  config: {
    data: { name: "moons" },
    model: { depth: 4, width: 32, activation: "relu", init: "heNormal" },
    optimizer: { name: "adam", lr: 0.1 },
    train: { steps: 300, batch: 32, evalEvery: 50 },
    probes: { every: 5 },
  },
  variants: {
    reluHighLr: {},
    reluLowLr: { optimizer: { lr: 0.001 } },
    leakyHighLr: { model: { activation: "leakyRelu" } },
  },
  quick: { train: { evalEvery: 0 } },
  expectation: "With a high learning rate a large share of ReLU units die (zero on every input, zero gradient forever); a lower rate or leaky ReLU keeps them alive.",
  reference: "A. Maas, A. Hannun, A. Ng, \"Rectifier Nonlinearities Improve Neural Network Acoustic Models\", ICML 2013; L. Lu, Y. Shin, Y. Su, G. Karniadakis, \"Dying ReLU and Initialization\", 2019.",
};
