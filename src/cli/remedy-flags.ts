import type { ConfigPatch, Json } from "../diagnosis/finding.js";
import { toConfigPatch } from "../doctor/remedy-config.js";
import { flagAliases } from "../experiment/config/aliases.js";
import { fieldAt } from "../experiment/config/paths.js";
import { encodeValue } from "../experiment/config/values.js";

/** A shell word: quoted when it holds characters the shell would read. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The flag that sets one config path to a value: its short flag where one exists, else --set path=value. */
function flagFor(path: string, value: Json): string {
  const found = fieldAt(path);
  const named = value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof value.name === "string";
  const text = named ? (value as { name: string }).name : "field" in found ? encodeValue(found.field, value) : JSON.stringify(value);
  if (path === "clip" && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const c = value as { kind?: string; threshold?: number };
    if (c.kind === "globalNorm" && typeof c.threshold === "number") return `--clip-norm ${c.threshold}`;
    if (c.kind === "value" && typeof c.threshold === "number") return `--clip-value ${c.threshold}`;
  }
  const alias = Object.entries(flagAliases).find(([, a]) => a.path === path && a.also === undefined);
  return alias !== undefined ? `--${alias[0]} ${shellWord(text)}` : `--set ${shellWord(`${path}=${text}`)}`;
}

/**
 * The command-line flags that apply a remedy's config patch to `gradscope run`, e.g.
 * { "model.norm.kind": "batch", "training.lr": 0.005 } → "--norm batch --lr 0.005".
 */
export function remedyFlags(change: ConfigPatch): string {
  return Object.entries(toConfigPatch(change)).map(([path, v]) => flagFor(path, v)).join(" ");
}
