import { GradscopeError } from "../../core/errors.js";

/** One option of a data set: its type, default, allowed range or values, and a line of documentation. */
export type OptionSpec =
  | { readonly type: "int"; readonly default: number; readonly min: number; readonly max?: number; readonly doc: string }
  | {
    readonly type: "number"; readonly default: number; readonly min: number; readonly max?: number;
    readonly exclusive?: boolean; readonly doc: string;
  }
  | { readonly type: "choice"; readonly default: string | number; readonly values: readonly (string | number)[]; readonly doc: string };

/** A data set's options by name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<O> = O extends { type: "choice"; values: readonly (infer V)[] } ? V : number;

/** Every option of `S` with its value filled in. */
export type Resolved<S extends OptionSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** "an integer ≥ 2", "a number in (0, 1)", "one of "linear", "teacher"": what an option allows. */
export function describeOption(spec: OptionSpec): string {
  if (spec.type === "choice") return `one of ${spec.values.map((v) => JSON.stringify(v)).join(", ")}`;
  const what = spec.type === "int" ? "an integer" : "a number";
  const open = spec.type === "number" && spec.exclusive === true;
  if (spec.max === undefined) return `${what} ${open ? ">" : "≥"} ${spec.min}`;
  return `${what} in ${open ? "(" : "["}${spec.min}, ${spec.max}${open ? ")" : "]"}`;
}

/** Whether `v` is allowed by `spec`. */
function allows(spec: OptionSpec, v: unknown): boolean {
  if (spec.type === "choice") return spec.values.includes(v as string | number);
  if (typeof v !== "number" || !Number.isFinite(v)) return false;
  if (spec.type === "int" && !Number.isInteger(v)) return false;
  const open = spec.type === "number" && spec.exclusive === true;
  if (open ? v <= spec.min : v < spec.min) return false;
  return spec.max === undefined || (open ? v < spec.max : v <= spec.max);
}

/** How a value given by the user prints in an error: strings quoted, everything else as JSON. */
export function showValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  return v === undefined ? "undefined" : JSON.stringify(v) ?? String(v);
}

/**
 * The options of data set `set` with defaults filled in; an unknown name or a value out of range
 * throws an error naming the field, e.g. "data.noise: -1 is not allowed; expected a number ≥ 0".
 */
export function resolveOptions<S extends OptionSpecs>(set: string, specs: S, given: Readonly<Record<string, unknown>>, path = "data"): Resolved<S> {
  const names = Object.keys(specs);
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(specs, key)) {
      const allowed = names.length === 0 ? "it takes no options" : `expected one of ${names.join(", ")}`;
      throw new GradscopeError(`${path}.${key} is not an option of ${set}; ${allowed}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = specs[name];
    const v = given[name] ?? spec.default;
    if (!allows(spec, v)) throw new GradscopeError(`${path}.${name}: ${showValue(v)} is not allowed; expected ${describeOption(spec)}`);
    out[name] = v;
  }
  return out as Resolved<S>;
}
