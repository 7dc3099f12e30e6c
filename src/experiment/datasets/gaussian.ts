import { Rng } from "../../core/rng.js";
import { numberedFeatures, type Dataset } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** The options of the gaussian set. */
export const gaussianOptions = {
  n: { type: "int", default: 1000, min: 1, doc: "number of points" },
  dimension: { type: "int", default: 10, min: 1, doc: "input dimension d" },
  rule: { type: "choice", default: "linear", values: ["linear", "teacher"], doc: "the fixed random rule that labels the inputs" },
  task: { type: "choice", default: "classification", values: ["classification", "regression"], doc: "class labels (arg-max of the rule) or regression targets (the rule's output)" },
  classes: { type: "int", default: 2, min: 2, doc: "number of classes (classification)" },
  outputs: { type: "int", default: 1, min: 1, doc: "number of targets (regression)" },
  width: { type: "int", default: 32, min: 1, doc: "hidden width of the teacher network" },
  depth: { type: "int", default: 2, min: 1, doc: "hidden layers of the teacher network" },
  noise: { type: "number", default: 0, min: 0, doc: "std of the Gaussian noise added to the rule's output before labelling" },
} as const;

/** y = W x for a [rows, cols] matrix W and x [cols]. */
function affine(w: Float64Array, x: Float64Array, rows: number, cols: number): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += w[i * cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/**
 * The rule x ↦ f(x) ∈ R^out: linear f = W x, or a tanh teacher f = W_L tanh(… tanh(W_1 x)); every
 * W_l [fanOut, fanIn] has entries N(0, 1/fanIn), so f's entries have O(1) variance for x ~ N(0, I).
 */
function randomRule(rng: Rng, d: number, out: number, teacher: boolean, width: number, depth: number): (x: Float64Array) => Float64Array {
  const sizes = teacher ? [d, ...Array<number>(depth).fill(width), out] : [d, out];
  const weights = sizes.slice(1).map((fanOut, l) => rng.normalArray(fanOut * sizes[l], 0, 1 / Math.sqrt(sizes[l])));
  return (x) => {
    let a = x;
    for (let l = 0; l < weights.length; l++) {
      a = affine(weights[l], a, sizes[l + 1], sizes[l]);
      if (l < weights.length - 1) a = a.map(Math.tanh);
    }
    return a;
  };
}

/**
 * Inputs x [n, d] ~ N(0, I) labelled by a fixed random rule f drawn from the seed: class labels
 * argmax_c (f(x) + ε)_c, or regression targets f(x) + ε [n, outputs], ε ~ N(0, noise²·I).
 * The rule, the inputs and the noise come from separate streams of the seed.
 */
export function gaussian(options: Partial<Resolved<typeof gaussianOptions>> = {}, seed = 0): Dataset {
  const o = resolveOptions("gaussian", gaussianOptions, options);
  const { n, dimension: d } = o;
  const regression = o.task === "regression";
  const out = regression ? o.outputs : o.classes;
  const root = new Rng(seed);
  const rule = randomRule(root.fork(1), d, out, o.rule === "teacher", o.width, o.depth);
  const x = root.fork(2).normalArray(n * d);
  const noiseRng = root.fork(3);
  const y = new Float64Array(n * out);
  for (let k = 0; k < n; k++) {
    const f = rule(x.subarray(k * d, k * d + d));
    for (let c = 0; c < out; c++) y[k * out + c] = f[c] + noiseRng.normal(0, o.noise);
  }
  const base = { name: "gaussian", x, n, features: d, featureNames: numberedFeatures(d) };
  if (regression) return { ...base, kind: "regression", targets: y, outputs: out };
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let best = 0;
    for (let c = 1; c < out; c++) if (y[k * out + c] > y[k * out + best]) best = c;
    labels[k] = best;
  }
  return { ...base, kind: "classification", labels, classes: out };
}
