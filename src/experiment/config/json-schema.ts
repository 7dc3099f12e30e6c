import { defaultConfig } from "./defaults.js";
import { experimentFields } from "./experiment-fields.js";
import type { Field } from "./fields.js";

type Schema = Record<string, unknown>;

function withDefault(schema: Schema, value: unknown): Schema {
  return value === undefined ? schema : { ...schema, default: value };
}

function properties(fields: Record<string, Field>, defaults: Record<string, unknown> | undefined): Schema {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, toJsonSchema(f, defaults?.[k])]));
}

/**
 * The JSON Schema (draft 2020-12) of a field, with its description and `defaultValue` as its
 * default (and, inside objects, each property's default). Tagged objects become a oneOf of
 * their variants, each closed and with the variant's defaults, plus the default's variant for an
 * object without the tag.
 */
export function toJsonSchema(field: Field, defaultValue?: unknown): Schema {
  const base = { description: field.description };
  const defaults = typeof defaultValue === "object" && defaultValue !== null ? (defaultValue as Record<string, unknown>) : undefined;
  switch (field.kind) {
    case "number": {
      const s: Schema = { ...base, type: field.integer ? "integer" : "number" };
      if (field.min !== undefined) s[field.minOpen ? "exclusiveMinimum" : "minimum"] = field.min;
      if (field.max !== undefined) s[field.maxOpen ? "exclusiveMaximum" : "maximum"] = field.max;
      return withDefault(s, defaultValue);
    }
    case "boolean": return withDefault({ ...base, type: "boolean" }, defaultValue);
    case "null": return { ...base, type: "null" };
    case "string": return withDefault({ ...base, type: "string", minLength: 1 }, defaultValue);
    case "name": return withDefault({ ...base, type: "string", enum: [...field.names] }, defaultValue);
    case "choice": return withDefault({ ...base, enum: [...field.values] }, defaultValue);
    case "list": {
      const s: Schema = { ...base, type: "array", items: toJsonSchema(field.item) };
      if (field.minItems !== undefined) s.minItems = field.minItems;
      if (field.maxItems !== undefined) s.maxItems = field.maxItems;
      return withDefault(s, defaultValue);
    }
    case "object": {
      const s: Schema = { ...base, type: "object", properties: properties(field.fields, defaults), additionalProperties: false };
      if (field.required !== undefined) s.required = [...field.required];
      if (field.groups?.exclusiveInSchema) {
        const [a, b] = field.groups.groups;
        s.not = { anyOf: a.flatMap((x) => b.map((y) => ({ required: [x, y] }))) };
      }
      return withDefault(s, defaultValue);
    }
    case "tagged": {
      const common = Object.fromEntries(Object.keys(field.common).map((k) => [k, defaults?.[k]]));
      const branch = (name: string, description: string, tag: Schema | undefined): Schema => {
        const v = field.variants[name];
        return {
          description,
          ...(tag === undefined ? { not: { required: [field.tag] } } : {}),
          properties: { ...(tag === undefined ? {} : { [field.tag]: tag }), ...properties(field.common, common), ...properties(v.fields, v.defaults) },
          required: [...(tag === undefined ? [] : [field.tag]), ...(v.required ?? [])],
          additionalProperties: false,
        };
      };
      const oneOf = Object.entries(field.variants).map(([name, v]) => branch(name, v.description, { const: name }));
      // NOTE: a file may leave the tag out; it then keeps the default's variant (the merge's rule).
      const fallback = defaults?.[field.tag];
      if (typeof fallback === "string") oneOf.push(branch(fallback, `Without ${field.tag}: the default, ${fallback}.`, undefined));
      const tag = { description: "Which one; the fields that follow depend on it.", type: "string", enum: Object.keys(field.variants) };
      return withDefault({ ...base, type: "object", properties: { [field.tag]: tag }, oneOf }, defaultValue);
    }
    case "union": return withDefault({ ...base, oneOf: field.options.map((o) => toJsonSchema(o)) }, defaultValue);
  }
}

/** The published JSON Schema of the experiment file (schema/experiment.schema.json is this, written out). */
export function experimentJsonSchema(): Schema {
  // NOTE: the root's own default (all of defaultConfig) is left out: each property carries its part.
  const { default: _all, ...root } = toJsonSchema(experimentFields, defaultConfig);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "gradscope experiment",
    ...root,
  };
}
