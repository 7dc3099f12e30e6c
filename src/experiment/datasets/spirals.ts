import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

export type { ClassificationData } from "./dataset.js";

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
  return { kind: "classification", name: "spirals", x, labels, n, features: 2, classes, featureNames: ["x1", "x2"] };
}

/** The options of the spirals set. */
export const spiralsOptions = {
  n: { type: "int", default: 600, min: 2, doc: "number of points (≥ classes)" },
  classes: { type: "int", default: 3, min: 2, doc: "number of arms, one class each" },
  noise: { type: "number", default: 0.2, min: 0, doc: "std of the Gaussian noise on the angle θ (radians)" },
} as const;

/** spirals(n, classes, noise, seed) from named options with defaults; x [n, 2], labels balanced over classes. */
export function spiralsSet(options: Partial<Resolved<typeof spiralsOptions>> = {}, seed = 0): ClassificationData {
  const o = resolveOptions("spirals", spiralsOptions, options);
  if (o.n < o.classes) throw new GradscopeError(`data.n: ${o.n} is not allowed; expected an integer ≥ data.classes (${o.classes})`);
  return spirals(o.n, o.classes, o.noise, seed);
}
