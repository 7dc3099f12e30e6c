// The synthetic data sets: shapes, class balance, bit-identical output for a seed, different
// output across seeds, and the geometry each one promises (radii, quadrants, a separating curve,
// cluster centres, a linear rule). spirals is pinned to fingerprints of its output before the
// data-set table existed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  blobs, circles, classCounts, gaussian, moons, spirals, spiralsSet, xor,
  type ClassificationData, type Dataset, type RegressionData,
} from "../../src/experiment/datasets/index.js";

/** FNV-1a over the bytes of a typed array: a fingerprint of its exact bits. */
function fnv(a: Float64Array | Int32Array): number {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (const v of b) h = Math.imul(h ^ v, 0x01000193) >>> 0;
  return h;
}

function bytes(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function assertSameBits(a: Dataset, b: Dataset): void {
  assert.deepEqual(bytes(a.x), bytes(b.x));
  if (a.kind === "regression") assert.deepEqual(bytes(a.targets), bytes((b as RegressionData).targets));
  else assert.deepEqual(bytes(a.labels), bytes((b as ClassificationData).labels));
}

function assertBalanced(d: ClassificationData): void {
  const counts = Array.from(classCounts(d));
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${d.name}: class counts ${counts.join(", ")}`);
}

function assertShape(d: ClassificationData, n: number, features: number, classes: number): void {
  assert.equal(d.kind, "classification");
  assert.equal(d.n, n);
  assert.equal(d.features, features);
  assert.equal(d.classes, classes);
  assert.equal(d.x.length, n * features);
  assert.equal(d.labels.length, n);
  assert.equal(d.featureNames?.length, features);
  for (const c of d.labels) assert.ok(c >= 0 && c < classes);
}

type Maker = (seed: number) => ClassificationData;
const makers: [string, Maker, number, number, number][] = [
  ["spirals", (s) => spiralsSet({}, s), 600, 2, 3],
  ["moons", (s) => moons({ n: 301 }, s), 301, 2, 2],
  ["circles", (s) => circles({ n: 400 }, s), 400, 2, 2],
  ["xor", (s) => xor({ n: 402 }, s), 402, 2, 2],
  ["blobs", (s) => blobs({ n: 500, classes: 4, dimension: 3 }, s), 500, 3, 4],
  ["gaussian", (s) => gaussian({ n: 300, dimension: 7, classes: 3 }, s) as ClassificationData, 300, 7, 3],
];

describe("every synthetic set", () => {
  for (const [name, make, n, features, classes] of makers) {
    test(`${name}: shape [${n}, ${features}], ${classes} classes, finite`, () => {
      const d = make(1);
      assert.equal(d.name, name);
      assertShape(d, n, features, classes);
      assert.ok(d.x.every(Number.isFinite));
    });
    if (name !== "gaussian") test(`${name}: classes balanced to within one point`, () => assertBalanced(make(2)));
    test(`${name}: the same seed gives bit-identical data`, () => assertSameBits(make(42), make(42)));
    test(`${name}: different seeds give different data`, () => assert.notEqual(fnv(make(1).x), fnv(make(2).x)));
  }
});

describe("spirals", () => {
  test("output is unchanged (fingerprints of x and labels taken before the table existed)", () => {
    const cases: [number, number, number, number, number, number][] = [
      [600, 3, 0.2, 1, 726187932, 1252606981],
      [601, 4, 0.5, 7, 2084797549, 2366373525],
      [10, 2, 0, 3, 2822525390, 2903234196],
    ];
    for (const [n, classes, noise, seed, fx, fl] of cases) {
      const d = spirals(n, classes, noise, seed);
      assert.equal(fnv(d.x), fx, `x of spirals(${n}, ${classes}, ${noise}, ${seed})`);
      assert.equal(fnv(d.labels), fl);
    }
    assert.equal(fnv(spiralsSet({ n: 601, classes: 4, noise: 0.5 }, 7).x), 2084797549);
  });
  test("without noise, the points of a class lie on its arm θ = 4r + 2πc/classes", () => {
    const d = spirals(300, 3, 0, 1);
    for (let k = 0; k < d.n; k++) {
      const [u, v] = [d.x[2 * k], d.x[2 * k + 1]];
      const r = Math.hypot(u, v);
      const theta = 4 * r + (2 * Math.PI * d.labels[k]) / 3;
      assert.ok(Math.abs(u - r * Math.sin(theta)) < 1e-12 && Math.abs(v - r * Math.cos(theta)) < 1e-12);
    }
  });
});

describe("moons", () => {
  /** The curve y = ¼ + ½ cos(πx) passes between the moons with a vertical margin of ¼. */
  const curve = (u: number): number => 0.25 + 0.5 * Math.cos(Math.PI * u);
  const side = (d: ClassificationData, k: number): number => (d.x[2 * k + 1] > curve(d.x[2 * k]) ? 0 : 1);

  test("without noise, each point is on its unit half circle and the curve separates the classes", () => {
    const d = moons({ n: 1000, noise: 0 }, 3);
    for (let k = 0; k < d.n; k++) {
      const [u, v] = [d.x[2 * k], d.x[2 * k + 1]];
      const [cu, cv, dir] = d.labels[k] === 0 ? [0, 0, 1] : [1, 0.5, -1];
      assert.ok(Math.abs(Math.hypot(u - cu, v - cv) - 1) < 1e-12);
      assert.ok(dir * (v - cv) >= 0, "upper half for class 0, lower half for class 1");
      assert.ok(Math.abs(v - curve(u)) >= 0.25 - 1e-12);
      assert.equal(side(d, k), d.labels[k]);
    }
  });
  test("with noise 0.1 the same curve still classifies at least 95% of the points", () => {
    const d = moons({ n: 2000, noise: 0.1 }, 4);
    let right = 0;
    for (let k = 0; k < d.n; k++) if (side(d, k) === d.labels[k]) right++;
    assert.ok(right / d.n >= 0.95, `${right / d.n}`);
  });
});

describe("circles", () => {
  test("without noise, class 0 lies on radius 1 and class 1 on radius factor", () => {
    const d = circles({ n: 500, noise: 0, factor: 0.3 }, 5);
    for (let k = 0; k < d.n; k++) {
      const r = Math.hypot(d.x[2 * k], d.x[2 * k + 1]);
      assert.ok(Math.abs(r - (d.labels[k] === 0 ? 1 : 0.3)) < 1e-12, `radius ${r}`);
    }
  });
  test("with noise the mean radii stay near 1 and factor, and the angles cover the circle", () => {
    const d = circles({ n: 4000, noise: 0.05 }, 6);
    const sums = [0, 0];
    const quadrants = new Set<number>();
    for (let k = 0; k < d.n; k++) {
      sums[d.labels[k]] += Math.hypot(d.x[2 * k], d.x[2 * k + 1]);
      quadrants.add((d.x[2 * k] > 0 ? 1 : 0) + (d.x[2 * k + 1] > 0 ? 2 : 0));
    }
    assert.ok(Math.abs(sums[0] / 2000 - 1) < 0.01 && Math.abs(sums[1] / 2000 - 0.5) < 0.01, `${sums[0] / 2000}, ${sums[1] / 2000}`);
    assert.equal(quadrants.size, 4);
  });
});

describe("xor", () => {
  test("without noise, label 1 exactly where x₁·x₂ < 0, each quadrant a quarter of the points, inside [−1, 1]²", () => {
    const d = xor({ n: 800 }, 7);
    const perQuadrant = [0, 0, 0, 0];
    for (let k = 0; k < d.n; k++) {
      const [u, v] = [d.x[2 * k], d.x[2 * k + 1]];
      assert.ok(Math.abs(u) <= 1 && Math.abs(v) <= 1);
      assert.equal(d.labels[k], u * v < 0 ? 1 : 0);
      perQuadrant[(u > 0 ? 1 : 0) + (v > 0 ? 2 : 0)]++;
    }
    assert.deepEqual(perQuadrant, [200, 200, 200, 200]);
  });
  test("noise moves points across the axes but labels stay those of the clean quadrant", () => {
    const d = xor({ n: 4000, noise: 0.3 }, 8);
    let agree = 0;
    for (let k = 0; k < d.n; k++) if ((d.x[2 * k] * d.x[2 * k + 1] < 0 ? 1 : 0) === d.labels[k]) agree++;
    assert.ok(agree / d.n > 0.6 && agree / d.n < 0.95, `${agree / d.n}`);
  });
});

describe("blobs", () => {
  test("each class is a Gaussian cloud with per-coordinate std = noise around its own centre", () => {
    const d = blobs({ n: 6000, classes: 3, dimension: 2, noise: 0.5, spread: 5 }, 9);
    const means: number[][] = [[0, 0], [0, 0], [0, 0]];
    for (let k = 0; k < d.n; k++) for (let j = 0; j < 2; j++) means[d.labels[k]][j] += d.x[2 * k + j] / 2000;
    let ss = 0;
    for (let k = 0; k < d.n; k++) for (let j = 0; j < 2; j++) ss += (d.x[2 * k + j] - means[d.labels[k]][j]) ** 2;
    const std = Math.sqrt(ss / (2 * d.n));
    assert.ok(Math.abs(std - 0.5) < 0.02, `pooled within-class std ${std}`);
    for (const m of means) assert.ok(Math.abs(m[0]) <= 5.05 && Math.abs(m[1]) <= 5.05, `centre ${m}`);
    assert.ok(Math.hypot(means[0][0] - means[1][0], means[0][1] - means[1][1]) > 0.1);
  });
  test("noise 0 puts every point of a class on its centre", () => {
    const d = blobs({ n: 30, classes: 3, dimension: 4, noise: 0 }, 10);
    for (let k = 3; k < d.n; k++) assert.deepEqual(d.x.subarray(4 * k, 4 * k + 4), d.x.subarray(4 * (k % 3), 4 * (k % 3) + 4));
  });
  test("n below the number of classes is an error naming the field", () => {
    assert.throws(() => blobs({ n: 2, classes: 3 }), { message: "data.n: 2 is not allowed; expected an integer ≥ data.classes (3)" });
  });
});

/** The least-squares residual ‖Y − X B‖² / ‖Y‖² of targets Y [n, o] on inputs X [n, d], by the normal equations. */
function linearResidual(x: Float64Array, y: Float64Array, n: number, d: number, o: number): number {
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d + o }, (_, j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[k * d + i] * (j < d ? x[k * d + j] : y[k * o + j - d]);
    return s;
  }));
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < d; r++) {
      if (r === i) continue;
      const m = a[r][i] / a[i][i];
      for (let j = i; j < d + o; j++) a[r][j] -= m * a[i][j];
    }
  }
  let res = 0, tot = 0;
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < o; c++) {
      let p = 0;
      for (let i = 0; i < d; i++) p += x[k * d + i] * (a[i][d + c] / a[i][i]);
      res += (y[k * o + c] - p) ** 2;
      tot += y[k * o + c] ** 2;
    }
  }
  return res / tot;
}

describe("gaussian", () => {
  test("inputs are N(0, I): mean ≈ 0 and variance ≈ 1 in every dimension", () => {
    const d = gaussian({ n: 20000, dimension: 4 }, 11);
    for (let j = 0; j < 4; j++) {
      let s = 0, ss = 0;
      for (let k = 0; k < d.n; k++) {
        s += d.x[k * 4 + j];
        ss += d.x[k * 4 + j] ** 2;
      }
      assert.ok(Math.abs(s / d.n) < 5 / Math.sqrt(d.n) && Math.abs(ss / d.n - 1) < 5 * Math.sqrt(2 / d.n), `dimension ${j}`);
    }
  });
  test("the linear rule: regression targets are exactly linear in x, and class labels are their arg-max", () => {
    const reg = gaussian({ n: 400, dimension: 6, task: "regression", outputs: 2 }, 12) as RegressionData;
    assert.equal(reg.kind, "regression");
    assert.equal(reg.targets.length, 800);
    assert.equal(reg.outputs, 2);
    assert.ok(linearResidual(reg.x, reg.targets, 400, 6, 2) < 1e-20);
    const cls = gaussian({ n: 400, dimension: 6, classes: 2 }, 12) as ClassificationData;
    assert.deepEqual(cls.x, reg.x, "the inputs do not depend on the task");
    for (let k = 0; k < 400; k++) assert.equal(cls.labels[k], reg.targets[2 * k + 1] > reg.targets[2 * k] ? 1 : 0);
    const counts = classCounts(cls);
    assert.ok(counts[0] > 120 && counts[1] > 120, `${counts}`);
  });
  test("the teacher rule is not linear, and its noise-free labels of an odd teacher are balanced", () => {
    const reg = gaussian({ n: 2000, dimension: 5, task: "regression", rule: "teacher", width: 16, depth: 3 }, 13) as RegressionData;
    const r = linearResidual(reg.x, reg.targets, 2000, 5, 1);
    assert.ok(r > 0.01, `a linear fit leaves ${r} of the variance`);
    const cls = gaussian({ n: 4000, dimension: 5, rule: "teacher" }, 14) as ClassificationData;
    assert.ok(Math.abs(classCounts(cls)[0] / 4000 - 0.5) < 0.1);
  });
  test("noise flips some labels of the same rule and inputs", () => {
    const clean = gaussian({ n: 2000, dimension: 3 }, 15) as ClassificationData;
    const noisy = gaussian({ n: 2000, dimension: 3, noise: 0.5 }, 15) as ClassificationData;
    assert.deepEqual(clean.x, noisy.x);
    let differ = 0;
    for (let k = 0; k < 2000; k++) if (clean.labels[k] !== noisy.labels[k]) differ++;
    assert.ok(differ > 20 && differ < 800, `${differ}`);
  });
});
