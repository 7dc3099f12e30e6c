import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { isClassification, selectRows, type Dataset } from "./dataset.js";
import { showValue } from "./options.js";

/** How to split a data set: the fraction held out for testing, the seed, and whether to keep class proportions. */
export interface SplitOptions {
  /** Fraction of the rows in the test set, in (0, 1). Default 0.2. */
  readonly testFraction?: number;
  readonly seed?: number;
  /** Keep each class's share in both parts (classification only). Default true. */
  readonly stratify?: boolean;
}

/** The two parts of a data set and the original row indices of each (ascending). */
export interface Split<D extends Dataset> {
  readonly train: D;
  readonly test: D;
  readonly trainIndices: Int32Array;
  readonly testIndices: Int32Array;
}

/**
 * Test sizes per class by largest remainder: t_c = ⌊f·m_c⌋, plus one for the classes with the largest
 * fractional parts f·m_c − ⌊f·m_c⌋ until Σ t_c = total.
 */
function allocate(counts: number[], f: number, total: number): number[] {
  const t = counts.map((m) => Math.floor(f * m));
  const order = counts.map((_, c) => c).sort((a, b) => (f * counts[b] - t[b]) - (f * counts[a] - t[a]) || a - b);
  let left = total - t.reduce((s, v) => s + v, 0);
  for (let k = 0; left > 0 && k < order.length; k++) {
    if (t[order[k]] < counts[order[k]]) { t[order[k]]++; left--; }
  }
  return t;
}

/**
 * A seeded train/test split: round(f·n) rows (at least 1, at most n − 1) go to the test part,
 * drawn per class in proportion to its size when stratified, uniformly otherwise.
 *
 * @example
 * const { train, test } = trainTestSplit(data, { testFraction: 0.25, seed: 1 });
 */
export function trainTestSplit<D extends Dataset>(data: D, options: SplitOptions = {}): Split<D> {
  const f = options.testFraction ?? 0.2;
  if (typeof f !== "number" || !(f > 0 && f < 1)) throw new GradscopeError(`data.testFraction: ${showValue(f)} is not allowed; expected a number in (0, 1)`);
  if (data.n < 2) throw new GradscopeError(`data ${data.name}: ${data.n} row${data.n === 1 ? "" : "s"} cannot be split; expected at least 2`);
  const rng = new Rng(options.seed ?? 0);
  const total = Math.min(data.n - 1, Math.max(1, Math.round(f * data.n)));
  const inTest = new Uint8Array(data.n);
  if (isClassification(data) && (options.stratify ?? true)) {
    const members: number[][] = Array.from({ length: data.classes }, () => []);
    for (let i = 0; i < data.n; i++) members[data.labels[i]].push(i);
    const sizes = allocate(members.map((m) => m.length), f, total);
    members.forEach((m, c) => {
      const p = rng.permutation(m.length);
      for (let k = 0; k < sizes[c]; k++) inTest[m[p[k]]] = 1;
    });
  } else {
    const p = rng.permutation(data.n);
    for (let k = 0; k < total; k++) inTest[p[k]] = 1;
  }
  const trainIndices: number[] = [];
  const testIndices: number[] = [];
  for (let i = 0; i < data.n; i++) (inTest[i] === 1 ? testIndices : trainIndices).push(i);
  return {
    train: selectRows(data, trainIndices),
    test: selectRows(data, testIndices),
    trainIndices: Int32Array.from(trainIndices),
    testIndices: Int32Array.from(testIndices),
  };
}
