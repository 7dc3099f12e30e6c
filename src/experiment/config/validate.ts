import { GradscopeError } from "../../core/errors.js";
import { defaultConfig } from "./defaults.js";
import { deepChecks } from "./deep-checks.js";
import { experimentFields } from "./experiment-fields.js";
import { mergeField } from "./merge.js";
import type { ExperimentConfig } from "./types.js";

/** One wrong field: its path ("model.norm.kind"), the message (path, value given, what is allowed) and, from a file, where it is. */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A config with problems: the message lists every one, each with its path (and file position when known). */
export class ConfigError extends GradscopeError {
  constructor(readonly problems: ConfigProblem[], readonly source?: string) {
    super(formatProblems(problems, source));
    this.name = "ConfigError";
  }
}

function locate(p: ConfigProblem, source: string | undefined): string {
  if (p.line === undefined) return source === undefined ? "" : `${source}: `;
  return `${source ?? "config"}:${p.line}:${p.column ?? 1}: `;
}

/** "exp.yaml:3:5: model.widht: unknown field; did you mean "width"?", or a count and one line per problem. */
export function formatProblems(problems: readonly ConfigProblem[], source?: string): string {
  if (problems.length === 1) return `${locate(problems[0], source)}${problems[0].message}`;
  const head = `${source === undefined ? "" : `${source}: `}${problems.length} problems in the experiment config:`;
  return [head, ...problems.map((p) => `  ${locate(p, source)}${p.message}`)].join("\n");
}

/**
 * `partial` merged over `base` (a complete, valid config) and checked: the structure, names and
 * ranges along the field tree, then each section by its own nn validator. Never throws for a
 * bad config: the problems come back with a best-effort merge.
 */
export function checkConfig(base: ExperimentConfig, partial: unknown): { config: ExperimentConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const report = (path: string, message: string) => {
    if (!problems.some((p) => p.message === message)) problems.push({ path, message });
  };
  const config = mergeField(experimentFields, partial ?? {}, base, "", report) as ExperimentConfig;
  const bad = (section: string) => problems.some((p) => p.path === "" || p.path === section || p.path.startsWith(`${section}.`) || p.path.startsWith(`${section}[`));
  deepChecks(config, bad, report);
  return { config, problems };
}

/**
 * Every problem of a partial config (from a file, or built by code), each with its path, the
 * value given and what is allowed; [] when it resolves.
 *
 * @example
 * validateConfig({ model: { widht: 64, activation: "sigmoidd" } }).map((p) => p.message);
 * // ['model.widht: unknown field; did you mean "width"?',
 * //  'model.activation: "sigmoidd" is not allowed; expected one of sigmoid, tanh, …; did you mean "sigmoid"?']
 */
export function validateConfig(partial: unknown): ConfigProblem[] {
  return checkConfig(defaultConfig, partial).problems;
}

/**
 * The complete config: `partial` deep-merged over defaultConfig and validated; throws a
 * ConfigError listing every problem. `{}` (or undefined) gives the defaults.
 *
 * @example
 * const config = resolveConfig({ model: { depth: 30, activation: "relu", init: "heNormal" } });
 */
export function resolveConfig(partial: unknown, source?: string): ExperimentConfig {
  const { config, problems } = checkConfig(defaultConfig, partial);
  if (problems.length > 0) throw new ConfigError(problems, source);
  return config;
}
