import { bivariateExpectation } from "./quadrature.js";
import { brent } from "./roots.js";
import { Q_FLOOR, expectAt, meanField, varianceMap, type MeanField, type MeanFieldParams } from "./variance-map.js";

/** A fixed point x* = M(x*) of a depth map and how the search ended. */
export interface FixedPoint {
  /** x*; for "diverged" the last iterate (q above QMAX). */
  value: number;
  /** "converged": |M(x*) − x*| is at quadrature precision; "diverged": no finite fixed point (q grows without bound). */
  status: "converged" | "diverged";
  /** M(x*) − x*. */
  residual: number;
  /** Evaluations of the map. */
  evaluations: number;
  /** Why, in words, when not plainly converged. */
  note?: string;
}

/** q above which the variance map is declared divergent (σ_w²·E[φ²] grows at least as fast as q). */
export const QMAX = 1e100;

/**
 * q* = σ_w²·E[φ(√q*·z)²] + σ_b², the fixed point reached from q₀ (the map is increasing in q,
 * so iterates move monotonically toward it). NOTE: plain iteration converges like χ_q^l, which
 * near criticality is very slow, so after a few iterations the root of V(q) − q is bracketed by
 * doubling steps in the direction of travel and polished with Brent's method; a bracket that
 * reaches q > QMAX reports "diverged" (e.g. ReLU with σ_w² ≥ 2 and σ_b² > 0).
 */
export function varianceFixedPoint(params: MeanFieldParams | MeanField, options: { q0?: number; iterations?: number } = {}): FixedPoint {
  const model = meanField(params);
  let evaluations = 0;
  const V = (q: number) => {
    evaluations++;
    return varianceMap(model, q);
  };
  let q = options.q0 ?? 1;
  let prev = q;
  for (let k = 0; k < (options.iterations ?? 20); k++) {
    const next = V(q);
    if (!Number.isFinite(next) || next > QMAX) return { value: next, status: "diverged", residual: Infinity, evaluations, note: `q grew past ${QMAX} after ${k + 1} layers` };
    if (Math.abs(next - q) <= 4 * Number.EPSILON * Math.max(q, next) || (next === 0 && q === 0)) return { value: next, status: "converged", residual: next - q, evaluations };
    prev = q;
    q = next;
  }
  const F = (p: number) => V(p) - p;
  const fq = F(q);
  if (fq === 0) return { value: q, status: "converged", residual: 0, evaluations };
  const up = fq > 0;
  const step = Math.max(Math.abs(q - prev), 1e-12 * q, Number.MIN_VALUE);
  let lo = q, flo = fq;
  for (let j = 0; j < 1100; j++) {
    const p = up ? q + step * 2 ** j : Math.max(0, q - step * 2 ** j);
    if (up && p > QMAX) break;
    const fp = F(p);
    if (!Number.isFinite(fp)) break;
    if (fp === 0 || fp > 0 !== up) {
      const root = brent(F, lo, p, { fa: flo, fb: fp, xtol: 1e-300, maxIterations: 300 });
      return { value: root.x, status: "converged", residual: root.fx, evaluations };
    }
    lo = p;
    flo = fp;
  }
  return { value: lo, status: "diverged", residual: flo, evaluations, note: `V(q) − q stays ${up ? "positive" : "negative"} up to q = ${lo.toPrecision(3)}: no finite fixed point` };
}

/**
 * The correlation map c_l = (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²) / (σ_w²·E[φ(u)²] + σ_b²) for two inputs
 * whose pre-activations have variance q and correlation c_{l−1} (u₁, u₂ as in
 * bivariateExpectation). At q = q* the denominator is q*, Schoenholz et al.'s form; this
 * normalized form keeps C(1) = 1 exactly.
 */
export function correlationMap(params: MeanFieldParams | MeanField, c: number, q: number): number {
  const model = meanField(params);
  const { phi, sigmaW2, sigmaB2 } = model;
  const qe = Math.max(q, Q_FLOOR);
  const denominator = sigmaW2 * expectAt(model, qe, (u) => phi(u) ** 2) + sigmaB2;
  if (denominator === 0) return 1;
  const cross = c >= 1 ? expectAt(model, qe, (u) => phi(u) ** 2) : bivariateExpectation((u1, u2) => phi(u1) * phi(u2), qe, qe, c, model.quadrature);
  return (sigmaW2 * cross + sigmaB2) / denominator;
}

/**
 * c*, the stable fixed point of the correlation map at variance q (= q* normally): c* = 1 in
 * the ordered phase (χ₁ ≤ 1); in the chaotic phase the root of C(c) − c in [0, 1), found by
 * scanning c = 1 − 2^(−k) for a sign change (C(0) ≥ 0 always) and Brent's method.
 */
export function correlationFixedPoint(params: MeanFieldParams | MeanField, q: number): FixedPoint {
  const model = meanField(params);
  const { dphi } = model;
  const chi1 = model.sigmaW2 * expectAt(model, Math.max(q, Q_FLOOR), (u) => dphi(u) ** 2);
  let evaluations = 0;
  const G = (c: number) => {
    evaluations++;
    return correlationMap(model, c, q) - c;
  };
  if (chi1 <= 1) return { value: 1, status: "converged", residual: 0, evaluations, note: "ordered phase (χ₁ ≤ 1): c* = 1" };
  let lo = 0;
  let glo = G(0);
  // C(0) − 0 = (σ_w²·E[φ]² + σ_b²)/q ≥ 0; a value ≤ 0 is 0 up to rounding (odd φ, σ_b² = 0).
  if (glo <= 0) return { value: 0, status: "converged", residual: glo, evaluations };
  for (let k = 1; k <= 52; k++) {
    const hi = 1 - 2 ** -k;
    const ghi = G(hi);
    if (ghi <= 0) {
      const root = brent(G, lo, hi, { fa: glo, fb: ghi, xtol: 1e-14 });
      return { value: root.x, status: "converged", residual: root.fx, evaluations };
    }
    lo = hi;
    glo = ghi;
  }
  return { value: 1, status: "converged", residual: 0, evaluations, note: "C(c) − c has no sign change below 1: marginal, c* = 1" };
}
