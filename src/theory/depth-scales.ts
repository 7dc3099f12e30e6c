import { correlationFixedPoint, varianceFixedPoint, type FixedPoint } from "./fixed-points.js";
import { bivariateExpectation } from "./quadrature.js";
import { Q_FLOOR, expectAt, meanField, type MeanField, type MeanFieldParams } from "./variance-map.js";

/** χ₁ = σ_w²·E[φ′(√q·z)²]: the mean squared per-layer gain of δ (and the slope of the c-map at c = 1) at variance q. */
export function chi1(params: MeanFieldParams | MeanField, q: number): number {
  const model = meanField(params);
  const { dphi } = model;
  return model.sigmaW2 * expectAt(model, Math.max(q, Q_FLOOR), (u) => dphi(u) ** 2);
}

/**
 * χ_q = ∂q_l/∂q_{l−1} = σ_w²·E[φ′(u)² + φ(u)φ″(u)], u = √q·z. NOTE: evaluated without φ″
 * through Stein's lemma, E[φ′² + φφ″] = E[u·φ(u)φ′(u)]/q, which is exact also where φ″ has
 * delta functions (hardTanh at ±1, ReLU at 0, where they contribute φ·δ terms).
 */
export function chiQ(params: MeanFieldParams | MeanField, q: number): number {
  const model = meanField(params);
  const { phi, dphi } = model;
  const qe = Math.max(q, Q_FLOOR);
  return (model.sigmaW2 * expectAt(model, qe, (u) => u * phi(u) * dphi(u))) / qe;
}

/** χ_c = ∂c_l/∂c_{l−1} = σ_w²·E[φ′(u₁)φ′(u₂)] for variance q and correlation c; χ_c(q, 1) = χ₁(q). */
export function chiC(params: MeanFieldParams | MeanField, q: number, c: number): number {
  const model = meanField(params);
  const { dphi } = model;
  if (c >= 1) return chi1(model, q);
  const qe = Math.max(q, Q_FLOOR);
  return model.sigmaW2 * bivariateExpectation((u1, u2) => dphi(u1) * dphi(u2), qe, qe, c, model.quadrature);
}

/** −1/ln χ: the number of layers over which a deviation shrinks by e (∞ at χ ≥ 1). */
export function depthScale(chi: number): number {
  return chi >= 1 ? Infinity : chi <= 0 ? 0 : -1 / Math.log(chi);
}

/** Everything Schoenholz et al. 2017 derive from (φ, σ_w², σ_b²) at the fixed points. */
export interface DepthScales {
  qStar: FixedPoint;
  cStar: FixedPoint;
  /** σ_w²·E[φ′(√q*·z)²]. */
  chi1: number;
  /** σ_w²·E[φ′² + φφ″] at q*. */
  chiQ: number;
  /** σ_w²·E[φ′(u₁)φ′(u₂)] at (q*, c*); equals χ₁ when c* = 1. */
  chiC: number;
  /** ξ_q = −1/ln χ_q: layers over which q_l approaches q*. */
  xiQ: number;
  /** ξ_c = −1/ln χ_c: layers over which c_l approaches c* (the depth information travels). */
  xiC: number;
  /** ξ_∇ = 1/|ln χ₁|: layers over which ‖δ‖ changes by e (shrinks if χ₁ < 1, grows if > 1). */
  xiGrad: number;
  /** ≈ 6ξ_c: the depth beyond which Schoenholz et al. found nets untrainable. */
  trainableDepth: number;
  /** ordered (χ₁ < 1: gradients vanish), chaotic (χ₁ > 1: they explode) or critical (|χ₁ − 1| ≤ 1e-9). */
  phase: "ordered" | "critical" | "chaotic";
}

/**
 * q*, c*, χ₁, χ_q, χ_c and the depth scales ξ_q, ξ_c, ξ_∇ for one (φ, σ_w², σ_b²).
 *
 * @example
 * const s = depthScales({ activation: "tanh", sigmaW2: 1.5, sigmaB2: 0.05 });
 * // s.phase, s.xiC, s.trainableDepth
 */
export function depthScales(params: MeanFieldParams | MeanField, options: { q0?: number } = {}): DepthScales {
  const model = meanField(params);
  const qStar = varianceFixedPoint(model, options);
  const q = qStar.value;
  const c1 = chi1(model, q);
  const cq = chiQ(model, q);
  const cStar = correlationFixedPoint(model, q);
  const cc = chiC(model, q, cStar.value);
  const xiC = depthScale(cc);
  const phase = Math.abs(c1 - 1) <= 1e-9 ? "critical" : c1 < 1 ? "ordered" : "chaotic";
  return {
    qStar, cStar, chi1: c1, chiQ: cq, chiC: cc,
    xiQ: depthScale(cq), xiC, xiGrad: c1 === 1 ? Infinity : 1 / Math.abs(Math.log(c1)),
    trainableDepth: 6 * xiC, phase,
  };
}
