import type { ConfigPatch, Json } from "./finding.js";

/**
 * A copy of `config` ({ model, training }) with a remedy's change applied: each dotted path is
 * set to a copy of its value, creating missing objects on the way; the input is not changed.
 *
 * @example
 * const next = applyPatch({ model: spec, training }, { "model.norm.kind": "batch", "training.lr": 0.01 });
 */
export function applyPatch<T extends object>(config: T, patch: ConfigPatch): T {
  const out = JSON.parse(JSON.stringify(config)) as Record<string, Json>;
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split(".");
    let node = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, Json>;
    }
    node[keys[keys.length - 1]] = JSON.parse(JSON.stringify(value)) as Json;
  }
  return out as T;
}
