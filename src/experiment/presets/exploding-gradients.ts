import type { Preset } from "./types.js";

/** Too large a learning rate or init overflows to Inf/NaN; clipping by norm, by value, and L2 each keep it finite. */
export const explodingGradients: Preset = {
  name: "explodingGradients",
  title: "Exploding gradients: overflow to NaN, and clipping and weight regularization as cures",
  story:
    "A 10-layer ReLU net with He init trained by plain SGD at lr 0.15: a large step grows the weights, larger "
    + "weights multiply the next gradient layer after layer, and within a few steps h overflows to Inf and the loss "
    + "to NaN (the run stops at the first non-finite value). Clipping the global gradient norm to 1 bounds every "
    + "step to lr·1 and the net trains; clipping each element to [−0.1, 0.1] bounds the steps too, but changes their "
    + "direction; an L2 penalty (λ/2)·Σw² pulls the weights back by lr·λ·w each step and keeps the run finite, at "
    + "the cost of a smaller final accuracy (and, with λ = 1, of learning nothing). Too large an init does the same "
    + "from step 1: with W ~ N(0, 1) (σ_w² = fan-in = 32) each layer multiplies the signal by about 4, the "
    + "first loss is ~10^6 and the first update overflows, unless the gradient is clipped.",
  config: {
    seed: 1,
    data: { name: "moons" },
    model: { depth: 10, width: 32, activation: "relu", init: "heNormal" },
    optimizer: { name: "sgd", lr: 0.15 },
    train: { steps: 300, batch: 32, evalEvery: 50 },
    probes: { every: 5 },
  },
  variants: {
    none: {},
    clipNorm: { clip: { kind: "globalNorm", threshold: 1 } },
    clipValue: { clip: { kind: "value", threshold: 0.1 } },
    l2: { regularization: { l2: 0.1 } },
    l2Strong: { regularization: { l2: 1 } },
    bigInit: { model: { init: { name: "normal", std: 1 } }, optimizer: { lr: 0.01 } },
    bigInitClipNorm: { model: { init: { name: "normal", std: 1 } }, optimizer: { lr: 0.01 }, clip: { kind: "globalNorm", threshold: 1 } },
  },
  quick: { train: { evalEvery: 0 } },
  expectation: "Without a remedy the gradients overflow to Inf/NaN within a few steps; gradient clipping (by norm or by value) and weight regularization each keep training finite.",
  reference: "R. Pascanu, T. Mikolov, Y. Bengio, \"On the difficulty of training recurrent neural networks\", ICML 2013.",
};
