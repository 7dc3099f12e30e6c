import type { ClipSpec } from "../../nn/clipping.js";
import type { InitSpec } from "../../nn/initializers.js";
import type { LossName } from "../../nn/losses.js";
import type { NetworkSpec, NormSpec, ResidualSpec } from "../../nn/network-spec.js";
import type { OptimizerSpec } from "../../nn/optim/index.js";
import type { ScheduleSpec } from "../../nn/schedules.js";
import type { DatasetName } from "../datasets/table.js";
import type { HistogramSpec } from "../../probes/histogram.js";

/** The data set names of the `data.name` field: the datasets table's, and csv. */
export type DataName = DatasetName | "csv";

/** The compute engines: WebAssembly (auto-detected, plain SIMD, relaxed SIMD) or the TypeScript reference kernels. */
export type EngineName = "wasm" | "simd" | "relaxed-simd" | "reference";

/**
 * The data section: a built-in set by name with its own options (n, classes, noise, dimension, …:
 * see the datasets table), or a CSV file (`path`, `labelColumn`), then a seeded train/test split
 * and optional standardization.
 */
export interface DataConfig {
  name: DataName;
  /** Share of the examples held out for evaluation, in (0, 1). */
  testFraction: number;
  /** Keep each class's share in both parts of the split. */
  stratify: boolean;
  /** Scale every input feature to mean 0 and variance 1 (statistics of the training split). */
  standardize: boolean;
  /** csv: the file to read (the CLI reads it; the browser uploads it). */
  path?: string;
  /** csv: the label column, by header name or 0-based index (default: the last column). */
  labelColumn?: string | number;
  /** The set's own options, by the datasets table's names. */
  [option: string]: unknown;
}

/**
 * The model section: the hidden layers as depth × width or as a list of widths (one form only),
 * and how they are built. The rest mirrors NetworkSpec field for field.
 */
export interface ModelConfig {
  /** Number of hidden layers (with width; absent when widths is given). */
  depth?: number;
  /** Units per hidden layer (with depth; absent when widths is given). */
  width?: number;
  /** Hidden widths first to last (replaces depth and width). */
  widths?: number[];
  activation: NetworkSpec["activation"];
  init: string | InitSpec;
  /** The output head's weight initializer; null: the same as init. */
  headInit: string | InitSpec | null;
  biasInit: string | InitSpec;
  bias: boolean;
  norm: NormSpec;
  residual: ResidualSpec;
  dropout: number;
}

/** The optimizer section: an optimizer by name with its options, and the base learning rate. */
export type OptimizerConfig = OptimizerSpec & { lr: number };

/** The train section: how long (steps or epochs, one only), the batch size and the evaluation cadence. */
export interface TrainConfig {
  steps?: number;
  epochs?: number;
  batch: number;
  /** Evaluate on the test split every this many steps (0: only at the end). */
  evalEvery: number;
}

/** The probes section: how often the per-layer statistics are recorded and how activations are binned (RecorderOptions). */
export interface ProbesConfig {
  /** Record step 1 and every step divisible by this. */
  every: number;
  /** Activation histogram: `bins` equal bins over [lo, hi), plus under- and overflow. */
  histogram: HistogramSpec;
  /** Stop at the first NaN or ±Inf. */
  sentinel: boolean;
}

/** L1 and L2 penalty coefficients on the weights. */
export interface RegularizationConfig {
  l1: number;
  l2: number;
}

/** One experiment: everything a run needs, every field with a default (see defaultConfig). */
export interface ExperimentConfig {
  seed: number;
  data: DataConfig;
  model: ModelConfig;
  loss: LossName;
  optimizer: OptimizerConfig;
  schedule: ScheduleSpec;
  clip: ClipSpec | null;
  regularization: RegularizationConfig;
  train: TrainConfig;
  probes: ProbesConfig;
  engine: EngineName;
}

/** A partial config as a file, the flags or a URL give it: any field may be missing. */
export type PartialConfig = { [K in keyof ExperimentConfig]?: unknown };
