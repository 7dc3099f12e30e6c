import { GradscopeError } from "../core/errors.js";
import type { ConfigPatch, Json } from "../diagnosis/finding.js";
import { applyPatch } from "../diagnosis/patch.js";
import { resolveConfig } from "../experiment/config/validate.js";
import type { ExperimentConfig } from "../experiment/config/types.js";

/**
 * The experiment-config path of a remedy's patch path: model.* stays; training.lr → optimizer.lr,
 * training.clip → clip, training.regularization.* → regularization.*, training.optimizer → optimizer.
 */
export function configPathOf(patchPath: string): string {
  if (patchPath.startsWith("model.")) return patchPath;
  if (patchPath === "training.lr") return "optimizer.lr";
  if (patchPath.startsWith("training.")) return patchPath.slice("training.".length);
  throw new GradscopeError(`remedy: the patch path "${patchPath}" is neither model.* nor training.*`);
}

/** A remedy's change applied to an experiment config (same seed and data), validated. */
export function applyRemedy(config: ExperimentConfig, change: ConfigPatch): ExperimentConfig {
  const patch: Record<string, Json> = {};
  for (const [path, value] of Object.entries(change)) {
    const target = configPathOf(path);
    if (target === "optimizer") {
      const spec = typeof value === "string" ? { name: value } : (value as Record<string, Json>);
      patch.optimizer = { ...spec, lr: config.optimizer.lr };
    } else {
      patch[target] = value;
    }
  }
  const patched = applyPatch(config, patch);
  // NOTE: a new optimizer or init replaces the old object whole, so options of the old one do not leak in.
  return resolveConfig(patched, "remedy");
}
