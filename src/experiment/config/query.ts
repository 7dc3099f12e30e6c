import { GradscopeError } from "../../core/errors.js";
import { defaultConfig } from "./defaults.js";
import { experimentFields } from "./experiment-fields.js";
import { jsonKind, optionFor, variantFields, type Field } from "./fields.js";
import { join } from "./merge.js";
import { applyOverrides } from "./overrides.js";
import { getIn, setIn } from "./paths.js";
import { checkConfig } from "./validate.js";
import { encodeValue, parseValue } from "./values.js";
import type { ExperimentConfig } from "./types.js";

type Obj = Record<string, unknown>;

/** The leaves of a config along the field tree, in field order (a tag before its variant's fields): [path, field]. */
function leaves(field: Field, value: unknown, path: string, out: [string, Field][] = []): [string, Field][] {
  let fields: Record<string, Field> | undefined;
  if (field.kind === "object" && jsonKind(value) === "object") fields = field.fields;
  if (field.kind === "tagged" && jsonKind(value) === "object") fields = variantFields(field, String((value as Obj)[field.tag]));
  if (field.kind === "union") {
    const option = optionFor(field, value);
    if (option !== undefined && (option.kind === "object" || option.kind === "tagged")) return leaves(option, value, path, out);
  }
  if (fields === undefined) {
    out.push([path, field]);
    return out;
  }
  for (const [key, f] of Object.entries(fields)) {
    const v = (value as Obj)[key];
    if (v !== undefined) leaves(f, v, join(path, key), out);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "a=1&b=x,y": each part percent-encoded, with commas, colons and slashes kept readable. */
function encodeQuery(entries: [string, string][]): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%2F/g, "/");
  return entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
}

/**
 * The URL query of a config: one `path=value` per field that differs from the defaults, in
 * field order ("model.depth=30&model.activation=relu&optimizer.lr=0.1"); "" for the defaults.
 * configFromQuery turns it back into exactly the same config.
 */
export function configToQuery(config: ExperimentConfig): string {
  const entries: [string, string][] = [];
  let current: unknown = defaultConfig;
  for (const [path, field] of leaves(experimentFields, config, "")) {
    const value = getIn(config, path);
    if (same(getIn(current, path), value)) continue;
    const text = encodeValue(field, value);
    entries.push([path, text]);
    const partial: Obj = {};
    setIn(partial, path, parseValue(field, text, path));
    current = checkConfig(current as ExperimentConfig, partial).config;
  }
  let query = encodeQuery(entries);
  if (!same(configFromQuery(query), config)) {
    // NOTE: a safety net, not expected to fire: whole sections as JSON always round-trip.
    const sections = Object.keys(experimentFields.fields).filter((k) => !same(getIn(config, k), getIn(defaultConfig, k)));
    query = encodeQuery(sections.map((k) => [k, JSON.stringify(getIn(config, k))]));
  }
  return query;
}

/**
 * The config a URL query describes: the defaults with each `path=value` applied (values as
 * flags take them); a leading "?" is allowed. Errors name the parameter.
 *
 * @example
 * configFromQuery(location.search); // { ...defaultConfig, model: { ...depth: 30 } } for "?model.depth=30"
 */
export function configFromQuery(query: string | URLSearchParams): ExperimentConfig {
  const params = typeof query === "string" ? new URLSearchParams(query.startsWith("?") ? query.slice(1) : query) : query;
  const overrides: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(overrides, key)) throw new GradscopeError(`URL parameter ${key}: given twice`);
    overrides[key] = value;
  }
  return applyOverrides(defaultConfig, overrides, { aliases: false, label: (k) => `URL parameter ${k}` });
}
