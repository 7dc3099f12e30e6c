import { GradscopeError } from "../../core/errors.js";
import { defaultConfig } from "../config/defaults.js";
import { setIn } from "../config/paths.js";
import type { ExperimentConfig } from "../config/types.js";
import { ConfigError, checkConfig, formatProblems } from "../config/validate.js";
import { axisOf, valueLabel, type Axis } from "./axis.js";
import type { GridRun, GridSpec } from "./types.js";

/** At most this many runs in one grid (a typo in an axis should not start a week of training). */
export const maxGridRuns = 10_000;

/**
 * Every combination of a grid's axis values applied to its base, as named, resolved configs
 * (first axis slowest). Errors name the axis: an unknown path, an empty axis, or a value the
 * config rejects ("axis model.depth = 0: model.depth: 0 is not allowed; …").
 *
 * @example
 * expandGrid({ axes: { activation: ["sigmoid", "relu"], depth: [10, 30] } }).map((r) => r.name);
 * // ["activation=sigmoid depth=10", "activation=sigmoid depth=30", "activation=relu depth=10", "activation=relu depth=30"]
 */
export function expandGrid(spec: GridSpec, source = "grid"): GridRun[] {
  const base = resolveBase(spec.base, source);
  const axes: Axis[] = Object.keys(spec.axes).map((key) => axisOf(key, `${source}: axis`));
  for (const a of axes) {
    const values = spec.axes[a.key];
    if (!Array.isArray(values) || values.length === 0) throw new GradscopeError(`${source}: axis "${a.key}": give a non-empty list of values`);
  }
  const total = axes.reduce((n, a) => n * spec.axes[a.key].length, 1);
  if (total > maxGridRuns) throw new GradscopeError(`${source}: the grid has ${total} runs; at most ${maxGridRuns}`);
  const runs: GridRun[] = [];
  for (let index = 0; index < total; index++) {
    let rest = index;
    const picked: { axis: Axis; value: unknown }[] = [];
    for (let i = axes.length - 1; i >= 0; i--) {
      const values = spec.axes[axes[i].key];
      picked.unshift({ axis: axes[i], value: values[rest % values.length] });
      rest = Math.floor(rest / values.length);
    }
    const partial: Record<string, unknown> = {};
    for (const { axis, value } of picked) {
      setIn(partial, axis.path, value);
      for (const [p, v] of Object.entries(axis.also)) setIn(partial, p, v);
    }
    const { config, problems } = checkConfig(base, partial);
    if (problems.length > 0) {
      const p = problems[0];
      const cause = picked.find(({ axis }) => p.path === axis.path || p.path.startsWith(`${axis.path}.`) || p.path.startsWith(`${axis.path}[`) || axis.path.startsWith(`${p.path}.`)) ?? picked[0];
      const at = cause === undefined ? "" : `axis ${cause.axis.path} = ${valueLabel(cause.value)}: `;
      throw new GradscopeError(`${source}: ${at}${formatProblems(problems)}`);
    }
    const name = picked.length === 0 ? "base" : picked.map(({ axis, value }) => `${axis.label}=${valueLabel(value)}`).join(" ");
    runs.push({ index, name, values: Object.fromEntries(picked.map(({ axis, value }) => [axis.key, value])), config });
  }
  return runs;
}

/** The base config: a complete config as it is (validated), or a partial one over the defaults. */
function resolveBase(base: unknown, source: string): ExperimentConfig {
  if (base === undefined) return defaultConfig;
  if (typeof base !== "object" || base === null || Array.isArray(base)) throw new GradscopeError(`${source}: base: expected an object (a partial experiment config)`);
  const { config, problems } = checkConfig(defaultConfig, base);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => ({ ...p, message: `base.${p.message}` })), source);
  return config;
}
