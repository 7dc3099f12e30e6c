import { GradscopeError } from "../../core/errors.js";
import { flagAliases } from "../config/aliases.js";
import type { Field } from "../config/fields.js";
import { keyTarget } from "../config/paths.js";
import { parseValue } from "../config/values.js";

/** What a grid axis sets: the config path, paths fixed beside it (a short flag's "also"), the field, and its short name. */
export interface Axis {
  key: string;
  path: string;
  also: Readonly<Record<string, string>>;
  field: Field;
  /** The name used in run names: the short flag where one sets the path, else the path. */
  label: string;
}

/** The axis a key names: a short flag (flagAliases) or a dotted config path; unknown keys are a GradscopeError naming the axis. */
export function axisOf(key: string, where = "axis"): Axis {
  const target = keyTarget(key);
  if ("error" in target) {
    if (target.bare) throw new GradscopeError(`${where} "${key}": unknown flag or config path${target.near === undefined ? "" : `; did you mean "${target.near}"?`}`);
    throw new GradscopeError(`${where} "${key}": ${target.error}`);
  }
  const { path, also, field } = target;
  const short = Object.hasOwn(flagAliases, key) ? key : Object.entries(flagAliases).find(([, a]) => a.path === path && a.also === undefined)?.[0];
  return { key, path, also, field, label: short ?? path };
}

/** Splits "a,b,[1,2],{"x":1}" at the commas outside brackets, braces and quotes. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) { if (c === "\\") i++; else if (c === '"') quoted = false; continue; }
    if (c === '"') quoted = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/**
 * One `--vary KEY=V1,V2,…` as an axis key and its values, each parsed by the field's type as a
 * flag value (names, numbers, JSON for objects or lists: --vary 'widths=[64,32],[32,32]').
 */
export function parseVary(text: string): { key: string; values: unknown[] } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new GradscopeError(`--vary "${text}": expected KEY=V1,V2,… (e.g. --vary activation=sigmoid,relu)`);
  const key = text.slice(0, eq).trim();
  const axis = axisOf(key, "--vary");
  const parts = splitTopLevel(text.slice(eq + 1));
  if (parts.some((p) => p === "")) throw new GradscopeError(`--vary ${key}: an empty value in "${text.slice(eq + 1)}"`);
  return { key, values: parts.map((p) => parseValue(axis.field, p, `--vary ${key}`)) };
}

/** A value as a run name shows it: names and numbers as they are, { name } by its name, else compact JSON. */
export function valueLabel(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "name" in value) return String((value as { name: unknown }).name);
  if (Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "string")) return value.join(",");
  return JSON.stringify(value);
}
