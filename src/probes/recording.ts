/**
 * The columnar record of a training run's statistics: one Float64Array per metric (per layer
 * for layer metrics), indexed by record r = 0…count−1; `steps[r]` is the 1-based training
 * step of record r. Arrays may be longer than `count` (capacity); only [0, count) is valid.
 * Diagnosis reads only this structure, so it is the contract between probes and diagnosis.
 */
export interface Recording {
  /** Number of hidden layers L; layer arrays are indexed l = 0…L−1 for layers 1…L. */
  readonly depth: number;
  /** Per hidden layer: activation name, sup|φ'|, and whether its units can die (ReLU). */
  readonly layerInfo: readonly LayerInfo[];
  /** Records filled so far. */
  count: number;
  /** Training step of each record. */
  steps: Int32Array;
  /** Per-step scalars by name (see ScalarMetric). */
  scalars: Record<ScalarMetric, Float64Array>;
  /** Per-layer metrics: metric → one array per layer (see LayerMetric). */
  layers: Record<LayerMetric, Float64Array[]>;
  /**
   * Activation histograms: fixed bin edges (bins + 1 values), and per layer a [records × bins] count matrix.
   * The first and last edges are −∞ and +∞: bins 0 and bins − 1 are the under- and overflow (see histogram.ts).
   */
  histogram: { edges: Float64Array; counts: Uint32Array[] };
  /** The first non-finite value seen, or null. */
  nonFinite: NonFiniteEvent | null;
}

/** What the table of activations says about a hidden layer. */
export interface LayerInfo {
  activation: string;
  maxDerivative: number;
  canDie: boolean;
}

/**
 * Per-step scalars: loss (total), lossData and lossPenalty (the terms), accuracy (NaN where it
 * does not apply), lr, clipNormBefore / clipNormAfter (NaN without clipping), clipFired (0/1).
 */
export type ScalarMetric = "loss" | "lossData" | "lossPenalty" | "accuracy" | "lr" | "clipNormBefore" | "clipNormAfter" | "clipFired";

/**
 * Per-layer metrics of hidden layer l:
 * deltaNorm ‖δ_l‖ = ‖∂L/∂h_l‖ (Frobenius, over the batch); weightGradNorm ‖∂L/∂W_l‖;
 * biasGradNorm ‖∂L/∂b_l‖ (NaN without bias); weightNorm ‖W_l‖ before the update; updateRatio
 * ‖ΔW_l‖/‖W_l‖ with ΔW_l the update applied (W_l after − W_l before, as stored);
 * actMean, actStd of a_l over batch and units; saturatedFraction: share of (example, unit) with
 * |φ'(z)| < 1% of sup|φ'| (z = φ's input); deadFraction: share of units that are 0 for every
 * example of the batch (ReLU family; 0 otherwise).
 */
export type LayerMetric =
  | "deltaNorm" | "weightGradNorm" | "biasGradNorm" | "weightNorm" | "updateRatio"
  | "actMean" | "actStd" | "saturatedFraction" | "deadFraction";

/** Where a NaN or ±Inf first appeared: step, layer (1-based; 0 for the loss/head), pass and tensor. */
export interface NonFiniteEvent {
  step: number;
  layer: number;
  pass: "forward" | "backward" | "update";
  /** E.g. "h" (pre-activation), "a" (activation), "loss", "delta", "grad.layers.3.weight", "layers.3.weight". */
  tensor: string;
  value: number;
}

/** All scalar metric names. */
export const scalarMetrics: readonly ScalarMetric[] = ["loss", "lossData", "lossPenalty", "accuracy", "lr", "clipNormBefore", "clipNormAfter", "clipFired"];

/** All layer metric names. */
export const layerMetrics: readonly LayerMetric[] = ["deltaNorm", "weightGradNorm", "biasGradNorm", "weightNorm", "updateRatio", "actMean", "actStd", "saturatedFraction", "deadFraction"];
