import { Rng } from "../../core/rng.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** The options of the circles set. */
export const circlesOptions = {
  n: { type: "int", default: 600, min: 2, doc: "number of points, half per circle" },
  noise: { type: "number", default: 0.05, min: 0, doc: "std of the Gaussian noise added to each coordinate" },
  factor: { type: "number", default: 0.5, min: 0, max: 1, exclusive: true, doc: "radius of the inner circle (the outer one has radius 1)" },
} as const;

/**
 * Two concentric circles, x [n, 2]: class 0 at radius 1, class 1 at radius `factor`, angle ~ U[0, 2π),
 * plus N(0, noise²) on each coordinate; even rows class 0, odd rows class 1.
 */
export function circles(options: Partial<Resolved<typeof circlesOptions>> = {}, seed = 0): ClassificationData {
  const { n, noise, factor } = resolveOptions("circles", circlesOptions, options);
  const rng = new Rng(seed);
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = k % 2;
    const r = c === 0 ? 1 : factor;
    const theta = 2 * Math.PI * rng.uniform();
    x[2 * k] = r * Math.cos(theta) + rng.normal(0, noise);
    x[2 * k + 1] = r * Math.sin(theta) + rng.normal(0, noise);
    labels[k] = c;
  }
  return { kind: "classification", name: "circles", x, labels, n, features: 2, classes: 2, featureNames: ["x1", "x2"] };
}
