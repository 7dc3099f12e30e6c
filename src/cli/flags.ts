import { GradscopeError } from "../core/errors.js";
import { flagAliases } from "../experiment/config/aliases.js";
import { closest } from "../experiment/config/suggest.js";

/** A command's own option: a value-taking flag (repeatable or not) or a switch. */
export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
}

/** What parseFlags read: positionals, the command's own options, and config overrides (flag or path → text). */
export interface ParsedFlags {
  positionals: string[];
  /** Own options by name: a string, a string[] (multiple), or true (switch). */
  options: Record<string, string | string[] | boolean>;
  /** Config overrides in the order given: short flags of flagAliases, dotted paths (--model.norm.placement), and --set path=value. */
  overrides: Record<string, string>;
}

/** Options of parseFlags. */
export interface FlagOptions {
  /** Accept the config flags (flagAliases, --a.b.c paths and --set path=value). */
  config?: boolean;
  /** Most positionals accepted (default 1). */
  maxPositionals?: number;
}

function addOverride(overrides: Record<string, string>, key: string, value: string, flag: string): void {
  if (Object.hasOwn(overrides, key) && overrides[key] !== value) {
    throw new GradscopeError(`${flag}: ${key} is set twice (to "${overrides[key]}" and "${value}"); give it once`);
  }
  overrides[key] = value;
}

/**
 * Parses `--name value`, `--name=value`, switches and positionals. With `config`, every short flag
 * of flagAliases, any `--dotted.config.path value` and `--set path=value` become overrides for
 * applyOverrides. An unknown flag is an error that suggests the nearest known one.
 *
 * @example
 * parseFlags(["exp.yaml", "--depth", "30", "--json"], { json: { type: "boolean" } }, { config: true });
 * // { positionals: ["exp.yaml"], options: { json: true }, overrides: { depth: "30" } }
 */
export function parseFlags(argv: readonly string[], own: Readonly<Record<string, OptionSpec>>, options: FlagOptions = {}): ParsedFlags {
  const out: ParsedFlags = { positionals: [], options: {}, overrides: {} };
  const config = options.config ?? false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      if (arg === "--") { out.positionals.push(...argv.slice(i + 1)); break; }
      if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) throw new GradscopeError(`${arg}: unknown option; options are written --name (run with --help)`);
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const spec = Object.hasOwn(own, name) ? own[name] : undefined;
    const isConfig = config && (name === "set" || Object.hasOwn(flagAliases, name) || name.includes("."));
    if (spec === undefined && !isConfig) {
      const known = [...Object.keys(own), ...(config ? ["set", ...Object.keys(flagAliases)] : [])];
      const near = closest(name, known);
      throw new GradscopeError(`--${name}: unknown option${near === undefined ? "" : `; did you mean --${near}?`} (run with --help for the list)`);
    }
    if (spec?.type === "boolean") {
      if (inline !== undefined) throw new GradscopeError(`--${name} is a switch and takes no value (got "${inline}")`);
      out.options[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith("--") && argv[i + 1] !== "--")) throw new GradscopeError(`--${name}: a value is missing`);
      value = argv[++i];
    }
    if (spec !== undefined) {
      if (spec.multiple === true) out.options[name] = [...((out.options[name] as string[] | undefined) ?? []), value];
      else out.options[name] = value;
    } else if (name === "set") {
      const at = value.indexOf("=");
      if (at <= 0) throw new GradscopeError(`--set: "${value}" is not path=value (e.g. --set model.norm.kind=batch)`);
      addOverride(out.overrides, value.slice(0, at).trim(), value.slice(at + 1), "--set");
    } else {
      addOverride(out.overrides, name, value, `--${name}`);
    }
  }
  const max = options.maxPositionals ?? 1;
  if (out.positionals.length > max) {
    throw new GradscopeError(`unexpected argument "${out.positionals[max]}"${max === 0 ? "; this command takes no file" : ` (at most ${max} expected)`}`);
  }
  return out;
}

/** An option's text value, or undefined. */
export function stringOption(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.options[name];
  return typeof v === "string" ? v : undefined;
}

/** Whether a switch was given. */
export function switchOption(flags: ParsedFlags, name: string): boolean {
  return flags.options[name] === true;
}

/** An option parsed as a number in [min, max] (integer when asked), naming the flag in the error. */
export function numberOption(flags: ParsedFlags, name: string, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  const text = stringOption(flags, name);
  if (text === undefined) return fallback;
  const v = Number(text);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (text.trim() === "" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    const want = `${integer ? "a whole number" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}${max < Infinity ? ` and ≤ ${max}` : ""}`;
    throw new GradscopeError(`--${name}: "${text}" is not allowed; expected ${want}`);
  }
  return v;
}
