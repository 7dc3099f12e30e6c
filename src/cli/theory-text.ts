import { criticalSigmaW2, depthScales, predictGains, predictedProfile, type CriticalPoint, type DepthScales, type GainPrediction } from "../theory/index.js";
import { num, table } from "./table.js";

/** The mean-field numbers of one (φ, σ_w², σ_b²) and the predicted gains over a depth. */
export interface MeanFieldReport {
  activation: string;
  sigmaW2: number;
  sigmaB2: number;
  scales: DepthScales;
  /** The critical σ_w² at this σ_b², or null where χ₁ − 1 has no sign change on the search grid. */
  critical: CriticalPoint | null;
  depth: number;
  qIn: number;
  gains: GainPrediction;
  /** Predicted ‖δ_l‖/‖δ_L‖ = Π_{k=l}^{L−1} gain_k, l = 1…L. */
  relativeDelta: number[];
}

/** The critical point, or null when the search finds no crossing. */
export function criticalOrNull(activation: string, sigmaB2: number): CriticalPoint | null {
  try {
    return criticalSigmaW2(activation, sigmaB2);
  } catch {
    return null;
  }
}

/** Computes the mean-field report of a uniform net of `depth` layers with input mean square q_in. */
export function meanFieldReport(activation: string, sigmaW2: number, sigmaB2: number, depth: number, qIn: number): MeanFieldReport {
  const scales = depthScales({ activation, sigmaW2, sigmaB2 });
  const gains = predictGains(Array.from({ length: depth }, () => ({ activation, sigmaW2, sigmaB2 })), qIn);
  const relativeDelta = predictedProfile(gains.gain, 1);
  return { activation, sigmaW2, sigmaB2, scales, critical: criticalOrNull(activation, sigmaB2), depth, qIn, gains, relativeDelta };
}

const phaseWords = {
  ordered: "ordered: χ₁ < 1, ‖δ‖ shrinks toward the input (vanishing gradients)",
  critical: "critical: χ₁ = 1, ‖δ‖ keeps its size through depth (the edge of chaos)",
  chaotic: "chaotic: χ₁ > 1, ‖δ‖ grows toward the input (exploding gradients)",
} as const;

/** The report as text: fixed points, χ₁, phase, depth scales, the critical σ_w², then the per-layer table. */
export function meanFieldText(r: MeanFieldReport): string[] {
  const s = r.scales;
  const lines = [
    `Mean field of ${r.activation} with σ_w² = ${r.sigmaW2}, σ_b² = ${r.sigmaB2} (infinite width, Gaussian weights)`,
    `  q*                 ${num(s.qStar.value)}${s.qStar.status === "converged" ? "" : ` (${s.qStar.status}${s.qStar.note === undefined ? "" : `: ${s.qStar.note}`})`}   fixed point of q ↦ σ_w²·E[φ(√q z)²] + σ_b²`,
    `  c*                 ${num(s.cStar.value)}`,
    `  χ₁                 ${num(s.chi1)}   = σ_w²·E[φ′(√q* z)²], the mean squared per-layer gain of δ`,
    `  phase              ${phaseWords[s.phase]}`,
    `  ξ_q, ξ_c, ξ_∇      ${num(s.xiQ)}, ${num(s.xiC)}, ${num(s.xiGrad)} layers`,
    `  trainable depth    ≈ 6ξ_c = ${num(s.trainableDepth)} layers (Schoenholz et al. 2017)`,
    r.critical === null
      ? `  critical σ_w²      none found at σ_b² = ${r.sigmaB2} (χ₁ − 1 keeps its sign)`
      : `  critical σ_w²      ${num(r.critical.sigmaW2)} at σ_b² = ${r.sigmaB2}${r.critical.kind === "jump" ? " (a jump of q*, not a smooth crossing)" : ""}`,
    "",
    `Predicted over ${r.depth} layers from an input of mean square q_in = ${r.qIn} (gain_l = ‖δ_l‖/‖δ_{l+1}‖):`,
  ];
  const g = r.gains;
  const rows = g.q.map((q, l) => [String(l + 1), num(q), l < g.gain.length ? num(g.gain[l]) : "–", num(r.relativeDelta[l])]);
  const shown = rows.length > 40 ? rows.filter((_, l) => l < 10 || l >= rows.length - 10 || (l + 1) % Math.ceil(rows.length / 20) === 0) : rows;
  lines.push(...table([{ header: "layer", right: true }, { header: "q_l", right: true }, { header: "gain_l", right: true }, { header: "‖δ_l‖/‖δ_L‖", right: true }], shown).map((x) => `  ${x}`));
  lines.push(`  geometric-mean gain ${num(g.geometricMeanGain)}; ‖δ_1‖/‖δ_L‖ ≈ ${num(r.relativeDelta[0])}`);
  return lines;
}

/** The default σ_b² grid of --critical-line. */
export const criticalGrid = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2];

/** σ_w²(σ_b²) on a grid as text lines. */
export function criticalLineText(activation: string, points: readonly { sigmaB2: number; point: CriticalPoint | null }[]): string[] {
  const rows = points.map(({ sigmaB2, point }) => [String(sigmaB2), point === null ? "none" : num(point.sigmaW2), point === null ? "–" : num(point.qStar), point?.kind ?? "–"]);
  return [`Critical line of ${activation}: the σ_w² where χ₁ = 1 (ordered below, chaotic above)`,
    ...table([{ header: "σ_b²", right: true }, { header: "σ_w²", right: true }, { header: "q*", right: true }, { header: "kind" }], rows).map((x) => `  ${x}`)];
}
