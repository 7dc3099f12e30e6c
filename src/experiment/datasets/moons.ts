import { Rng } from "../../core/rng.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** The options of the moons set. */
export const moonsOptions = {
  n: { type: "int", default: 600, min: 2, doc: "number of points, half per moon" },
  noise: { type: "number", default: 0.1, min: 0, doc: "std of the Gaussian noise added to each coordinate" },
} as const;

/**
 * Two interleaving half circles, x [n, 2]: class 0 at (cos t, sin t), class 1 at (1 − cos t, ½ − sin t),
 * t ~ U[0, π], plus N(0, noise²) on each coordinate; even rows class 0, odd rows class 1.
 */
export function moons(options: Partial<Resolved<typeof moonsOptions>> = {}, seed = 0): ClassificationData {
  const { n, noise } = resolveOptions("moons", moonsOptions, options);
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = k % 2;
    const t = Math.PI * rng.uniform();
    const u = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const v = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    x[2 * k] = u + rng.normal(0, noise);
    x[2 * k + 1] = v + rng.normal(0, noise);
    labels[k] = c;
  }
  return { kind: "classification", name: "moons", x, labels, n, features: 2, classes: 2, featureNames: ["x1", "x2"] };
}
