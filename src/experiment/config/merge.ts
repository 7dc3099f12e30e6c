import { describe, describeNumber, jsonKind, fieldKind, optionFor, show, variantFields, type Field, type NumberField, type ObjectField, type Report, type TaggedField, type UnionField } from "./fields.js";
import { didYouMean } from "./suggest.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => jsonKind(v) === "object";

/** "model.depth" under "model"; the root's own name is "config". */
export const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);
const at = (path: string): string => (path === "" ? "config" : path);

function notAllowed(path: string, value: unknown, field: Field, report: Report): void {
  report(path, `${at(path)}: ${show(value)} is not allowed; expected ${describe(field)}`);
}

function numberOk(f: NumberField, v: unknown): boolean {
  return typeof v === "number" && Number.isFinite(v) && (!f.integer || Number.isInteger(v))
    && (f.min === undefined || (f.minOpen ? v > f.min : v >= f.min))
    && (f.max === undefined || (f.maxOpen ? v < f.max : v <= f.max));
}

/**
 * `partial` merged over `base` along `field`, as a fresh value: objects merge field by field,
 * anything else given replaces the base; a missing value takes the base's. Every problem
 * (wrong type, out of range, unknown name or key, missing required field) goes to `report`
 * with its path; the result is then a best effort that keeps the base where the partial failed.
 */
export function mergeField(field: Field, partial: unknown, base: unknown, path: string, report: Report): unknown {
  if (partial === undefined) return structuredClone(base);
  switch (field.kind) {
    case "number":
      if (numberOk(field, partial)) return partial;
      report(path, `${at(path)}: ${show(partial)} is not allowed; expected ${describeNumber(field)}`);
      return structuredClone(base);
    case "boolean": case "null": case "string":
      if (jsonKind(partial) === fieldKind(field) && partial !== "") return partial;
      notAllowed(path, partial, field, report);
      return structuredClone(base);
    case "name":
      if (typeof partial === "string" && field.names.includes(partial)) return partial;
      report(path, `${at(path)}: ${show(partial)} is not allowed; expected ${describe(field)}${typeof partial === "string" ? didYouMean(partial, field.names) : ""}`);
      return structuredClone(base);
    case "choice":
      if (field.values.includes(partial as string | number)) return partial;
      notAllowed(path, partial, field, report);
      return structuredClone(base);
    case "list":
      return mergeList(field, partial, base, path, report);
    case "object":
      return mergeObject(field, partial, base, path, report);
    case "tagged":
      return mergeTagged(field, partial, base, path, report);
    case "union":
      return mergeUnion(field, partial, base, path, report);
  }
}

function mergeList(field: Extract<Field, { kind: "list" }>, partial: unknown, base: unknown, path: string, report: Report): unknown {
  const n = Array.isArray(partial) ? partial.length : -1;
  if (n < 0 || n < (field.minItems ?? 0) || n > (field.maxItems ?? Infinity)) {
    notAllowed(path, partial, field, report);
    return structuredClone(base);
  }
  return (partial as unknown[]).map((item, i) => {
    if (item === undefined) notAllowed(`${path}[${i}]`, item, field.item, report);
    return mergeField(field.item, item, undefined, `${path}[${i}]`, report);
  });
}

/** Merges an object's fields (closed set) in field order; `owner` names a tagged variant (optimizer "sgd") in the messages. */
function mergeObject(field: ObjectField, partial: unknown, base: unknown, path: string, report: Report, owner = ""): unknown {
  if (!isObj(partial)) {
    notAllowed(path, partial, field, report);
    return structuredClone(base);
  }
  const keys = Object.keys(field.fields);
  for (const key of Object.keys(partial)) {
    if (Object.hasOwn(field.fields, key) || partial[key] === undefined) continue;
    const hint = didYouMean(key, keys) || `; allowed: ${keys.join(", ")}`;
    report(join(path, key), `${join(path, key)}: unknown field${owner === "" ? "" : ` for ${owner}`}${hint}`);
  }
  let p: Obj = partial;
  let b = isObj(base) ? base : undefined;
  if (field.groups !== undefined) ({ partial: p, base: b } = field.groups.reconcile(p, b, path, report));
  const out: Obj = {};
  for (const [key, f] of Object.entries(field.fields)) {
    let failed = false;
    const value = mergeField(f, p[key], b?.[key], join(path, key), (at, message) => {
      failed = true;
      report(at, message);
    });
    if (value !== undefined) out[key] = value;
    else if (!failed && field.required?.includes(key)) report(join(path, key), `${join(path, key)}: missing; ${owner === "" ? "expected" : `${owner} needs`} ${describe(f)}`);
  }
  return out;
}

/** Merges a tagged object: the tag picks the variant; a changed tag keeps the common fields and takes the new variant's defaults. */
function mergeTagged(field: TaggedField, partial: unknown, base: unknown, path: string, report: Report): unknown {
  if (!isObj(partial)) {
    notAllowed(path, partial, field, report);
    return structuredClone(base);
  }
  const b = isObj(base) ? base : undefined;
  const tag = partial[field.tag] ?? b?.[field.tag];
  const names = Object.keys(field.variants);
  if (typeof tag !== "string" || !Object.hasOwn(field.variants, tag)) {
    const tagPath = join(path, field.tag);
    const given = tag === undefined ? "missing" : `${show(tag)} is not allowed`;
    report(tagPath, `${tagPath}: ${given}; expected one of ${names.join(", ")}${typeof tag === "string" ? didYouMean(tag, names) : ""}`);
    return structuredClone(base);
  }
  const variant = field.variants[tag];
  let kept = b;
  if (b !== undefined && b[field.tag] !== tag) kept = Object.fromEntries(Object.keys(field.common).filter((k) => k in b).map((k) => [k, b[k]]));
  const merged: Obj = { ...variant.defaults, ...kept, [field.tag]: tag };
  const asObject: ObjectField = { kind: "object", description: variant.description, fields: variantFields(field, tag), required: variant.required };
  return mergeObject(asObject, partial, merged, path, report, `${at(path)} "${tag}"`);
}

/** Merges a union: the partial's JSON type picks the alternative; a name given where an object with a name is expected stands for { name }. */
function mergeUnion(field: UnionField, partial: unknown, base: unknown, path: string, report: Report): unknown {
  const option = optionFor(field, partial);
  if (option === undefined) {
    notAllowed(path, partial, field, report);
    return structuredClone(base);
  }
  let b = base;
  if (typeof base === "string" && option.kind === "object" && "name" in option.fields) b = { name: base };
  else if (jsonKind(base) !== fieldKind(option)) b = undefined;
  return mergeField(option, partial, b, path, report);
}
