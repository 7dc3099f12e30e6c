/**
 * Every threshold the rules use, as data. Rules compare robust summaries, never single records:
 * "early" and "late" are the medians over the first and the last k records,
 * k = clamp(⌈count·window.fraction⌉, 1, window.max); trends (loss flat or rising) need at least
 * window.minRecords records.
 *
 * | rule | quantity (late median unless said) | warning | critical |
 * |---|---|---|---|
 * | vanishing | ‖δ_1‖/‖δ_L‖ | ≤ 0.1 | ≤ 1e-3 |
 * |  | layers concerned: ‖δ_l‖/‖δ_L‖ ≤ 0.1; one level milder when the relative weight gradients stay balanced ((‖∂L/∂W_1‖/‖W_1‖)/(‖∂L/∂W_L‖/‖W_L‖) ≥ 0.1) | | |
 * | exploding | ‖δ_1‖/‖δ_L‖ (one level milder when balanced: that ratio in [0.1, 10]) | ≥ 10 | ≥ 1e3 |
 * |  | gradient norm growth over steps, late/early | ≥ 100 | ≥ 1e4 |
 * |  | any recorded ‖δ_l‖ or ‖∂L/∂W_l‖ | | ≥ 1e8 (overflow near) |
 * | nonFinite | a NaN/±Inf anywhere | | always |
 * | saturation | saturated fraction of a sigmoid/tanh/hardTanh layer | ≥ 0.25 | ≥ 0.6 |
 * | deadRelu | dead fraction of a ReLU layer | ≥ 0.5 | ≥ 0.8 |
 * | stalled | loss change over the second half abs(mid − late)/mid < 0.05 (medians over k records ending at the middle and at the end) and (median-over-layers ‖∂L/∂W_l‖ < 1e-4 or median-over-layers ‖ΔW_l‖/‖W_l‖ < 1e-5); not when late loss ≤ 0.01 or accuracy ≥ 0.99 | yes | |
 * | divergence | late loss / start loss (start: the lower of the first record and the early median) | ≥ 1.5 | ≥ 10 |
 * |  | after a gain of ≥ 10% of the early loss, late gave back ≥ 50% of it | yes | |
 * | divergence | max over layers of ‖ΔW_l‖/‖W_l‖ | ≥ 0.3 | ≥ 1 |
 * | unequalSpeed | max/min over layers of ‖ΔW_l‖/‖W_l‖ (zero layers left out; none when the slowest is ≥ 0.3, i.e. diverging) | ≥ 100 | ≥ 1e4 |
 */
export const thresholds = {
  window: {
    /** Share of the records in the early and the late window. */
    fraction: 0.2,
    /** At most this many records per window. */
    max: 25,
    /** Records needed before loss trends are judged. */
    minRecords: 20,
  },
  vanishing: {
    /** ‖δ_1‖/‖δ_L‖ at or below this: warning; a layer l is concerned when ‖δ_l‖/‖δ_L‖ is at or below it. */
    warningRatio: 0.1,
    /** ‖δ_1‖/‖δ_L‖ at or below this: critical. */
    criticalRatio: 1e-3,
    /** Relative weight-gradient ratio first/last at or above this: "balanced" (vanishing one level milder; exploding when also ≤ its inverse). */
    balancedRatio: 0.1,
  },
  exploding: {
    /** ‖δ_1‖/‖δ_L‖ at or above this: warning. */
    warningRatio: 10,
    /** ‖δ_1‖/‖δ_L‖ at or above this: critical. */
    criticalRatio: 1e3,
    /** Gradient norm late/early at or above this: warning. */
    warningGrowth: 100,
    /** Gradient norm late/early at or above this: critical. */
    criticalGrowth: 1e4,
    /** A gradient norm at or above this is about to overflow: critical. */
    overflowNorm: 1e8,
  },
  saturation: {
    /** Saturated fraction at or above this: warning. */
    warning: 0.25,
    /** Saturated fraction at or above this: critical. */
    critical: 0.6,
    /** Activations that saturate on both sides (for the others, the flat side is the dead-unit rule's business). */
    activations: ["sigmoid", "tanh", "hardTanh"] as readonly string[],
  },
  deadRelu: {
    /** Dead fraction at or above this: warning. NOTE: healthy ReLU + He nets trained with Adam at lr 1e-2 reach 0.3–0.4 in some layer. */
    warning: 0.5,
    /** Dead fraction at or above this: critical. */
    critical: 0.8,
  },
  stalled: {
    /** Loss change over the second half, abs(mid − late)/mid, below this counts as flat (NOTE: minibatch noise alone moves a median of 25 batches of 64 by 1–2%). */
    flatImprovement: 0.05,
    /** Median over layers of ‖∂L/∂W_l‖ below this counts as tiny. */
    gradTiny: 1e-4,
    /** Median over layers of ‖ΔW_l‖/‖W_l‖ below this counts as tiny. */
    updateTiny: 1e-5,
    /** A late loss at or below this is converged, not stalled. */
    convergedLoss: 0.01,
    /** A late accuracy at or above this is converged, not stalled. */
    convergedAccuracy: 0.99,
  },
  divergence: {
    /** Late loss over start loss at or above this: warning. */
    riseWarning: 1.5,
    /** Late loss over start loss at or above this: critical. */
    riseCritical: 10,
    /** A gain (early − best)/early of at least this counts as progress … */
    minGain: 0.1,
    /** … and giving back this share of it counts as divergence (warning). */
    givenBack: 0.5,
    /** Max over layers of ‖ΔW_l‖/‖W_l‖ at or above this: warning. */
    updateWarning: 0.3,
    /** … at or above this: critical. */
    updateCritical: 1,
  },
  unequalSpeed: {
    /** Max/min over layers of ‖ΔW_l‖/‖W_l‖ at or above this (2 orders of magnitude): warning. */
    warningSpread: 100,
    /** … at or above this (4 orders): critical. */
    criticalSpread: 1e4,
  },
};

/** The shape of the thresholds table. */
export type Thresholds = typeof thresholds;
