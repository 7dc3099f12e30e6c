import { GradscopeError } from "../core/errors.js";
import type { ActivationName, ActivationSpec } from "../nn/activations.js";
import { chi1 } from "./depth-scales.js";
import { varianceFixedPoint } from "./fixed-points.js";
import type { ExpectationOptions } from "./quadrature.js";
import { brent } from "./roots.js";
import { meanField } from "./variance-map.js";

/** One point of the order-to-chaos boundary. */
export interface CriticalPoint {
  sigmaB2: number;
  /** σ_w² with χ₁(q*(σ_w², σ_b²)) = 1. */
  sigmaW2: number;
  /** q* there (the last iterate if the variance map diverges there, e.g. ReLU). */
  qStar: number;
  /** χ₁ − 1 at the returned σ_w² (≈ 0 for a true crossing). */
  residual: number;
  /**
   * "crossing": χ₁ passes through 1 here. "jump": χ₁ − 1 changes sign by a jump, because q*
   * itself jumps (the fixed point reached from q₀ diverges or changes branch, e.g. GELU, SiLU):
   * a phase boundary where no finite q* has χ₁ = 1.
   */
  kind: "crossing" | "jump";
}

/** Options of the critical-line search. */
export interface CriticalLineOptions {
  /** σ_w² grid scanned for the first sign change of χ₁ − 1 (default 0.05 · 1.25^k up to ≈ 1000). */
  grid?: readonly number[];
  /** Start of the q iteration (default 1). */
  q0?: number;
  quadrature?: ExpectationOptions;
  /** Absolute tolerance on σ_w² (default 1e-12). */
  xtol?: number;
}

const defaultGrid = Array.from({ length: 46 }, (_, k) => 0.05 * 1.25 ** k);

/**
 * The critical σ_w² at one σ_b²: the root of χ₁(σ_w²) − 1 with χ₁ = σ_w²·E[φ′(√q*·z)²] and q* the
 * variance fixed point, bracketed on a grid and solved by Brent's method. NOTE: where q*
 * diverges (ReLU at σ_w² ≥ 2) χ₁ is taken at the last iterate, the q → ∞ limit.
 *
 * @example
 * criticalSigmaW2("tanh", 0.05).sigmaW2; // ≈ 1.76 (Schoenholz et al. 2017, Fig. 1)
 */
export function criticalSigmaW2(activation: ActivationName | ActivationSpec | string, sigmaB2: number, options: CriticalLineOptions = {}): CriticalPoint {
  const grid = options.grid ?? defaultGrid;
  const qAt = (sigmaW2: number) => varianceFixedPoint(meanField({ activation, sigmaW2, sigmaB2, quadrature: options.quadrature }), { q0: options.q0 }).value;
  const excess = (sigmaW2: number) => chi1({ activation, sigmaW2, sigmaB2, quadrature: options.quadrature }, qAt(sigmaW2)) - 1;
  let prev = grid[0];
  let fprev = excess(prev);
  for (let i = 1; i < grid.length && fprev < 0; i++) {
    const x = grid[i];
    const fx = excess(x);
    if (fx >= 0) {
      const root = brent(excess, prev, x, { fa: fprev, fb: fx, xtol: options.xtol ?? 1e-12 });
      return { sigmaB2, sigmaW2: root.x, qStar: qAt(root.x), residual: root.fx, kind: Math.abs(root.fx) <= 1e-8 ? "crossing" : "jump" };
    }
    prev = x;
    fprev = fx;
  }
  throw new GradscopeError(`criticalSigmaW2: χ₁ − 1 does not change sign on σ_w² ∈ [${grid[0]}, ${grid[grid.length - 1]}] at σ_b² = ${sigmaB2}`);
}

/** The critical line σ_w²(σ_b²) where χ₁ = 1 (order-to-chaos transition), one point per σ_b² of the grid. */
export function criticalLine(activation: ActivationName | ActivationSpec | string, sigmaB2s: readonly number[], options: CriticalLineOptions = {}): CriticalPoint[] {
  return sigmaB2s.map((b) => criticalSigmaW2(activation, b, options));
}
