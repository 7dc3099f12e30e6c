import type { Preset } from "./types.js";

/** Plain vs residual at depth 50, and the branch scale: out = u + s·F(u) adds Var(F) per block, so s must shrink with depth. */
export const skipConnections: Preset = {
  name: "skipConnections",
  title: "Skip connections: plain vs residual at depth 50, and the residual branch scale",
  story:
    "A 50-layer ReLU net with He init, plain and with a skip connection around every 2 layers (25 blocks). "
    + "The plain net does not train: at this width the backprop signal and the activations fluctuate from layer to "
    + "layer and half the units end up dead. With skips, out = u + s·F(u) gives the gradient a path that bypasses "
    + "every branch — but each block also adds the branch's variance: with s = 1 and He init the variance of the "
    + "residual stream about doubles a block, 2^25 over the net: the first loss is ~10^5 and the run overflows "
    + "at the second step. Scaling the branch by s = 1/√blocks keeps the stream's variance near e·Var(x) and the net trains; "
    + "s = 0.1 also trains, a little slower.",
  config: {
    data: { name: "moons" },
    model: { depth: 50, width: 32, activation: "relu", init: "heNormal" },
    optimizer: { name: "sgd", lr: 0.01, momentum: 0.9 },
    train: { steps: 1000, batch: 32, evalEvery: 100 },
    probes: { every: 10 },
  },
  variants: {
    plain: {},
    residual: { model: { residual: { every: 2, scale: 1 } } },
    residualScaled: { model: { residual: { every: 2, scale: "invSqrtDepth" } } },
    "residual0.1": { model: { residual: { every: 2, scale: 0.1 } } },
  },
  quick: { train: { steps: 200, evalEvery: 0 } },
  expectation: "At depth ≥ 50 the plain net does not train while a residual net does, provided the residual branch is scaled down with depth (unscaled branches make the forward signal grow exponentially with the number of blocks).",
  reference: "K. He, X. Zhang, S. Ren, J. Sun, \"Deep Residual Learning for Image Recognition\", CVPR 2016; B. Hanin, D. Rolnick, \"How to Start Training: The Effect of Initialization and Architecture\", NeurIPS 2018.",
};
