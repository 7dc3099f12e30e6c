import { GradscopeError } from "../../core/errors.js";
import { describe, fieldKind, type Field } from "./fields.js";

const numeric = (s: string) => s !== "" && Number.isFinite(Number(s));

function json(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new GradscopeError(`${label}: ${JSON.stringify(text)} is not valid JSON (${(e as Error).message})`);
  }
}

function notAllowed(label: string, raw: string, field: Field): never {
  throw new GradscopeError(`${label}: ${JSON.stringify(raw)} is not allowed; expected ${describe(field)}`);
}

/**
 * A flag or URL value parsed by the type of the field it sets: numbers, true/false, names as
 * they are, null, comma-separated lists ("64,32,16"), a bare name for an object with a name
 * ("adam" → { name: "adam" }), and JSON for anything (text starting with {, [ or ").
 * Errors name `label` (the flag). Ranges and names are checked by the merge, not here.
 */
export function parseValue(field: Field, raw: string, label: string): unknown {
  const text = raw.trim();
  if (text.startsWith("{") || text.startsWith("[") || text.startsWith('"')) return json(text, label);
  switch (field.kind) {
    case "number":
      return numeric(text) ? Number(text) : notAllowed(label, raw, field);
    case "boolean":
      return text === "true" ? true : text === "false" ? false : notAllowed(label, raw, field);
    case "null":
      return text === "null" ? null : notAllowed(label, raw, field);
    case "name": case "string":
      return text;
    case "choice":
      return field.values.find((v) => String(v) === text) ?? notAllowed(label, raw, field);
    case "list":
      return text === "" ? [] : text.split(",").map((s) => parseValue(field.item, s, label));
    case "object":
      return "name" in field.fields && text !== "" ? { name: text } : notAllowed(label, raw, field);
    case "tagged":
      return text !== "" ? { [field.tag]: text } : notAllowed(label, raw, field);
    case "union": {
      const has = (kind: string) => field.options.find((o) => fieldKind(o) === kind);
      const list = has("list");
      if (text === "null" && has("null")) return null;
      if (numeric(text) && has("number")) return Number(text);
      if ((text === "true" || text === "false") && has("boolean")) return text === "true";
      if (list !== undefined && text.includes(",")) return parseValue(list, text, label);
      const str = has("string");
      if (str !== undefined) return parseValue(str, text, label);
      const obj = has("object");
      if (obj !== undefined) return parseValue(obj, text, label);
      return notAllowed(label, raw, field);
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The shortest text that parseValue turns back into exactly `value` (plain numbers, names, comma lists), else JSON. */
export function encodeValue(field: Field, value: unknown): string {
  let plain: string | undefined;
  if (value === null || ["number", "boolean", "string"].includes(typeof value)) plain = String(value);
  else if (Array.isArray(value) && value.every((x) => typeof x === "number" || typeof x === "string")) plain = value.join(",");
  if (plain !== undefined) {
    try {
      if (same(parseValue(field, plain, ""), value)) return plain;
    } catch {
      // not representable plainly: JSON below
    }
  }
  return JSON.stringify(value);
}
