import type { Preset } from "./types.js";

/** He et al. (2015): in a 30-layer ReLU net Xavier's Var(W) = 1/n halves the signal variance per layer; He's 2/n keeps it. */
export const heInit: Preset = {
  name: "heInit",
  title: "He et al. (2015): a 30-layer ReLU net stalls with Xavier init and trains with He init",
  story:
    "ReLU zeroes half of its inputs, so E[φ(h)²] = Var(h)/2: with Xavier's Var(W) = 1/n each layer halves the "
    + "variance of the signal on the way up and of the backprop signal δ on the way down, and after L layers "
    + "‖δ_1‖/‖δ_L‖ ≈ 2^(−(L−1)/2) — about 4·10^−5 at 30 layers, so the lower layers barely move and the net "
    + "stalls at chance. He's Var(W) = 2/n doubles the variance back and keeps every layer's gain near 1, and the "
    + "same net trains.",
  config: {
    model: { depth: 30, width: 64, activation: "relu" },
    optimizer: { name: "sgd", lr: 0.005, momentum: 0.9 },
    train: { steps: 1000, batch: 32, evalEvery: 100 },
    probes: { every: 10 },
  },
  variants: {
    xavier: { model: { init: "xavierNormal" } },
    he: { model: { init: "heNormal" } },
  },
  quick: { model: { width: 32 }, train: { steps: 300, evalEvery: 0 } },
  expectation: "With Xavier init the 30-layer ReLU net's gradients are about 2^(−L/2) smaller at the input and it does not train; with He init it converges.",
  reference: "K. He, X. Zhang, S. Ren, J. Sun, \"Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification\", ICCV 2015.",
};
