// Seeded train/test splits (sizes, stratification, determinism), standardization fitted on the
// training part only, row selection, and the finiteness check that names row and column.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  applyStandardization, assertFinite, blobs, classCounts, fitStandardization, gaussian, selectRows, standardize, trainTestSplit,
  type ClassificationData, type RegressionData,
} from "../../src/experiment/datasets/index.js";

/** A classification set with the given number of rows per class (x = row index, two features). */
function uneven(counts: number[]): ClassificationData {
  const labels = counts.flatMap((m, c) => Array<number>(m).fill(c));
  const n = labels.length;
  const x = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : -k));
  return { kind: "classification", name: "uneven", x, labels: Int32Array.from(labels), n, features: 2, classes: counts.length };
}

describe("trainTestSplit", () => {
  test("sizes: round(f·n) rows in test, the rest in train, disjoint and covering, rows carried with their labels", () => {
    const d = blobs({ n: 600 }, 1);
    const s = trainTestSplit(d, { testFraction: 0.2, seed: 3 });
    assert.equal(s.test.n, 120);
    assert.equal(s.train.n, 480);
    const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 600 }, (_, i) => i));
    for (const [part, idx] of [[s.train, s.trainIndices], [s.test, s.testIndices]] as const) {
      for (let i = 0; i < part.n; i++) {
        assert.equal(part.labels[i], d.labels[idx[i]]);
        assert.deepEqual(part.x.subarray(2 * i, 2 * i + 2), d.x.subarray(2 * idx[i], 2 * idx[i] + 2));
      }
    }
  });
  test("stratified: each class's test share is its largest-remainder share of round(f·n)", () => {
    const s = trainTestSplit(uneven([7, 13, 30]), { testFraction: 0.3, seed: 1 });
    assert.deepEqual(Array.from(classCounts(s.test)), [2, 4, 9]);
    assert.deepEqual(Array.from(classCounts(s.train)), [5, 9, 21]);
    const b = trainTestSplit(blobs({ n: 600 }, 2), { seed: 5 });
    assert.deepEqual(Array.from(classCounts(b.test)), [40, 40, 40]);
  });
  test("unstratified splits draw uniformly, so class shares wander", () => {
    const shares = new Set<string>();
    for (let seed = 0; seed < 10; seed++) shares.add(classCounts(trainTestSplit(blobs({ n: 600 }, 2), { seed, stratify: false }).test).join());
    assert.ok(shares.size > 1);
  });
  test("deterministic for a seed, different across seeds", () => {
    const d = uneven([50, 50]);
    assert.deepEqual(trainTestSplit(d, { seed: 9 }).testIndices, trainTestSplit(d, { seed: 9 }).testIndices);
    assert.notDeepEqual(trainTestSplit(d, { seed: 9 }).testIndices, trainTestSplit(d, { seed: 10 }).testIndices);
  });
  test("regression sets split uniformly and keep their targets", () => {
    const d = gaussian({ n: 50, dimension: 2, task: "regression", outputs: 2 }, 1) as RegressionData;
    const s = trainTestSplit(d, { testFraction: 0.1, seed: 2 });
    assert.equal(s.test.n, 5);
    assert.equal(s.test.kind, "regression");
    for (let i = 0; i < 5; i++) assert.deepEqual(s.test.targets.subarray(2 * i, 2 * i + 2), d.targets.subarray(2 * s.testIndices[i], 2 * s.testIndices[i] + 2));
  });
  test("at least one row on each side, and bad fractions are errors naming the field", () => {
    const tiny = uneven([1, 2]);
    assert.equal(trainTestSplit(tiny, { testFraction: 0.01 }).test.n, 1);
    assert.equal(trainTestSplit(tiny, { testFraction: 0.99 }).train.n, 1);
    assert.throws(() => trainTestSplit(tiny, { testFraction: 0 }), { message: "data.testFraction: 0 is not allowed; expected a number in (0, 1)" });
    assert.throws(() => trainTestSplit(tiny, { testFraction: 1 }), { message: "data.testFraction: 1 is not allowed; expected a number in (0, 1)" });
    assert.throws(() => trainTestSplit(uneven([1]), {}), { message: "data uneven: 1 row cannot be split; expected at least 2" });
  });
});

describe("standardization", () => {
  test("fitted on train: train features have mean ≈ 0 and std ≈ 1; test uses the train parameters", () => {
    const d = blobs({ n: 1000, dimension: 3, noise: 2 }, 4);
    const { train, test } = trainTestSplit(d, { seed: 1 });
    const s = standardize(train, test);
    assert.equal(s.params.mean.length, 3);
    for (let j = 0; j < 3; j++) {
      let m = 0, v = 0;
      for (let i = 0; i < s.train.n; i++) m += s.train.x[i * 3 + j] / s.train.n;
      for (let i = 0; i < s.train.n; i++) v += (s.train.x[i * 3 + j] - m) ** 2 / s.train.n;
      assert.ok(Math.abs(m) < 1e-12 && Math.abs(v - 1) < 1e-12, `feature ${j}: mean ${m}, variance ${v}`);
      const t = s.test as ClassificationData;
      assert.ok(Math.abs((t.x[j] - ((test.x[j] - s.params.mean[j]) / s.params.std[j]))) < 1e-15);
    }
    assert.deepEqual(s.train.labels, train.labels);
    assert.ok(JSON.parse(JSON.stringify(s.params)).std.length === 3, "the parameters record as JSON arrays");
  });
  test("a constant feature gets std 1 (so it is only centred), even when the mean is not exact", () => {
    const x = Float64Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 0.1 : k));
    const d: ClassificationData = { kind: "classification", name: "c", x, labels: new Int32Array(10), n: 10, features: 2, classes: 1 };
    const p = fitStandardization(d);
    assert.equal(p.std[0], 1);
    assert.ok(Math.abs(p.mean[0] - 0.1) < 1e-15);
    assert.ok(applyStandardization(d, p).x.every((v, k) => k % 2 === 1 || Math.abs(v) < 1e-15));
  });
  test("mismatched feature counts are an error", () => {
    const p = fitStandardization(blobs({ dimension: 3 }, 1));
    assert.throws(() => applyStandardization(blobs({}, 1), p), { message: "data blobs: the standardization was fitted on 3 features; this data has 2" });
  });
});

describe("finiteness and row selection", () => {
  test("NaN and ±Inf are errors naming the row, the column and its name (counted from 1)", () => {
    const d = blobs({ n: 10 }, 1);
    const x = d.x.slice();
    x[2 * 4 + 1] = NaN;
    assert.throws(() => assertFinite({ ...d, x }), { message: 'data blobs: x at row 5, column 2 ("x2") is NaN; every value must be a finite number' });
    assert.throws(() => fitStandardization({ ...d, x }), { message: /row 5, column 2/ });
    const r = gaussian({ n: 4, dimension: 2, task: "regression" }, 1) as RegressionData;
    const targets = r.targets.slice();
    targets[3] = -Infinity;
    assert.throws(() => assertFinite({ ...r, targets }), { message: "data gaussian: targets at row 4, column 1 is -Infinity; every value must be a finite number" });
    assert.throws(() => assertFinite({ ...d, labels: Int32Array.from(d.labels, (c, i) => (i === 2 ? 7 : c)) }), { message: "data blobs: label at row 3 is 7; expected a class index in [0, 3)" });
  });
  test("selectRows keeps the rows given, in order, and rejects indices outside the data", () => {
    const d = uneven([2, 2]);
    const s = selectRows(d, [3, 0]);
    assert.deepEqual(Array.from(s.x), [3, -7, 0, -1]);
    assert.deepEqual(Array.from(s.labels), [1, 0]);
    assert.throws(() => selectRows(d, [4]), { message: "data: row index 4 is outside [0, 4)" });
  });
});
