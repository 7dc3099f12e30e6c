import type { ConfigPatch } from "../diagnosis/finding.js";
import { patchedConfig, toConfigPatch } from "../doctor/remedy-config.js";
import type { ExperimentConfig } from "../experiment/config/types.js";

/** A remedy's change (model.* / training.* paths) applied to an experiment config (same seed and data), validated — as the doctor applies it. */
export function applyRemedy(config: ExperimentConfig, change: ConfigPatch): ExperimentConfig {
  return patchedConfig(config, toConfigPatch(change));
}
