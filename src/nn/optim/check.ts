import { GradscopeError } from "../../core/errors.js";

/** Bounds a numeric option must satisfy; an open bound excludes its end point. */
export interface NumberRule {
  min?: number;
  max?: number;
  /** Exclude `max` itself: [min, max). */
  maxOpen?: boolean;
  /** Exclude `min` itself: (min, max]. */
  minOpen?: boolean;
  integer?: boolean;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? "an integer" : "a finite number";
  const lo = rule.min === undefined ? "" : `${rule.minOpen ? ">" : "≥"} ${rule.min}`;
  const hi = rule.max === undefined ? "" : `${rule.maxOpen ? "<" : "≤"} ${rule.max}`;
  if (rule.min !== undefined && rule.max !== undefined) {
    return `${kind} in ${rule.minOpen ? "(" : "["}${rule.min}, ${rule.max}${rule.maxOpen ? ")" : "]"}`;
  }
  return [kind, lo, hi].filter((s) => s !== "").join(" ");
}

/** A value as an error message prints it: numbers (NaN, Infinity included) as numbers, the rest as JSON. */
function show(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value) ?? String(value);
}

/**
 * The option `value` when it is a number within `rule`, else a GradscopeError naming the field
 * path, the value given and what is allowed (the format of the experiment config's errors).
 */
export function checkNumber(field: string, value: unknown, rule: NumberRule = {}): number {
  const ok = typeof value === "number" && Number.isFinite(value)
    && (!rule.integer || Number.isInteger(value))
    && (rule.min === undefined || (rule.minOpen ? value > rule.min : value >= rule.min))
    && (rule.max === undefined || (rule.maxOpen ? value < rule.max : value <= rule.max));
  if (!ok) throw new GradscopeError(`${field}: ${show(value)} is not allowed; expected ${describe(rule)}`);
  return value as number;
}

/** An optional number: its default when undefined, else checked as by checkNumber. */
export function numberOr(field: string, value: unknown, fallback: number, rule: NumberRule = {}): number {
  return value === undefined ? fallback : checkNumber(field, value, rule);
}

/** An optional boolean: its default when undefined, else it must be true or false. */
export function booleanOr(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new GradscopeError(`${field}: ${show(value)} is not allowed; expected true or false`);
  return value;
}

/** The name when it is a key of `table`, else an error naming the field and listing the allowed names. */
export function checkName<K extends string>(field: string, name: unknown, table: Record<K, unknown>, what: string): K {
  if (typeof name !== "string" || !Object.hasOwn(table, name)) {
    throw new GradscopeError(`${field}: ${show(name)} is not a known ${what}; allowed: ${Object.keys(table).join(", ")}`);
  }
  return name as K;
}
