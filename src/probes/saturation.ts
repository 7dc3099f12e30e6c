import type { FloatArray } from "../core/dtype.js";
import { activationDerivative, activations, type ActivationSpec } from "../nn/activations.js";

/** A unit is saturated where |φ'(z)| < SATURATION_LEVEL · sup|φ'| (shared/DESIGN.md: 1%). */
export const SATURATION_LEVEL = 0.01;

/** Counts the saturated elements of one layer, #{i : |φ'(z_i)| < 1%·sup|φ'|}, from φ's input z and output a (same length). */
export type SaturationCounter = (z: FloatArray, a: FloatArray) => number;

/**
 * How a layer's saturation is counted. `count` is the definition. `band` [lo, hi], where given,
 * is the same test on float32 outputs as a comparison: a is saturated ⇔ a ≤ lo or a ≥ hi
 * (NaN bounds: never), so that the one-pass activation kernel counts it.
 */
export interface SaturationRule {
  count: SaturationCounter;
  band: readonly [number, number] | null;
}

/** tanh' = 1 − a² read from the output, below thr. */
const tanhFlat = (a: number, thr: number): boolean => 1 - a * a < thr;
/** σ' = a(1 − a) read from the output, below thr. */
const sigmoidFlat = (a: number, thr: number): boolean => a * (1 - a) < thr;

function countWhere(x: FloatArray, test: (v: number, thr: number) => boolean, thr: number): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (test(x[i], thr)) n++;
  return n;
}

/**
 * The saturation rule of an activation. Where φ' is a function of the output the count reads a,
 * as the backward pass does (tanh: 1 − a², sigmoid: a(1 − a)); ReLU: z ≤ 0 (relu'(0) = 0,
 * PyTorch's convention), which is a ≤ 0; linear: never; every other activation evaluates
 * |φ'(z)| elementwise and has no band.
 */
export function saturationRule(spec: Required<ActivationSpec>): SaturationRule {
  const entry = activations[spec.name];
  const thr = SATURATION_LEVEL * entry.maxDerivative(spec.alpha);
  switch (entry.kind) {
    case "tanh": {
      const edge = firstTrue((a) => tanhFlat(a, thr), 0, 1);
      return { count: (_z, a) => countWhere(a, tanhFlat, thr), band: [-edge, edge] };
    }
    case "sigmoid":
      return {
        count: (_z, a) => countWhere(a, sigmoidFlat, thr),
        band: [lastTrue((a) => sigmoidFlat(a, thr), 0, 0.5), firstTrue((a) => sigmoidFlat(a, thr), 0.5, 1)],
      };
    case "relu": return { count: (z) => countWhere(z, (v) => v <= 0, 0), band: [0, NaN] };
    case "identity": return { count: () => 0, band: [NaN, NaN] };
    default: {
      const df = activationDerivative(spec);
      return { count: (z) => countWhere(z, (v) => Math.abs(df(v)) < thr, 0), band: null };
    }
  }
}

// NOTE: non-negative float32 values are ordered as their bit patterns, so a bisection over the
// bits finds the exact float32 where a monotone test flips: the band is then exactly the test.
const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
const bitsOf = (v: number): number => ((f32[0] = v), bits[0]);
const fromBits = (b: number): number => ((bits[0] = b), f32[0]);

/** The least float32 x in (from, to] with test(x), given test(from) false, test(to) true and test monotone there. */
export function firstTrue(test: (x: number) => boolean, from: number, to: number): number {
  let lo = bitsOf(from), hi = bitsOf(to);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (test(fromBits(mid))) hi = mid;
    else lo = mid;
  }
  return fromBits(hi);
}

/** The greatest float32 x in [from, to) with test(x), given test(from) true, test(to) false and test monotone there. */
export function lastTrue(test: (x: number) => boolean, from: number, to: number): number {
  let lo = bitsOf(from), hi = bitsOf(to);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (test(fromBits(mid))) lo = mid;
    else hi = mid;
  }
  return fromBits(lo);
}
