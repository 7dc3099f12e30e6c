/** A partial experiment config as plain JSON: any subset of the fields of ExperimentConfig, nested. */
export type PresetPatch = { [field: string]: unknown };

/**
 * A built-in experiment that reproduces a classic result: a base config, the contrasting runs
 * of its story as patches over the base, and what the published work found.
 */
export interface Preset {
  /** The key of the presets table: what `gradscope run --preset NAME` takes. */
  name: string;
  /** One line for menus and report titles. */
  title: string;
  /** A paragraph in the seed's terms: what you will see and why. */
  story: string;
  /** The base experiment: a partial config (resolveConfig fills in the rest). */
  config: PresetPatch;
  /** The contrasting runs, by label: patches merged over `config` (absent: the base is the only run). */
  variants?: Record<string, PresetPatch>;
  /**
   * A smaller version of the same story for tests and quick demos: a patch applied after each
   * variant that shortens training or shrinks the data; it never changes what is compared.
   */
  quick?: PresetPatch;
  /** The published outcome in one sentence. */
  expectation: string;
  /** The paper (or source) of the result. */
  reference: string;
}
