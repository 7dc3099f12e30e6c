// The field tree: a small typed description of what each config field accepts. One tree drives
// the merge over defaults (merge.ts), the flag and URL parsing (values.ts), and the published
// JSON Schema (json-schema.ts), so the three cannot disagree.

/** A number, optionally an integer, within optional bounds (an open bound excludes its end). */
export interface NumberField {
  kind: "number";
  description: string;
  integer?: boolean;
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
}

/** true or false. */
export interface BooleanField {
  kind: "boolean";
  description: string;
}

/** One of a table's names (an enum). */
export interface NameField {
  kind: "name";
  description: string;
  names: readonly string[];
}

/** One of a fixed set of numbers or strings (a data set option such as digits' pool: 1, 2, 4 or 7). */
export interface ChoiceField {
  kind: "choice";
  description: string;
  values: readonly (string | number)[];
}

/** Free text (a file path, a column name). */
export interface StringField {
  kind: "string";
  description: string;
}

/** The value null (an alternative in a union, e.g. "no clipping"). */
export interface NullField {
  kind: "null";
  description: string;
}

/** A list whose items all match `item`; it replaces, never merges. */
export interface ListField {
  kind: "list";
  description: string;
  item: Field;
  minItems?: number;
  maxItems?: number;
}

/**
 * Keys of an object of which a resolved object holds one group only (model: depth + width, or
 * widths; train: steps or epochs). `reconcile` decides, for a partial merged over a base, which
 * keys each keeps, and reports a partial that gives several groups inconsistently.
 */
export interface KeyGroups {
  groups: readonly (readonly string[])[];
  /** Whether the JSON Schema forbids keys of two groups together (it cannot check that they agree). */
  exclusiveInSchema: boolean;
  reconcile(partial: Record<string, unknown>, base: Record<string, unknown> | undefined, path: string, report: Report): { partial: Record<string, unknown>; base: Record<string, unknown> | undefined };
}

/** Collects a problem: the field's path and the full message. */
export type Report = (path: string, message: string) => void;

/** An object with a closed set of fields; a partial one merges over its base field by field. */
export interface ObjectField {
  kind: "object";
  description: string;
  fields: Record<string, Field>;
  /** Fields that must be present when there is no base to take them from. */
  required?: readonly string[];
  groups?: KeyGroups;
}

/** One variant of a tagged object: its own fields (besides the tag and the common fields) and their defaults. */
export interface Variant {
  description: string;
  fields: Record<string, Field>;
  required?: readonly string[];
  defaults: Record<string, unknown>;
}

/**
 * An object whose `tag` field (always "name") picks a variant, each with its own fields: the
 * optimizer, the schedule, the data set. Changing the tag keeps the common fields and resets the
 * variant's fields to the new variant's defaults.
 */
export interface TaggedField {
  kind: "tagged";
  description: string;
  tag: string;
  common: Record<string, Field>;
  variants: Record<string, Variant>;
}

/** One of several alternatives of distinct JSON types (a name or an object, a number or a name, null or an object). */
export interface UnionField {
  kind: "union";
  description: string;
  options: readonly Field[];
}

/** A node of the field tree. */
export type Field = NumberField | BooleanField | NameField | ChoiceField | StringField | NullField | ListField | ObjectField | TaggedField | UnionField;

/** The JSON type of a value as the tree matches it: number, boolean, string, null, list or object. */
export function jsonKind(value: unknown): "number" | "boolean" | "string" | "null" | "list" | "object" | "other" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  const t = typeof value;
  if (t === "number" || t === "boolean" || t === "string") return t;
  return t === "object" ? "object" : "other";
}

/** The JSON type a field accepts. */
export function fieldKind(field: Field): ReturnType<typeof jsonKind> {
  switch (field.kind) {
    case "name": case "string": return "string";
    case "tagged": case "object": return "object";
    case "union": return "other";
    case "choice": return field.values.every((v) => typeof v === "number") ? "number" : field.values.every((v) => typeof v === "string") ? "string" : "other";
    default: return field.kind;
  }
}

/** The union alternative that takes a value of this JSON type, or undefined. */
export function optionFor(field: UnionField, value: unknown): Field | undefined {
  const kind = jsonKind(value);
  return field.options.find((o) => fieldKind(o) === kind);
}

/** The fields of a tagged object's variant, tag first. */
export function variantFields(field: TaggedField, tag: string): Record<string, Field> {
  const variant = field.variants[tag];
  const names: NameField = { kind: "name", description: field.description, names: Object.keys(field.variants) };
  return { [field.tag]: names, ...field.common, ...(variant?.fields ?? {}) };
}

/** "an integer ≥ 1", "a number in [0, 1)": the bounds of a number field in words. */
export function describeNumber(f: Omit<NumberField, "kind" | "description">): string {
  const kind = f.integer ? "an integer" : "a number";
  if (f.min !== undefined && f.max !== undefined) {
    return `${kind} in ${f.minOpen ? "(" : "["}${f.min}, ${f.max}${f.maxOpen ? ")" : "]"}`;
  }
  if (f.min !== undefined) return `${kind} ${f.minOpen ? ">" : "≥"} ${f.min}`;
  if (f.max !== undefined) return `${kind} ${f.maxOpen ? "<" : "≤"} ${f.max}`;
  return kind;
}

/** What a field allows, in words, for error messages. */
export function describe(field: Field): string {
  switch (field.kind) {
    case "number": return describeNumber(field);
    case "boolean": return "true or false";
    case "name": return field.names.length === 1 ? `"${field.names[0]}"` : `one of ${field.names.join(", ")}`;
    case "choice": return `one of ${field.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "string": return "a non-empty string";
    case "null": return "null";
    case "list": return `a list${field.minItems ? ` of at least ${field.minItems}` : ""}, each ${describe(field.item)}`;
    case "object": return `an object { ${Object.keys(field.fields).join(", ")} }`;
    case "tagged": return `an object { ${field.tag}: one of ${Object.keys(field.variants).join(", ")}, … }`;
    case "union": return field.options.map(describe).join(", or ");
  }
}

/** A value as the error messages print it: JSON, with NaN and ±Infinity by name. */
export function show(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "nothing";
  return JSON.stringify(value) ?? String(value);
}
