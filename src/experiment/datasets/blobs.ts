import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { numberedFeatures, type ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** The options of the blobs set. */
export const blobsOptions = {
  n: { type: "int", default: 600, min: 2, doc: "number of points (≥ classes)" },
  classes: { type: "int", default: 3, min: 2, doc: "number of clusters, one class each" },
  dimension: { type: "int", default: 2, min: 1, doc: "number of features" },
  noise: { type: "number", default: 1, min: 0, doc: "std of each cluster around its centre, per coordinate" },
  spread: { type: "number", default: 5, min: 0, doc: "centres are drawn uniformly from [−spread, spread]^dimension" },
} as const;

/**
 * k Gaussian clusters, x [n, dimension]: centres μ_c ~ U[−spread, spread]^dimension, row k of class
 * c = k mod classes drawn from N(μ_c, noise²·I).
 */
export function blobs(options: Partial<Resolved<typeof blobsOptions>> = {}, seed = 0): ClassificationData {
  const { n, classes, dimension: d, noise, spread } = resolveOptions("blobs", blobsOptions, options);
  if (n < classes) throw new GradscopeError(`data.n: ${n} is not allowed; expected an integer ≥ data.classes (${classes})`);
  const rng = new Rng(seed);
  const centres = rng.uniformArray(classes * d, -spread, spread);
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = k % classes;
    for (let j = 0; j < d; j++) x[k * d + j] = centres[c * d + j] + rng.normal(0, noise);
    labels[k] = c;
  }
  return { kind: "classification", name: "blobs", x, labels, n, features: d, classes, featureNames: numberedFeatures(d) };
}
