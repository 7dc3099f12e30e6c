// Synthetic Recordings for the diagnosis tests: built from per-layer arrays (or functions), with
// spare capacity filled with absurd values that no rule may read.
import { Rng } from "../../src/core/index.js";
import { diagnose, type DiagnosisContext, type Finding, type FindingKind } from "../../src/diagnosis/index.js";
import { activations, type ActivationName } from "../../src/nn/index.js";
import {
  layerMetrics, scalarMetrics, type LayerMetric, type NonFiniteEvent, type Recording, type ScalarMetric,
} from "../../src/probes/recording.js";

/** One value per record: a constant, an array, or a function of the record index r. */
export type Series = number | readonly number[] | ((r: number) => number);

/** A constant for every layer and record, one Series per layer, or a function of (0-based layer l, record r). */
export type LayerSeries = number | readonly Series[] | ((l: number, r: number) => number);

/** What a synthetic recording is made of; unspecified metrics are NaN (not recorded). */
export interface SyntheticSpec {
  depth: number;
  records: number;
  /** One activation for every layer or one per layer (default "tanh"). */
  activation?: ActivationName | readonly ActivationName[];
  /** Training step of record r (default r + 1). */
  step?: (r: number) => number;
  scalars?: Partial<Record<ScalarMetric, Series>>;
  layers?: Partial<Record<LayerMetric, LayerSeries>>;
  nonFinite?: NonFiniteEvent | null;
}

/** The garbage written beyond `count`, to prove that rules stop at count. */
const BEYOND = 1e30;

const valueOf = (s: Series, r: number): number => (typeof s === "number" ? s : typeof s === "function" ? s(r) : s[r]);

function layerValue(s: LayerSeries, l: number, r: number): number {
  if (typeof s === "number") return s;
  if (typeof s === "function") return s(l, r);
  return valueOf(s[l], r);
}

/** A Recording from per-layer series, with capacity for 3 extra records that hold garbage. */
export function makeRecording(spec: SyntheticSpec): Recording {
  const { depth, records: n } = spec;
  const cap = n + 3;
  const act = spec.activation ?? "tanh";
  const names = typeof act === "string" ? Array.from({ length: depth }, () => act) : [...act];
  const fill = (f: (r: number) => number) => Float64Array.from({ length: cap }, (_, r) => (r < n ? f(r) : BEYOND));
  const scalars = Object.fromEntries(scalarMetrics.map((m) => {
    const s = spec.scalars?.[m];
    return [m, fill((r) => (s === undefined ? NaN : valueOf(s, r)))];
  })) as Record<ScalarMetric, Float64Array>;
  const layers = Object.fromEntries(layerMetrics.map((m) => {
    const s = spec.layers?.[m];
    return [m, Array.from({ length: depth }, (_, l) => fill((r) => (s === undefined ? NaN : layerValue(s, l, r))))];
  })) as Record<LayerMetric, Float64Array[]>;
  const bins = 4;
  return {
    depth,
    layerInfo: names.map((name) => ({ activation: name, maxDerivative: activations[name].maxDerivative(activations[name].alpha), canDie: activations[name].canDie })),
    count: n,
    steps: Int32Array.from({ length: cap }, (_, r) => (r < n ? (spec.step ?? ((i) => i + 1))(r) : 1e9)),
    scalars,
    layers,
    histogram: { edges: Float64Array.from([-2, -1, 0, 1, 2]), counts: Array.from({ length: depth }, () => new Uint32Array(cap * bins)) },
    nonFinite: spec.nonFinite ?? null,
  };
}

/** Multiplicative noise 1 ± amp, seeded per (metric, layer, record) so that series are reproducible. */
export function noise(seed: number, amp = 0.1): (l: number, r: number) => number {
  return (l, r) => 1 + amp * (2 * new Rng(seed * 7919 + l * 104729 + r).uniform() - 1);
}

/**
 * A healthy run: loss falling 0.7 → ~0.25 with ±3% noise, accuracy rising, ‖δ_l‖ gently shrinking
 * toward the input (‖δ_1‖/‖δ_L‖ = 0.4, ±20% noise), ‖∂L/∂W_l‖ ≈ 0.1, ‖W_l‖ ≈ 5, update ratios ≈ 2e-3 (±30%),
 * saturated 2%, no dead units (5% for ReLU layers); `over` replaces any part.
 */
export function healthySpec(depth: number, records: number, over: Partial<SyntheticSpec> = {}): SyntheticSpec {
  const n1 = noise(1, 0.03), n2 = noise(2, 0.2), n3 = noise(3, 0.3);
  const act = over.activation ?? "tanh";
  const dies = (l: number) => activations[typeof act === "string" ? act : act[l]].canDie;
  return {
    depth, records, activation: act,
    ...over,
    scalars: {
      loss: (r) => (0.2 + 0.5 * Math.exp(-(3 * r) / records)) * n1(0, r),
      lossData: (r) => (0.2 + 0.5 * Math.exp(-(3 * r) / records)) * n1(0, r),
      lossPenalty: 0, accuracy: (r) => 0.5 + 0.4 * (1 - Math.exp(-(3 * r) / records)), lr: 0.1, clipFired: 0,
      ...over.scalars,
    },
    layers: {
      deltaNorm: (l, r) => geometricDelta(depth, 0.4)(l) * n2(l, r),
      weightGradNorm: (l, r) => 0.1 * n2(l + 50, r),
      biasGradNorm: (l, r) => 0.02 * n2(l + 100, r),
      weightNorm: 5,
      updateRatio: (l, r) => 2e-3 * n3(l, r),
      actMean: 0, actStd: 0.6,
      saturatedFraction: (l) => (dies(l) ? 0.5 : 0.02),
      deadFraction: (l) => (dies(l) ? 0.05 : 0),
      ...over.layers,
    },
  };
}

/** A healthy recording, with parts replaced (see healthySpec). */
export const healthy = (depth: number, records: number, over: Partial<SyntheticSpec> = {}): Recording =>
  makeRecording(healthySpec(depth, records, over));

/** δ_l = top·ratio^((L−1−l)/(L−1)): a clean geometric profile with ‖δ_1‖/‖δ_L‖ = ratio. */
export const geometricDelta = (depth: number, ratio: number, top = 0.05) => (l: number): number =>
  top * ratio ** ((depth - 1 - l) / (depth - 1));

/** The finding of one kind that `diagnose` returns for a recording (undefined when none). */
export function findingOf(kind: FindingKind, rec: Recording, ctx?: DiagnosisContext): Finding | undefined {
  return diagnose(rec, ctx).find((f) => f.kind === kind);
}

/** The remedy ids of a finding, in rank order. */
export const remedyIds = (f: Finding | undefined): string[] => (f === undefined ? [] : f.remedies.map((r) => r.id));

/** An evidence value by (a part of) its name. */
export function evidence(f: Finding | undefined, name: string): number {
  const e = f?.evidence.find((x) => x.name.includes(name));
  if (e === undefined) throw new Error(`no evidence "${name}" in ${JSON.stringify(f?.evidence)}`);
  return e.value;
}
