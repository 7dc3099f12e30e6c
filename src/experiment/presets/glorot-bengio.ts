import type { Preset } from "./types.js";

/** Glorot & Bengio (2010): sigmoid's top layer saturates at 0; "standard" init shrinks δ toward the input, "normalized" does not. */
export const glorotBengio: Preset = {
  name: "glorotBengio",
  title: "Glorot & Bengio (2010): saturation, and the standard vs normalized initialization",
  story:
    "Five hidden layers on handwritten digits, trained by plain SGD. With sigmoid units and the \"standard\" "
    + "initialization W ~ U[−1/√n, 1/√n], the mean activation of the top hidden layer falls from 0.5 to near 0 within "
    + "the first few dozen steps and stays there: the output layer first learns from its biases, and the cheapest way to "
    + "stop the top layer's noise is to shut it off, which puts it on sigmoid's flat left tail (the lower layers stay "
    + "near 0.5). With tanh and the same standard init, Var(W)·n = 1/3, so at initialization each layer multiplies "
    + "‖δ‖ by about 1/√3·|φ'| and the backprop signal shrinks toward the input, while the weight gradients "
    + "‖∂L/∂W_l‖ = ‖δ_l a_(l−1)ᵀ‖ stay nearly equal across layers, because the activations shrink upward at the same "
    + "rate. The \"normalized\" initialization U[−√6/√(n_in+n_out), +√6/√(n_in+n_out)] (xavierUniform) gives "
    + "Var(W)·(n_in+n_out)/2 = 1 and removes most of the shrinkage.",
  config: {
    data: { name: "digits", pool: 2 },
    model: { depth: 5, width: 128, biasInit: "zeros" },
    optimizer: { name: "sgd", lr: 0.1 },
    train: { steps: 3000, batch: 16, evalEvery: 500 },
    probes: { every: 10 },
  },
  variants: {
    sigmoidStandard: { model: { activation: "sigmoid", init: "standard" }, optimizer: { lr: 1 } },
    tanhStandard: { model: { activation: "tanh", init: "standard" } },
    tanhNormalized: { model: { activation: "tanh", init: "xavierUniform" } },
  },
  quick: { data: { n: 2000 }, model: { width: 64 }, train: { steps: 100, evalEvery: 0 } },
  expectation: "The sigmoid net's top hidden layer saturates at 0 early in training; with the standard init the backprop signal shrinks toward the input while the weight gradients stay about equal across layers; the normalized init keeps the backprop signal nearly constant across layers.",
  reference: "X. Glorot, Y. Bengio, \"Understanding the difficulty of training deep feedforward neural networks\", AISTATS 2010.",
};
