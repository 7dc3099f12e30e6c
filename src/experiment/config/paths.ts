import { flagAliases } from "./aliases.js";
import { experimentFields } from "./experiment-fields.js";
import type { Field } from "./fields.js";
import { join } from "./merge.js";
import { closest } from "./suggest.js";

type Obj = Record<string, unknown>;

/** The named children of a field: an object's fields, every variant's fields, a union's object fields. */
function children(field: Field): Record<string, Field> {
  switch (field.kind) {
    case "object": return field.fields;
    case "tagged": {
      const all: Record<string, Field> = { [field.tag]: { kind: "name", description: field.description, names: Object.keys(field.variants) }, ...field.common };
      for (const v of Object.values(field.variants)) Object.assign(all, v.fields);
      return all;
    }
    case "union": return Object.assign({}, ...field.options.map(children)) as Record<string, Field>;
    default: return {};
  }
}

/** The field a dotted path names ("model.norm.kind", "optimizer.momentum", "model.init.std"), or why none does (with the nearest path). */
export function fieldAt(path: string): { field: Field } | { error: string } {
  let field: Field = experimentFields;
  let prefix = "";
  for (const seg of path.split(".")) {
    const kids = children(field);
    if (!Object.hasOwn(kids, seg)) {
      const near = closest(seg, Object.keys(kids));
      const hint = near === undefined ? (Object.keys(kids).length > 0 ? `; allowed under ${prefix || "the top level"}: ${Object.keys(kids).join(", ")}` : `; ${prefix} has no fields`) : `; did you mean "${join(prefix, near)}"?`;
      return { error: `${join(prefix, seg)}: unknown field${hint}` };
    }
    field = kids[seg];
    prefix = join(prefix, seg);
  }
  return { field };
}

/**
 * What a flag or parameter key sets: a short flag of flagAliases (when `aliases`) or a dotted
 * config path, with the paths the flag fixes beside it and the field. An unknown key gives
 * fieldAt's error; `bare` marks a plain word that is neither a flag nor a top-level field, with
 * the nearest of those in `near`.
 */
export function keyTarget(key: string, aliases = true): { path: string; also: Readonly<Record<string, string>>; field: Field } | { error: string; bare: boolean; near?: string } {
  const alias = aliases && Object.hasOwn(flagAliases, key) ? flagAliases[key] : undefined;
  const path = alias?.path ?? key;
  const found = fieldAt(path);
  if ("error" in found) {
    const bare = alias === undefined && !key.includes(".") && !Object.hasOwn(experimentFields.fields, key);
    return { error: found.error, bare, near: bare ? closest(key, [...(aliases ? Object.keys(flagAliases) : []), ...Object.keys(experimentFields.fields)]) : undefined };
  }
  return { path, also: alias?.also ?? {}, field: found.field };
}

/** The value at a dotted path, or undefined. */
export function getIn(value: unknown, path: string): unknown {
  let v = value;
  for (const seg of path.split(".")) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    v = (v as Obj)[seg];
  }
  return v;
}

/**
 * Sets a dotted path in a partial config, creating objects on the way; a name met on the way
 * becomes { name } ("model.init=heNormal" then "model.init.mode=fanOut").
 */
export function setIn(target: Obj, path: string, value: unknown): void {
  const segs = path.split(".");
  let o = target;
  for (const seg of segs.slice(0, -1)) {
    const next = o[seg];
    if (typeof next === "string") o[seg] = { name: next };
    else if (typeof next !== "object" || next === null || Array.isArray(next)) o[seg] = {};
    o = o[seg] as Obj;
  }
  o[segs[segs.length - 1]] = value;
}
