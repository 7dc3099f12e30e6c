import type { ConfigPatch, Json } from "../diagnosis/finding.js";
import { applyPatch } from "../diagnosis/patch.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import { resolveConfig } from "../experiment/config/validate.js";

/**
 * A remedy's change ({ model: NetworkSpec, training: TrainingSpec } paths) in experiment-config
 * paths: model.* stays, training.lr → optimizer.lr, training.optimizer → optimizer.* (keeping lr),
 * training.clip → clip, training.regularization.* → regularization.*.
 */
export function toConfigPatch(change: ConfigPatch): ConfigPatch {
  const out: ConfigPatch = {};
  for (const [path, value] of Object.entries(change)) {
    if (!path.startsWith("training.")) {
      out[path] = value;
      continue;
    }
    const rest = path.slice("training.".length);
    if (rest === "lr") out["optimizer.lr"] = value;
    else if (rest === "optimizer" && typeof value === "string") out["optimizer.name"] = value;
    else if (rest === "optimizer" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out[`optimizer.${k}`] = v;
    } else out[rest] = value;
  }
  return out;
}

/** Two config patches that set the same path, or a path and one inside it, to different values. */
export function conflicts(a: ConfigPatch, b: ConfigPatch): boolean {
  for (const [p, v] of Object.entries(a)) {
    for (const [q, w] of Object.entries(b)) {
      if (p === q && JSON.stringify(v) !== JSON.stringify(w)) return true;
      if (p !== q && (p.startsWith(`${q}.`) || q.startsWith(`${p}.`))) return true;
    }
  }
  return false;
}

/** The union of compatible patches (later entries win on equal paths, which agree). */
export function mergePatches(patches: readonly ConfigPatch[]): ConfigPatch {
  const out: ConfigPatch = {};
  for (const p of patches) for (const [k, v] of Object.entries(p)) out[k] = v as Json;
  return out;
}

/** The config with an experiment-config patch applied, then validated (throws ConfigError naming the field). */
export function patchedConfig(config: ExperimentConfig, patch: ConfigPatch): ExperimentConfig {
  return resolveConfig(applyPatch(config, patch), "remedy");
}
