import { GradscopeError } from "../../core/errors.js";

/** What every data set holds: x [n, features] row-major, and the names where known. */
interface DataCommon {
  readonly name: string;
  readonly x: Float64Array;
  readonly n: number;
  readonly features: number;
  /** Column names, [features], where known. */
  readonly featureNames?: readonly string[];
}

/** A classification data set held in flat arrays: x [n, features] row-major, labels [n] in [0, classes). */
export interface ClassificationData extends DataCommon {
  /** Absent only in objects built before data sets had kinds; every gradscope data set sets it. */
  readonly kind?: "classification";
  readonly labels: Int32Array;
  readonly classes: number;
  /** The name of each class index, [classes], where known (e.g. the strings of a CSV label column). */
  readonly classNames?: readonly string[];
}

/** A regression data set: x [n, features] and targets [n, outputs], both row-major. */
export interface RegressionData extends DataCommon {
  readonly kind: "regression";
  readonly targets: Float64Array;
  readonly outputs: number;
  /** The name of each target column, [outputs], where known. */
  readonly targetNames?: readonly string[];
}

/** Any data set gradscope trains on. */
export type Dataset = ClassificationData | RegressionData;

/** Whether `d` holds class labels (not regression targets). */
export function isClassification(d: Dataset): d is ClassificationData {
  return d.kind !== "regression";
}

/** `d` as classification data, or an error saying that `purpose` needs class labels. */
export function requireClassification(d: Dataset, purpose: string): ClassificationData {
  if (!isClassification(d)) throw new GradscopeError(`data: ${d.name} is a regression set (${d.outputs} target${d.outputs === 1 ? "" : "s"}); ${purpose} needs class labels`);
  return d;
}

/** The rows `indices` of `d` (in that order) as a data set of the same kind and names. */
export function selectRows<D extends Dataset>(d: D, indices: ArrayLike<number>): D {
  const m = indices.length;
  const f = d.features;
  const x = new Float64Array(m * f);
  for (let i = 0; i < m; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= d.n) throw new GradscopeError(`data: row index ${k} is outside [0, ${d.n})`);
    x.set(d.x.subarray(k * f, k * f + f), i * f);
  }
  if (isClassification(d)) {
    const labels = new Int32Array(m);
    for (let i = 0; i < m; i++) labels[i] = d.labels[indices[i]];
    return { ...d, x, labels, n: m };
  }
  const o = d.outputs;
  const targets = new Float64Array(m * o);
  for (let i = 0; i < m; i++) targets.set(d.targets.subarray(indices[i] * o, indices[i] * o + o), i * o);
  return { ...d, x, targets, n: m };
}

/** The first non-finite entry of a [rows, cols] row-major array as (row, col), or null. */
function firstNonFinite(a: Float64Array, cols: number): [number, number] | null {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return [Math.floor(i / cols), i % cols];
  return null;
}

/**
 * Throws if x or the targets hold NaN or ±Inf, naming the row and column (both counted from 1)
 * and the column's name where known.
 */
export function assertFinite(d: Dataset): void {
  const checks: [string, Float64Array, number, readonly string[] | undefined][] = [["x", d.x, d.features, d.featureNames]];
  if (!isClassification(d)) checks.push(["targets", d.targets, d.outputs, d.targetNames]);
  for (const [what, a, cols, names] of checks) {
    const at = firstNonFinite(a, cols);
    if (at === null) continue;
    const [row, col] = at;
    const name = names?.[col] === undefined ? "" : ` ("${names[col]}")`;
    throw new GradscopeError(`data ${d.name}: ${what} at row ${row + 1}, column ${col + 1}${name} is ${a[row * cols + col]}; every value must be a finite number`);
  }
  if (isClassification(d)) {
    for (let i = 0; i < d.n; i++) {
      const c = d.labels[i];
      if (c < 0 || c >= d.classes) throw new GradscopeError(`data ${d.name}: label at row ${i + 1} is ${c}; expected a class index in [0, ${d.classes})`);
    }
  }
}

/** Names x1…x_d of d generic features. */
export function numberedFeatures(d: number): string[] {
  return Array.from({ length: d }, (_, i) => `x${i + 1}`);
}

/** How many rows carry each label: counts [classes]. */
export function classCounts(d: ClassificationData): Int32Array {
  const counts = new Int32Array(d.classes);
  for (let i = 0; i < d.n; i++) counts[d.labels[i]]++;
  return counts;
}
