import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";

/** A classification data set held in flat arrays: x [n, features] row-major, labels in [0, classes). */
export interface ClassificationData {
  readonly name: string;
  readonly x: Float64Array;
  readonly labels: Int32Array;
  readonly n: number;
  readonly features: number;
  readonly classes: number;
}

/**
 * Interleaved 2-D spirals: class c's point i sits at radius r = i/perClass and angle
 * θ = 4r + 2πc/classes (+ Gaussian noise of std `noise` on θ), x = (r·sin θ, r·cos θ).
 */
export function spirals(n: number, classes: number, noise: number, seed: number): ClassificationData {
  if (!Number.isInteger(n) || n < classes) throw new GradscopeError(`spirals: n = ${n} must be an integer ≥ the number of classes (${classes})`);
  if (!Number.isInteger(classes) || classes < 2) throw new GradscopeError(`spirals: classes = ${classes} must be an integer ≥ 2`);
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  const perClass = Math.ceil(n / classes);
  for (let k = 0; k < n; k++) {
    const c = k % classes;
    const i = Math.floor(k / classes);
    const r = (i + 1) / perClass;
    const theta = 4 * r + (2 * Math.PI * c) / classes + rng.normal(0, noise);
    x[2 * k] = r * Math.sin(theta);
    x[2 * k + 1] = r * Math.cos(theta);
    labels[k] = c;
  }
  return { name: "spirals", x, labels, n, features: 2, classes };
}
