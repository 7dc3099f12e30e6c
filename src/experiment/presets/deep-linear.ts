import type { Preset } from "./types.js";

/** Andrew Ng's deep linear network: W_l = c·I, φ(h) = h, so h_l = c^l·x and δ_l = c^(L−l)·δ_L exactly. */
export const deepLinear: Preset = {
  name: "deepLinear",
  title: "Deep linear network: W = c·I grows or shrinks as c^L",
  story:
    "Forty linear layers whose weights are c times the identity, without biases: every layer multiplies the "
    + "activation by c on the way up and the backprop signal δ_l = ∂L/∂h_l by c on the way down, so ‖h_l‖ = c^l‖x‖ "
    + "and ‖δ_1‖/‖δ_L‖ = c^(L−1). With c = 1.5 the signal at the input is 1.5^39 ≈ 7·10^6 times the one at the top "
    + "(exploding); with c = 0.5 it is 0.5^39 ≈ 2·10^−12 times it (vanishing). Nothing here is nonlinear or random: "
    + "the whole effect is the product of L equal factors. The learning rate is 0, so the weights stay c·I and every "
    + "step shows the law on a fresh batch. The weight gradients ‖∂L/∂W_l‖ = ‖δ_l a_(l−1)ᵀ‖ stay equal across layers, "
    + "because c^(L−l)·c^(l−1) does not depend on l: it is ‖δ‖ that vanishes or explodes.",
  config: {
    model: { depth: 40, width: 32, activation: "linear", init: { name: "identity", value: 1.5 }, bias: false },
    optimizer: { name: "sgd", lr: 0 },
    train: { steps: 5, batch: 64, evalEvery: 0 },
    probes: { every: 1 },
  },
  variants: {
    "c1.5": { model: { init: { name: "identity", value: 1.5 } } },
    "c0.5": { model: { init: { name: "identity", value: 0.5 } } },
  },
  quick: { train: { steps: 1 } },
  expectation: "Activations grow as c^l and the backprop signal as c^(L−l), exactly: ‖δ_1‖/‖δ_L‖ = c^(L−1), 1.5^39 ≈ 7.4·10^6 and 0.5^39 ≈ 1.8·10^−12.",
  reference: "A. Ng, \"Vanishing/Exploding Gradients\", Improving Deep Neural Networks, week 1 (DeepLearning.AI, 2017).",
};
