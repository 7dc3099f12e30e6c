import { GradscopeError } from "../../core/errors.js";
import { keyTarget, setIn } from "./paths.js";
import { ConfigError, checkConfig, type ConfigProblem } from "./validate.js";
import { parseValue } from "./values.js";
import type { ExperimentConfig } from "./types.js";

/** How override errors name their source: "--depth" for a flag (the default), "depth=" for a URL parameter. */
export type Label = (key: string) => string;

/** Options of applyOverrides. */
export interface OverrideOptions {
  /** How errors name a key (default "--key"). */
  label?: Label;
  /** Accept the short flags of flagAliases (default true; URLs use paths only). */
  aliases?: boolean;
}

/** One override set: the config path, its parsed value, and the flag (key) that set it. */
interface Setting {
  path: string;
  value: unknown;
  key: string;
}

function settingsOf(key: string, raw: string, label: Label, aliases: boolean): Setting[] {
  const target = keyTarget(key, aliases);
  if ("error" in target) {
    if (target.bare) throw new GradscopeError(`${label(key)}: unknown option${target.near === undefined ? "" : `; did you mean ${label(target.near)}?`}`);
    const own = target.error.startsWith(`${key}:`);
    throw new GradscopeError(own ? `${label(key)}${target.error.slice(key.length)}` : `${label(key)}: ${target.error}`);
  }
  const settings = [{ path: target.path, value: parseValue(target.field, raw, label(key)), key }];
  for (const [p, v] of Object.entries(target.also)) settings.push({ path: p, value: v, key });
  return settings;
}

/** The problem's message led by the flag that caused it: "--depth: model.depth: 0 is not allowed; …". */
function blame(problem: ConfigProblem, settings: Setting[], label: Label): ConfigProblem {
  const cause = settings.filter((s) => problem.path === s.path || problem.path.startsWith(`${s.path}.`) || problem.path.startsWith(`${s.path}[`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (cause === undefined) return problem;
  const flag = label(cause.key);
  const own = cause.key === problem.path && problem.message.startsWith(`${problem.path}:`);
  return { ...problem, message: own ? `${flag}${problem.message.slice(problem.path.length)}` : `${flag}: ${problem.message}` };
}

/**
 * The config with `overrides` applied: keys are dotted paths ("model.depth", "optimizer.lr") or
 * short flags (flagAliases: "depth", "lr", "clip-norm"); values are text, parsed by the field's
 * type. The result is validated as a whole; errors name the flag (options.label).
 *
 * @example
 * applyOverrides(config, { depth: "30", "optimizer.lr": "0.1", activation: "relu" });
 */
export function applyOverrides(config: ExperimentConfig, overrides: Readonly<Record<string, string>>, options: OverrideOptions = {}): ExperimentConfig {
  const label = options.label ?? ((k: string) => `--${k}`);
  const settings = Object.entries(overrides).flatMap(([key, raw]) => settingsOf(key, raw, label, options.aliases ?? true));
  // NOTE: shorter paths first, so that "model.init=heNormal" lands before "model.init.mode=fanOut".
  settings.sort((a, b) => a.path.split(".").length - b.path.split(".").length);
  const partial: Record<string, unknown> = {};
  const setBy = new Map<string, Setting>();
  for (const s of settings) {
    const earlier = setBy.get(s.path);
    if (earlier !== undefined && JSON.stringify(earlier.value) !== JSON.stringify(s.value)) {
      throw new GradscopeError(`${label(earlier.key)} and ${label(s.key)}: both set ${s.path}; give one of them`);
    }
    setBy.set(s.path, s);
    setIn(partial, s.path, s.value);
  }
  const { config: result, problems } = checkConfig(config, partial);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => blame(p, settings, label)));
  return result;
}
