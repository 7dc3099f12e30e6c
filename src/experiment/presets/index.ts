import { GradscopeError } from "../../core/errors.js";
import { closest } from "../config/suggest.js";
import type { ExperimentConfig } from "../config/types.js";
import { resolveConfig } from "../config/validate.js";
import { activationDepth } from "./activation-depth.js";
import { batchNorm } from "./batch-norm.js";
import { deepLinear } from "./deep-linear.js";
import { dyingRelu } from "./dying-relu.js";
import { edgeOfChaos } from "./edge-of-chaos.js";
import { explodingGradients } from "./exploding-gradients.js";
import { glorotBengio } from "./glorot-bengio.js";
import { heInit } from "./he-init.js";
import { mergePatch } from "./merge.js";
import { skipConnections } from "./skip-connections.js";
import type { Preset } from "./types.js";

export type { Preset, PresetPatch } from "./types.js";
export { mergePatch, gridVariants } from "./merge.js";
export { edgeOfChaosSigmaW2, edgeOfChaosDepths, edgeOfChaosSigmaB2 } from "./edge-of-chaos.js";

/**
 * The built-in experiments that reproduce the classic results, by the name `gradscope run
 * --preset NAME` and the web page use, in the order of the story.
 */
export const presets: Readonly<Record<string, Preset>> = {
  deepLinear, glorotBengio, heInit, activationDepth, batchNorm, skipConnections, explodingGradients, edgeOfChaos, dyingRelu,
};

/** The preset names, in table order. */
export const presetNames: readonly string[] = Object.keys(presets);

/** The preset called `name`; an unknown name throws a GradscopeError listing the known ones. */
export function getPreset(name: string): Preset {
  if (Object.hasOwn(presets, name)) return presets[name];
  const near = closest(name, presetNames);
  const hint = near === undefined ? "" : `; did you mean "${near}"?`;
  throw new GradscopeError(`preset: "${name}" is not a built-in experiment (known: ${presetNames.join(", ")})${hint}`);
}

/** One run of a preset: its variant label (the preset's name when it has no variants) and its complete config. */
export interface PresetRun {
  label: string;
  config: ExperimentConfig;
}

/** How presetConfigs builds the runs. */
export interface PresetConfigOptions {
  /** Apply the preset's `quick` patch after each variant: the same story, shorter (tests, demos). */
  quick?: boolean;
  /** A last patch over every run (flags, a smaller width in a test); it may change what is compared. */
  patch?: Record<string, unknown>;
}

/**
 * The complete config of every run of a preset: the base merged with each variant (then the
 * quick patch and `options.patch` if given), resolved and validated, in the variants' order.
 *
 * @example
 * for (const { label, config } of presetConfigs("heInit")) console.log(label, config.model.init); // xavier xavierNormal, he heNormal
 */
export function presetConfigs(name: string, options: PresetConfigOptions = {}): PresetRun[] {
  const preset = getPreset(name);
  const variants = Object.entries(preset.variants ?? { [preset.name]: {} });
  return variants.map(([label, variant]) => {
    let partial = mergePatch(preset.config, variant);
    if (options.quick === true && preset.quick !== undefined) partial = mergePatch(partial, preset.quick);
    if (options.patch !== undefined) partial = mergePatch(partial, options.patch);
    return { label, config: resolveConfig(partial, `preset ${name}, run "${label}"`) };
  });
}
