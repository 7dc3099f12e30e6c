import { Rng } from "../../core/rng.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** The options of the xor set. */
export const xorOptions = {
  n: { type: "int", default: 600, min: 4, doc: "number of points, a quarter per quadrant" },
  noise: { type: "number", default: 0, min: 0, doc: "std of the Gaussian noise added to each coordinate after labelling" },
} as const;

/** Signs (s₁, s₂) of quadrant q = 0…3, counter-clockwise from (+, +). */
const QUADRANTS = [[1, 1], [-1, 1], [-1, -1], [1, -1]] as const;

/**
 * XOR of the signs, x [n, 2]: row k lies in quadrant k mod 4 with |x₁|, |x₂| ~ U[0, 1), label 1 where
 * x₁·x₂ < 0 (before N(0, noise²) is added to each coordinate); the four quadrants are equally filled.
 */
export function xor(options: Partial<Resolved<typeof xorOptions>> = {}, seed = 0): ClassificationData {
  const { n, noise } = resolveOptions("xor", xorOptions, options);
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const [s1, s2] = QUADRANTS[k % 4];
    x[2 * k] = s1 * rng.uniform() + rng.normal(0, noise);
    x[2 * k + 1] = s2 * rng.uniform() + rng.normal(0, noise);
    labels[k] = s1 * s2 < 0 ? 1 : 0;
  }
  return { kind: "classification", name: "xor", x, labels, n, features: 2, classes: 2, featureNames: ["x1", "x2"] };
}
