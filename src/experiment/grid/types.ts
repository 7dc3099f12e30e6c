import type { ExperimentConfig } from "../config/types.js";

/**
 * A grid of experiments: a base (a partial config, or a complete one) and axes, each a config
 * path or short flag (flagAliases) → the values it takes. The grid is every combination, the
 * first axis varying slowest.
 *
 * @example
 * { base: { model: { width: 32 } }, axes: { "model.activation": ["sigmoid", "relu"], "model.depth": [10, 30], seed: [1, 2] } }
 */
export interface GridSpec {
  base?: unknown;
  axes: Record<string, readonly unknown[]>;
}

/** One run of a grid: its position, a name from its axis values, those values, and the resolved config. */
export interface GridRun {
  /** 0-based position in the grid (row-major over the axes). */
  index: number;
  /** "activation=relu depth=30 seed=2" ("base" for a grid with no axes). */
  name: string;
  /** Axis key (as given) → this run's value. */
  values: Record<string, unknown>;
  config: ExperimentConfig;
}
