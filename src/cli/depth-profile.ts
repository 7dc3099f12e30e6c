import type { Recording } from "../probes/recording.js";

/** One step's per-layer backprop signal norms ‖δ_l‖, l = 1…depth. */
export interface DeltaProfile {
  step: number;
  deltaNorms: ArrayLike<number>;
}

/** ‖δ_l‖ at record r of a Recording (r < 0 counts from the end). */
export function profileAt(rec: Recording, r: number): DeltaProfile {
  const i = r < 0 ? rec.count + r : r;
  return { step: rec.steps[i], deltaNorms: rec.layers.deltaNorm.map((col) => col[i]) };
}

/**
 * A text table of ‖δ_l‖ per layer at two steps, with a log-scale bar (one mark per factor of
 * 10 above 1e-12), and the ratio ‖δ_1‖/‖δ_L‖ that says how much the signal shrank toward the input.
 */
export function depthProfile(a: DeltaProfile, b: DeltaProfile): string[] {
  const bar = (v: number) => (v > 0 && Number.isFinite(v) ? "█".repeat(Math.max(0, Math.round(Math.log10(v) + 12))) : v === 0 ? "" : "NaN/Inf");
  const lines = [`layer   ‖δ‖ at step ${a.step}`.padEnd(44) + `‖δ‖ at step ${b.step}`];
  for (let i = 0; i < a.deltaNorms.length; i++) {
    const v = a.deltaNorms[i], w = b.deltaNorms[i];
    lines.push(`${String(i + 1).padStart(5)}  ${v.toExponential(2).padStart(9)} ${bar(v).padEnd(26)}  ${w.toExponential(2).padStart(9)} ${bar(w)}`);
  }
  const ratio = (p: DeltaProfile) => p.deltaNorms[0] / p.deltaNorms[p.deltaNorms.length - 1];
  lines.push(`‖δ_1‖/‖δ_L‖: ${ratio(a).toExponential(2)} at step ${a.step}, ${ratio(b).toExponential(2)} at step ${b.step} (≪ 1: vanishing toward the input; ≫ 1: exploding)`);
  return lines;
}
