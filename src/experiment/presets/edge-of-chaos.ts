import { gridVariants } from "./merge.js";
import type { Preset } from "./types.js";

/** The σ_w² values of the grid: deep in the ordered phase, ordered, critical for σ_b² = 0.05, chaotic. */
export const edgeOfChaosSigmaW2 = [0.5, 1, 1.76, 4] as const;

/** The depths of the grid. */
export const edgeOfChaosDepths = [5, 15, 30] as const;

/** The bias variance of the grid. */
export const edgeOfChaosSigmaB2 = 0.05;

const bySigmaW2 = Object.fromEntries(edgeOfChaosSigmaW2.map((w) => [`w${w}`, { model: { init: { name: "meanField", sigmaW2: w } } }]));
const byDepth = Object.fromEntries(edgeOfChaosDepths.map((d) => [`d${d}`, { model: { depth: d } }]));

/** Schoenholz et al. (2017): tanh nets train to about 6ξ_c layers, and ξ_c diverges at the critical σ_w². */
export const edgeOfChaos: Preset = {
  name: "edgeOfChaos",
  title: "Edge of chaos (Schoenholz et al. 2017): trainable depth against 6ξ_c",
  story:
    "tanh nets with W ~ N(0, σ_w²/n) and b ~ N(0, σ_b² = 0.05), on a grid of σ_w² and depth, on the three spirals. "
    + "Mean-field theory says two inputs' correlation approaches its fixed point over ξ_c = −1/ln χ_c layers: beyond a "
    + "few ξ_c the network has forgotten which input it saw, and Schoenholz et al. found nets trainable only up to about "
    + "6ξ_c layers. ξ_c is short deep in the ordered phase (σ_w² = 0.5: 6ξ_c ≈ 7; σ_w² = 1: 6ξ_c ≈ 22), diverges at the "
    + "critical σ_w² ≈ 1.76 where χ₁ = 1, and is finite again in the chaotic phase (σ_w² = 4: 6ξ_c ≈ 42). The grid "
    + "shows the deepest trainable net for each σ_w² next to the theory's 6ξ_c (src/theory depthScales).",
  config: {
    data: { name: "spirals" },
    model: { width: 32, activation: "tanh", init: { name: "meanField", sigmaW2: 1 }, biasInit: { name: "meanField", sigmaB2: edgeOfChaosSigmaB2 } },
    optimizer: { name: "sgd", lr: 0.003, momentum: 0.9 },
    train: { steps: 1000, batch: 32, evalEvery: 0 },
    probes: { every: 10 },
  },
  variants: gridVariants(bySigmaW2, byDepth),
  quick: { train: { steps: 400 } },
  expectation: "Random tanh networks are trainable up to about 6ξ_c layers; the trainable depth peaks at the critical σ_w², where ξ_c diverges.",
  reference: "S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein, \"Deep Information Propagation\", ICLR 2017.",
};
