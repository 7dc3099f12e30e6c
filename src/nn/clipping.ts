import type { FloatArray } from "../core/dtype.js";
import type { Tensor } from "../core/tensor.js";
import { checkName, checkNumber } from "./optim/check.js";
import type { Parameter } from "./parameter.js";

// Gradient clipping, in place on `p.value.grad` (parameters without a gradient are skipped).
//
// NOTE: a NaN or ±Inf gradient is never hidden. Every clipper reports `nonFinite: true` and
// leaves the non-finite elements as they are: by-value clipping clamps only the finite
// elements (PyTorch's clamp would turn ±Inf into ±c), per-tensor norm clipping leaves a
// non-finite tensor unscaled, and global-norm clipping scales nothing (PyTorch would multiply
// every gradient by maxNorm/NaN = NaN, or, for an infinite norm, by 0, which zeroes the finite
// gradients and turns ±Inf into NaN). The update that follows then carries the NaN/Inf where
// the probes and the diagnosis can see it.

/** The clipping families by config name. */
export type ClipKind = "value" | "norm" | "globalNorm";

/** A clipping rule: by value (threshold c), per-tensor norm or global norm (threshold = max norm). */
export interface ClipSpec {
  kind: ClipKind;
  /** c ≥ 0 for "value"; the maximal L2 norm ≥ 0 for "norm" and "globalNorm". */
  threshold: number;
}

/** What a clipper did. Norms are L2 norms of all gradients together, as one concatenated vector. */
export interface ClipReport {
  kind: ClipKind;
  /** ‖g‖₂ over all gradients before clipping (NaN or Inf when a gradient is). */
  normBefore: number;
  /** ‖g‖₂ over all gradients after clipping. */
  normAfter: number;
  /** Whether any gradient was changed. */
  fired: boolean;
  /** Whether some gradient element is NaN or ±Inf (left in place). */
  nonFinite: boolean;
}

/** Per-tensor norm clipping's report: the global figures, the largest tensor norms, and one entry per parameter with a gradient. */
export interface PerTensorClipReport extends ClipReport {
  /** max over tensors of ‖g_p‖₂ before and after. */
  maxNormBefore: number;
  maxNormAfter: number;
  /** Parameters that had a gradient, in order; the arrays below follow it. */
  names: string[];
  normsBefore: number[];
  normsAfter: number[];
  firedPer: boolean[];
}

/** PyTorch's clip_grad_norm_ guard: scale = maxNorm / (‖g‖ + 1e-6). */
const NORM_EPS = 1e-6;

/**
 * ‖x‖₂ = √(Σ xᵢ²): NaN if any xᵢ is NaN, Inf if any is ±Inf (and none NaN). When Σ xᵢ²
 * overflows with every xᵢ finite, it is recomputed as m·√(Σ (xᵢ/m)²), m = max|xᵢ|.
 */
export function l2Norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (Number.isFinite(s)) return Math.sqrt(s);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (Number.isNaN(a)) return NaN;
    if (a > m) m = a;
  }
  if (m === Infinity) return Infinity;
  s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / m) * (x[i] / m);
  return m * Math.sqrt(s);
}

function withGrads(params: readonly Parameter[]): { name: string; grad: Tensor }[] {
  const out: { name: string; grad: Tensor }[] = [];
  for (const p of params) if (p.value.grad !== null) out.push({ name: p.name, grad: p.value.grad });
  return out;
}

function scaleInPlace(g: FloatArray, c: number): void {
  for (let i = 0; i < g.length; i++) g[i] *= c;
}

/** ‖g‖₂ of all gradients together, from the per-tensor norms. */
const globalOf = (norms: number[]): number => l2Norm(norms);

/**
 * Clip by value (PyTorch's clip_grad_value_): gᵢ ← min(max(gᵢ, −c), c) for every finite gᵢ.
 * fired: some element was outside [−c, c].
 */
export function clipByValue(params: readonly Parameter[], c: number, field = "clip.threshold"): ClipReport {
  checkNumber(field, c, { min: 0 });
  const grads = withGrads(params);
  const normBefore = globalOf(grads.map(({ grad }) => l2Norm(grad.data)));
  let fired = false;
  for (const { grad } of grads) {
    const g = grad.data;
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      if (v > c && v !== Infinity) { g[i] = c; fired = true; }
      else if (v < -c && v !== -Infinity) { g[i] = -c; fired = true; }
    }
  }
  const normAfter = globalOf(grads.map(({ grad }) => l2Norm(grad.data)));
  return { kind: "value", normBefore, normAfter, fired, nonFinite: !Number.isFinite(normBefore) };
}

/**
 * Clip each gradient's norm on its own: g_p ← g_p·maxNorm/(‖g_p‖₂ + 1e-6) when that factor
 * is < 1 (PyTorch's clip_grad_norm_ called on each tensor alone). A tensor of zeros is never
 * scaled; a non-finite tensor is left as it is.
 */
export function clipByNorm(params: readonly Parameter[], maxNorm: number, field = "clip.threshold"): PerTensorClipReport {
  checkNumber(field, maxNorm, { min: 0 });
  const grads = withGrads(params);
  const normsBefore = grads.map(({ grad }) => l2Norm(grad.data));
  const firedPer = grads.map(({ grad }, i) => {
    const n = normsBefore[i];
    const factor = maxNorm / (n + NORM_EPS);
    if (!Number.isFinite(n) || n === 0 || !(factor < 1)) return false;
    scaleInPlace(grad.data, factor);
    return true;
  });
  const normsAfter = grads.map(({ grad }) => l2Norm(grad.data));
  const max = (xs: number[]) => xs.reduce((m, x) => (x > m || Number.isNaN(x) ? x : m), 0);
  return {
    kind: "norm",
    normBefore: globalOf(normsBefore),
    normAfter: globalOf(normsAfter),
    fired: firedPer.some((f) => f),
    nonFinite: normsBefore.some((n) => !Number.isFinite(n)),
    maxNormBefore: max(normsBefore),
    maxNormAfter: max(normsAfter),
    names: grads.map(({ name }) => name),
    normsBefore,
    normsAfter,
    firedPer,
  };
}

/**
 * Clip by global norm (PyTorch's clip_grad_norm_): with N = ‖all gradients‖₂, every gradient
 * is multiplied by maxNorm/(N + 1e-6) when that factor is < 1. Zero gradients are left alone;
 * when N is not finite nothing is scaled (see the note at the top of this file).
 */
export function clipByGlobalNorm(params: readonly Parameter[], maxNorm: number, field = "clip.threshold"): ClipReport {
  checkNumber(field, maxNorm, { min: 0 });
  const grads = withGrads(params);
  const normBefore = globalOf(grads.map(({ grad }) => l2Norm(grad.data)));
  const nonFinite = !Number.isFinite(normBefore);
  const factor = maxNorm / (normBefore + NORM_EPS);
  const fired = !nonFinite && normBefore > 0 && factor < 1;
  if (!fired) return { kind: "globalNorm", normBefore, normAfter: normBefore, fired, nonFinite };
  for (const { grad } of grads) scaleInPlace(grad.data, factor);
  const normAfter = globalOf(grads.map(({ grad }) => l2Norm(grad.data)));
  return { kind: "globalNorm", normBefore, normAfter, fired, nonFinite };
}

/** The clippers by config name: (params, threshold, field) → report. */
export const clippers = {
  value: clipByValue,
  norm: clipByNorm,
  globalNorm: clipByGlobalNorm,
} satisfies Record<ClipKind, (params: readonly Parameter[], threshold: number, field?: string) => ClipReport>;

/** All clipping kinds, in table order. */
export const clipKinds = Object.keys(clippers) as ClipKind[];

/**
 * Applies the clipping a spec names to the parameters' gradients, in place, and reports what
 * it did. Errors name the field ("clip.kind" with the allowed kinds, "clip.threshold").
 *
 * @example
 * const report = clipGradients(net.parameters(), { kind: "globalNorm", threshold: 1 });
 * if (report.nonFinite) console.warn("NaN/Inf gradient");
 */
export function clipGradients(params: readonly Parameter[], spec: ClipSpec, field = "clip"): ClipReport {
  const kind = checkName(`${field}.kind`, spec?.kind, clippers, "clipping kind");
  return clippers[kind](params, spec.threshold, `${field}.threshold`);
}
