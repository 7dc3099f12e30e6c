import type { GainsView } from "../gains.js";
import { runColumns, section } from "../layout.js";
import type { RunView } from "../views.js";
import { gainDomain, gainFigure } from "./gains.js";
import { profileDomain, profileFigure } from "./signal.js";

/** The backprop signal against depth: profiles at chosen steps, and the per-layer gain predicted by mean-field theory beside the measured one. */
export function depthSection(views: RunView[], gains: GainsView[]): string {
  const pd = profileDomain(views), gd = gainDomain(gains);
  return section("depth", "The signal through depth, measured and predicted",
    "Left: ‖δ_l‖ per hidden layer at the first, middle and last recorded step; a straight line on this log axis is a constant per-layer gain, falling toward layer 1 is vanishing, rising is exploding. "
    + "Right: mean-field theory predicts the gain per layer from the activation and the initialization alone (χ₁ = σ_w²·E[φ′(h)²], gain √χ₁); below 1 the signal vanishes geometrically with depth, above 1 it explodes. The dots are the ratios measured at the first recorded step.",
    runColumns(views, (v) => profileFigure(v, pd) + gainFigure(gains[v.index], gd)));
}
