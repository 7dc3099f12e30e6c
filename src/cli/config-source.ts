import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { GradscopeError } from "../core/errors.js";
import { applyOverrides, defaultConfig, formatOf, parseConfig, resolveConfig, type ExperimentConfig } from "../experiment/config/index.js";
import { getPreset, presetConfigs } from "../experiment/presets/index.js";
import type { RunStore } from "../store/index.js";
import { stringOption, type ParsedFlags } from "./flags.js";
import { noStore, openExistingStore, parseRunId, runById } from "./open-store.js";

/** Where a command's experiment comes from: a file, a stored run, or the defaults; then flag overrides. */
export interface ConfigSource {
  /** An experiment file (JSON, or YAML by its .yaml/.yml name). */
  file?: string;
  /** A stored run id whose resolved config is repeated. */
  from?: { store: RunStore; id: number };
  /** A built-in experiment "NAME" or "NAME:VARIANT" (default: its first variant). */
  preset?: string;
  /** Config overrides: short flags and dotted paths → text (applyOverrides). */
  overrides?: Readonly<Record<string, string>>;
}

/** The experiment file's text, or a one-line error naming the path. */
export function readExperimentFile(file: string): string {
  if (!existsSync(file)) throw new GradscopeError(`${file}: no such experiment file`);
  if (statSync(file).isDirectory()) throw new GradscopeError(`${file}: is a folder, not an experiment file`);
  return readFileSync(file, "utf8");
}

/** The config with a relative csv `data.path` made absolute against `base` (so that a stored run can be repeated from anywhere). */
function anchorCsv(config: ExperimentConfig, base: string): ExperimentConfig {
  const path = config.data.path;
  if (config.data.name !== "csv" || path === undefined || isAbsolute(path)) return config;
  return { ...config, data: { ...config.data, path: resolve(base, path) } };
}

/**
 * The resolved config of a command: the file (a csv path in it is relative to the file's
 * folder) or the stored run's config or the defaults, then the overrides (a csv path given by a
 * flag is relative to the working directory). One GradscopeError names any problem.
 *
 * @example
 * const config = loadConfig({ file: "exp.yaml", overrides: { depth: "30" } });
 */
export function loadConfig(source: ConfigSource): ExperimentConfig {
  const given = [source.file === undefined ? "" : "an experiment file", source.from === undefined ? "" : "--from RUN", source.preset === undefined ? "" : "--preset NAME"].filter((x) => x !== "");
  if (given.length > 1) throw new GradscopeError(`give one of an experiment file, --from RUN or --preset NAME, not ${given.join(" and ")}`);
  let config: ExperimentConfig;
  if (source.preset !== undefined) {
    config = presetConfig(source.preset);
  } else if (source.file !== undefined) {
    config = anchorCsv(parseConfig(readExperimentFile(source.file), formatOf(source.file), source.file), dirname(resolve(source.file)));
  } else if (source.from !== undefined) {
    const run = runById(source.from.store, source.from.id);
    config = resolveConfig(run.config, `run ${run.id}`);
  } else {
    config = resolveConfig({ ...defaultConfig });
  }
  const overrides = source.overrides ?? {};
  if (Object.keys(overrides).length > 0) config = applyOverrides(config, overrides);
  return anchorCsv(config, process.cwd());
}

/** The config of "NAME" or "NAME:VARIANT" of the presets table (without a variant: the first one). */
export function presetConfig(spec: string): ExperimentConfig {
  const [name, variant] = spec.split(":", 2);
  const runs = presetConfigs(getPreset(name).name);
  if (variant === undefined) return runs[0].config;
  const run = runs.find((r) => r.label === variant);
  if (run === undefined) throw new GradscopeError(`--preset: ${name} has no variant "${variant}"; its variants: ${runs.map((r) => r.label).join(", ")}`);
  return run.config;
}

/** Reads a csv data file for prepareData, with a one-line error naming the config path. */
export function readCsvFile(path: string): string {
  if (!existsSync(path)) throw new GradscopeError(`data.path: ${path}: no such CSV file`);
  return readFileSync(path, "utf8");
}

/** The options every experiment-taking command accepts besides the config flags. */
export const experimentOptions = { from: { type: "string" }, store: { type: "string" }, preset: { type: "string" } } as const;

/** The config of a command line: FILE, --from RUN (from --store), --preset NAME[:VARIANT] or the defaults, then the config flags. */
export function configOfFlags(flags: ParsedFlags): ExperimentConfig {
  const from = stringOption(flags, "from");
  const file = flags.positionals[0];
  const preset = stringOption(flags, "preset");
  if (from === undefined) return loadConfig({ file, overrides: flags.overrides, ...(preset === undefined ? {} : { preset }) });
  const id = parseRunId(from, "--from");
  const store = openExistingStore(stringOption(flags, "store"));
  if (store === null) throw noStore(id, stringOption(flags, "store"));
  try {
    return loadConfig({ file, from: { store, id }, overrides: flags.overrides, ...(preset === undefined ? {} : { preset }) });
  } finally {
    store.close();
  }
}
