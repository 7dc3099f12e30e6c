import { GradscopeError } from "../../core/errors.js";
import { parseConfigText, type ConfigFormat } from "../config/parse.js";
import type { GridSpec } from "./types.js";

/**
 * A grid file (JSON or YAML) as a GridSpec: an object with `axes` (path or short flag → list of
 * values) and an optional `base` (a partial experiment config). Errors name the file and the key.
 */
export function parseGridText(text: string, format: ConfigFormat, source = "grid"): GridSpec {
  const data = parseConfigText(text, format, source);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new GradscopeError(`${source}: a grid file is an object with "base" and "axes"`);
  const extra = Object.keys(data).filter((k) => k !== "base" && k !== "axes");
  if (extra.length > 0) throw new GradscopeError(`${source}: ${extra[0]}: unknown key; a grid file has "base" (a partial experiment config) and "axes"`);
  const { base, axes } = data as { base?: unknown; axes?: unknown };
  if (typeof axes !== "object" || axes === null || Array.isArray(axes)) throw new GradscopeError(`${source}: axes: expected an object of config path → list of values`);
  for (const [k, v] of Object.entries(axes)) if (!Array.isArray(v)) throw new GradscopeError(`${source}: axes.${k}: expected a list of values, got ${JSON.stringify(v)}`);
  return { base, axes: axes as Record<string, unknown[]> };
}
