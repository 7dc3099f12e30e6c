import { applyOverrides } from "../experiment/config/overrides.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import { getPreset, presetConfigs } from "../experiment/presets/index.js";

/** One story of the seed as two runs of a built-in preset: A shows the problem, B the contrast or cure. */
export interface WebPreset {
  id: string;
  title: string;
  /** The preset of src/experiment/presets and its two variants. */
  preset: string;
  a: string;
  b: string;
  /** What B is, in a few words (the heading of run B). */
  labelB: string;
  /**
   * Overrides for the browser (config path → text, as in the URL): the MNIST digits are not in the web
   * build, so presets trained on them use iris (real, 4 features); nothing else of the story changes.
   */
  web?: Record<string, string>;
}

const onIris = { "data.name": "iris" };

/**
 * The playground's stories, each a pair of runs of the shared presets table (the same configs as
 * `gradscope run --preset`): sigmoid vs ReLU deep; Xavier vs He; batch norm; skip connections;
 * clipping an exploding net; weight regularization; the deep linear net W = c·I; Glorot & Bengio's
 * saturation; dying ReLU.
 */
export const webPresets: readonly WebPreset[] = [
  { id: "sigmoid-vs-relu", title: "Sigmoid vs ReLU, 10 layers", preset: "activationDepth", a: "sigmoid-d10", b: "relu-d10", labelB: "ReLU" },
  { id: "xavier-vs-he", title: "Xavier vs He init, ReLU 30 layers", preset: "heInit", a: "xavier", b: "he", labelB: "He init" },
  { id: "batch-norm", title: "Batch norm, sigmoid 20 layers", preset: "batchNorm", a: "plain", b: "batchNorm", labelB: "batch norm", web: onIris },
  { id: "skip-connections", title: "Skip connections, ReLU 50 layers", preset: "skipConnections", a: "plain", b: "residual", labelB: "skip every 2 layers" },
  { id: "clipping", title: "Clipping an exploding net", preset: "explodingGradients", a: "none", b: "clipNorm", labelB: "clip global norm at 1" },
  { id: "weight-regularization", title: "Weight regularization (L2)", preset: "explodingGradients", a: "none", b: "l2", labelB: "L2 λ = 0.1" },
  { id: "deep-linear", title: "Deep linear net, W = c·I", preset: "deepLinear", a: "c1.5", b: "c0.5", labelB: "c = 0.5" },
  { id: "glorot-bengio", title: "Sigmoid saturation vs tanh + Glorot init", preset: "glorotBengio", a: "sigmoidStandard", b: "tanhNormalized", labelB: "tanh, normalized init", web: onIris },
  { id: "dying-relu", title: "Dying ReLU vs leaky ReLU", preset: "dyingRelu", a: "reluHighLr", b: "leakyHighLr", labelB: "leaky ReLU" },
];

/** The story paragraph of a web preset (the shared preset's). */
export function presetStory(p: WebPreset): string {
  return getPreset(p.preset).story;
}

/** Runs A and B of a web preset: the preset's two variants with the web overrides applied. */
export function presetPair(p: WebPreset): { a: ExperimentConfig; b: ExperimentConfig } {
  const runs = presetConfigs(p.preset);
  const pick = (label: string): ExperimentConfig => {
    const run = runs.find((r) => r.label === label);
    if (run === undefined) throw new Error(`web preset ${p.id}: preset ${p.preset} has no run "${label}"`);
    return p.web === undefined ? run.config : applyOverrides(run.config, p.web, { aliases: false, label: (k) => `web preset ${p.id}: ${k}` });
  };
  return { a: pick(p.a), b: pick(p.b) };
}
