import type { InitSpec } from "../nn/initializers.js";
import type { Json, Remedy } from "./finding.js";
import { allReluLike, mainActivation, reluFamily, type Setup } from "./setup.js";
import { fmt } from "./summary.js";

/** A remedy for a setup, or null when it is already in place or cannot apply. */
export type RemedyMaker = (s: Setup) => Remedy | null;

/** The initializer that keeps the signal's scale through an activation: He for the ReLU family, LeCun for SELU, Xavier otherwise. */
export function initFor(activation: { name: string; alpha?: number }): InitSpec {
  const { name, alpha } = activation;
  if (name === "selu") return { name: "lecunNormal" };
  if (name === "leakyRelu") return { name: "heNormal", slope: alpha ?? 0.01 };
  if (reluFamily.includes(name)) return { name: "heNormal" };
  return { name: "xavierNormal" };
}

const family = (name: string): string =>
  name.replace(/^kaiming/, "he").replace(/^glorot/, "xavier").replace(/(Normal|Uniform)$/, "");

/** σ_w² (weight variance × fan_in) that a variance-scaling target sets. */
const targetSigmaW2 = (t: InitSpec): number => (t.name === "heNormal" ? 2 / (1 + (t.slope ?? 0) ** 2) : 1);

/** True when the current init already is of the target's family (orthogonal counts for Xavier; meanField by its σ_w²). */
export function initMatches(current: InitSpec, target: InitSpec): boolean {
  if (current.name === "meanField") return Math.abs((current.sigmaW2 ?? 1) / targetSigmaW2(target) - 1) < 0.1;
  const want = family(target.name);
  return family(current.name) === want || (want === "xavier" && current.name === "orthogonal");
}

const init = (i: InitSpec): Json => ({ ...i }) as Json;

/** The remedies by id, each in the seed's terms. */
export const remedies = {
  reluHe: (s) => allReluLike(s) ? null : {
    id: "reluHe", label: "Switch to ReLU with He initialization",
    why: "ReLU does not saturate for positive inputs: its derivative is 0 or 1, so the backprop signal is not shrunk layer after layer; He initialization keeps the signal's scale with ReLU.",
    change: { "model.activation": "relu", "model.init": { name: "heNormal" } },
  },
  matchingInit: (s) => {
    const act = mainActivation(s);
    const target = initFor(act);
    if (s.init !== null && initMatches(s.init, target)) return null;
    const known = s.init === null ? " (if not already in place)" : ` instead of ${s.init.name}`;
    return {
      id: "matchingInit", label: `Use ${target.name === "xavierNormal" ? "Xavier" : target.name === "heNormal" ? "He" : "LeCun"} initialization${known}`,
      why: `Proper weight initialization matched to ${act.name} sets the weights' scale so that the signal neither shrinks nor grows from layer to layer at the start of training.`,
      change: { "model.init": init(target) },
    };
  },
  batchNorm: (s) => s.normKind !== null && s.normKind !== "none" ? null : {
    id: "batchNorm", label: "Add batch normalization",
    why: "Batch normalization re-centres and re-scales each layer's pre-activations, keeping them out of the saturated regions and the signal at a steady scale.",
    change: { "model.norm.kind": "batch" },
  },
  residual: (s) => (s.residualEvery ?? 0) > 0 || s.depth < 2 ? null : {
    id: "residual", label: "Add residual (skip) connections every 2 layers",
    why: "Skip connections give the gradient a path around the layers, so it reaches the lower layers without being multiplied by every layer's factor.",
    change: { "model.residual.every": 2 },
  },
  clip: (s) => s.clip !== undefined && s.clip !== null ? null : {
    id: "clip", label: "Clip the gradient's global norm at 1",
    why: "Gradient clipping caps the gradient before each update, so one huge gradient cannot throw the weights to NaN or infinity.",
    change: { "training.clip": { kind: "globalNorm", threshold: 1 } },
  },
  lowerLr: (s) => !(s.lr > 0) ? null : {
    id: "lowerLr", label: `Lower the learning rate ten-fold (${fmt(s.lr)} → ${fmt(s.lr / 10)})`,
    why: "A smaller learning rate makes smaller updates, so the weights cannot jump into regions where the gradients blow up or units die.",
    change: { "training.lr": s.lr / 10 },
  },
  raiseLr: (s) => !(s.lr > 0) ? null : {
    id: "raiseLr", label: `Raise the learning rate ten-fold (${fmt(s.lr)} → ${fmt(s.lr * 10)})`,
    why: "The gradients are healthy but each update barely moves the weights; a larger learning rate lets them learn.",
    change: { "training.lr": s.lr * 10 },
  },
  l2: (s) => (s.l2 ?? 0) > 0 ? null : {
    id: "l2", label: "Add L2 weight regularization (λ₂ = 1e-4)",
    why: "Weight regularization adds a penalty on large weights to the loss, which keeps the weights, and so the gradients they multiply, from becoming too large.",
    change: { "training.regularization.l2": 1e-4 },
  },
  leakyRelu: (s) => s.activations.every((a) => a.name === "leakyRelu") ? null : {
    id: "leakyRelu", label: "Switch to leaky ReLU (slope 0.01) with He initialization",
    why: "Leaky ReLU keeps a small slope below zero, so a unit whose inputs are all negative still gets a gradient and can come back to life.",
    change: { "model.activation": { name: "leakyRelu", alpha: 0.01 }, "model.init": { name: "heNormal", slope: 0.01 } },
  },
  zeroBias: (s) => s.biasInit !== null && (s.biasInit.name === "zeros" || (s.biasInit.name === "constant" && (s.biasInit.value ?? 1) >= 0)) ? null : {
    id: "zeroBias", label: `Initialize the biases at zero${s.biasInit === null ? " (if not already)" : ` instead of ${s.biasInit.name}`}`,
    why: "Negative biases push a ReLU unit's inputs below zero for every example, where its derivative is 0; zero biases start every unit in its active range for about half the examples.",
    change: { "model.biasInit": "zeros" },
  },
} satisfies Record<string, RemedyMaker>;

/** A remedy id. */
export type RemedyId = keyof typeof remedies;

/** The remedies of the given ids that apply to the setup, in the given (ranked) order, without duplicates. */
export function rankRemedies(s: Setup, ids: readonly RemedyId[]): Remedy[] {
  const out: Remedy[] = [];
  for (const id of ids) {
    if (out.some((r) => r.id === id)) continue;
    const r = remedies[id](s);
    if (r !== null) out.push(r);
  }
  return out;
}
