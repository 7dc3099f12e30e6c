// The seeded generator: determinism (a golden stream and an independent BigInt model of
// xoshiro128**), statistics of uniform and normal draws, orthogonal matrices, permutations,
// and forked streams.
//
// Statistical tolerances are 5 standard errors of the estimator on n = 1e5 draws (a false
// alarm rate below 1e-6 per check); the streams are seeded, so each check is deterministic.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GradscopeError, Rng } from "../../src/core/index.js";

const N = 100_000;

/** Sample mean and central moments 2, 3, 4. */
function moments(xs: ArrayLike<number>): { mean: number; m2: number; m3: number; m4: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i];
  mean /= xs.length;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { mean, m2: m2 / xs.length, m3: m3 / xs.length, m4: m4 / xs.length };
}

function assertWithin(value: number, expected: number, tol: number, label: string): void {
  assert.ok(Math.abs(value - expected) <= tol, `${label}: ${value}, expected ${expected} ± ${tol}`);
}

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.uint32());
}

/** Pearson correlation of two equally long samples. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = moments(a), mb = moments(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - ma.mean) * (b[i] - mb.mean);
  return c / a.length / Math.sqrt(ma.m2 * mb.m2);
}

/**
 * An independent model in BigInt arithmetic modulo 2³²: the seeding documented in rng.ts
 * (splitmix32 from the low word, the high word xored into the state after the first output)
 * and the reference xoshiro128**
 * step of Blackman and Vigna.
 */
function bigintModel(seed: number): () => number {
  const M = (1n << 32n) - 1n;
  const u = (x: bigint): bigint => x & M;
  const rotl = (x: bigint, k: bigint): bigint => u((x << k) | (x >> (32n - k)));
  const hi = u(BigInt(Math.floor(seed / 4294967296)));
  let st = u(BigInt(seed));
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    st = u(st + 0x9e3779b9n);
    let z = st;
    z = u((z ^ (z >> 16n)) * 0x85ebca6bn);
    z = u((z ^ (z >> 13n)) * 0xc2b2ae35n);
    s.push(z ^ (z >> 16n));
    if (i === 0) st ^= hi;
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0n) s[0] = 1n;
  return () => {
    const result = u(rotl(u(s[1] * 5n), 7n) * 9n);
    const t = u(s[1] << 9n);
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    return Number(result);
  };
}

describe("rng: determinism", () => {
  test("golden: the first uint32 outputs of seed 42 (pins the stream on every platform)", () => {
    assert.deepEqual(draws(new Rng(42), 8), [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290, 65323186, 1112262688]);
    const r = new Rng(42);
    assert.equal(r.uniform(), 0.6606157208001621);
    assert.equal(r.normal(), 0.42782649220364344);
    assert.deepEqual([0, 1, 2, 3].map((k) => new Rng(42).fork(k).uint32()), [2437605045, 1348106888, 2612574053, 2153645937]);
  });

  test("the stream equals an independent BigInt model of the seeding and of xoshiro128**", () => {
    for (const seed of [0, 1, 42, -1, -123456789, 2 ** 32, 2 ** 40 + 3, 2 ** 53 - 1, 0xffffffff]) {
      const model = bigintModel(seed);
      const rng = new Rng(seed);
      for (let i = 0; i < 300; i++) assert.equal(rng.uint32(), model(), `seed ${seed}, draw ${i}`);
    }
  });

  test("same seed ⇒ identical streams of every kind; different seeds differ", () => {
    const a = new Rng(7), b = new Rng(7);
    assert.deepEqual(draws(a, 500), draws(b, 500));
    assert.deepEqual(Array.from(a.normalArray(101)), Array.from(b.normalArray(101)));
    assert.deepEqual(Array.from(a.uniformArray(50, -3, 2)), Array.from(b.uniformArray(50, -3, 2)));
    assert.deepEqual(Array.from(a.permutation(30)), Array.from(b.permutation(30)));
    assert.deepEqual(Array.from(a.orthogonal(4, 3)), Array.from(b.orthogonal(4, 3)));
    const seeds = [0, 1, 2, 7, 42, -1, -2, 2 ** 32 + 5, 2 ** 40, 2 ** 40 + 1, 2 ** 53 - 1];
    const heads = seeds.map((s) => draws(new Rng(s), 4).join(","));
    assert.equal(new Set(heads).size, seeds.length, "every seed starts its own stream");
  });

  test("distinct integer seeds up to 2^53 give distinct streams, as rng.ts promises", () => {
    assert.notDeepEqual(draws(new Rng(-2), 4), draws(new Rng(2 ** 32), 4));
    assert.notDeepEqual(draws(new Rng(-1), 4), draws(new Rng(2 ** 32 + 1), 4));
  });

  test("a non-finite seed is rejected", () => {
    for (const bad of [NaN, Infinity, -Infinity, 0.5, 2 ** 54]) {
      assert.throws(() => new Rng(bad), (e: unknown) => e instanceof GradscopeError && /seed/.test(e.message));
    }
  });
});

describe("rng: distributions (tolerance 5 standard errors, n = 1e5)", () => {
  test("uniform in [0, 1): mean 1/2, variance 1/12, flat histogram, 53-bit resolution", () => {
    const xs = new Rng(1).uniformArray(N);
    const m = moments(xs);
    // se(mean) = √(1/12 / n); se(var) = √((1/80 − 1/144) / n)
    assertWithin(m.mean, 0.5, 5 * Math.sqrt(1 / 12 / N), "mean");
    assertWithin(m.m2, 1 / 12, 5 * Math.sqrt((1 / 80 - 1 / 144) / N), "variance");
    assert.ok(xs.every((v) => v >= 0 && v < 1));
    // χ² over 20 bins, 19 degrees of freedom: mean 19, sd √38; reject above mean + 5 sd.
    const bins = new Array<number>(20).fill(0);
    for (const v of xs) bins[Math.floor(v * 20)]++;
    const chi2 = bins.reduce((s, c) => s + (c - N / 20) ** 2 / (N / 20), 0);
    assert.ok(chi2 < 19 + 5 * Math.sqrt(38), `χ² = ${chi2}`);
    // Values are multiples of 2⁻⁵³ and use the low bits too (not a 32-bit float).
    const lowBits = xs.filter((v) => (v * 2 ** 53) % 2 ** 21 !== 0).length;
    assert.ok(lowBits > N * 0.99, "uses more than 32 bits");
    assert.ok(xs.every((v) => Number.isInteger(v * 2 ** 53)));
  });

  test("uniformIn, uniformArray and int respect their ranges", () => {
    const r = new Rng(2);
    const ys = r.uniformArray(10_000, -3, 5);
    assert.ok(ys.every((v) => v >= -3 && v < 5));
    assertWithin(moments(ys).mean, 1, 5 * 8 * Math.sqrt(1 / 12 / 10_000), "uniformArray(−3, 5) mean");
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = r.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
      counts[k]++;
    }
    // Each count is Binomial(70000, 1/7): sd √(70000·(1/7)(6/7)) ≈ 92.6.
    for (const c of counts) assertWithin(c, 10_000, 5 * Math.sqrt(70_000 / 7 * 6 / 7), "int(7) count");
    const v = r.uniformIn(2, 2.5);
    assert.ok(v >= 2 && v < 2.5);
  });

  test("normal: mean 0, std 1, skewness 0, kurtosis 3", () => {
    const zs = new Rng(3).normalArray(N);
    const m = moments(zs);
    const sd = Math.sqrt(m.m2);
    // se(mean) = 1/√n; se(variance) = √(2/n); se(E z³) = √(15/n); se(E z⁴) = √(96/n).
    assertWithin(m.mean, 0, 5 / Math.sqrt(N), "mean");
    assertWithin(m.m2, 1, 5 * Math.sqrt(2 / N), "variance");
    assertWithin(sd, 1, 5 * Math.sqrt(0.5 / N), "std");
    assertWithin(m.m3 / sd ** 3, 0, 5 * Math.sqrt(15 / N), "skewness");
    assertWithin(m.m4 / sd ** 4, 3, 5 * Math.sqrt(96 / N), "kurtosis");
    // Tail mass beyond 3σ: 0.0026998; binomial sd √(n p (1 − p)).
    const tail = zs.filter((z) => Math.abs(z) > 3).length;
    assertWithin(tail, N * 0.0026998, 5 * Math.sqrt(N * 0.0026998 * (1 - 0.0026998)), "|z| > 3 count");
    assert.ok(zs.every(Number.isFinite));
  });

  test("normal(mean, std) and normalArray shift and scale the standard draws", () => {
    const a = new Rng(4), b = new Rng(4);
    const z = a.normalArray(1001);
    const y = b.normalArray(1001, 3, 0.5);
    for (let i = 0; i < z.length; i++) assertWithin(y[i], 3 + 0.5 * z[i], 1e-15 * 4, `draw ${i}`);
    const c = new Rng(4);
    assert.deepEqual(Array.from({ length: 5 }, () => c.normal()), Array.from(z.slice(0, 5)), "normalArray = repeated normal()");
  });

  test("consecutive normal draws (the Box–Muller pair) are uncorrelated", () => {
    const zs = new Rng(5).normalArray(2 * N);
    const even = zs.filter((_, i) => i % 2 === 0), odd = zs.filter((_, i) => i % 2 === 1);
    assertWithin(correlation(even, odd), 0, 5 / Math.sqrt(N), "corr(z₂ₖ, z₂ₖ₊₁)");
    const sqEven = even.map((z) => z * z), sqOdd = odd.map((z) => z * z);
    assertWithin(correlation(sqEven, sqOdd), 0, 5 / Math.sqrt(N), "corr(z₂ₖ², z₂ₖ₊₁²)");
  });
});

describe("rng: orthogonal", () => {
  /** G = WᵀW (tall: gram of columns) or WWᵀ (wide: gram of rows). */
  function gram(w: Float64Array, rows: number, cols: number): { n: number; g: number[] } {
    const tall = rows >= cols;
    const n = tall ? cols : rows;
    const g: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        if (tall) for (let r = 0; r < rows; r++) s += w[r * cols + i] * w[r * cols + j];
        else for (let c = 0; c < cols; c++) s += w[i * cols + c] * w[j * cols + c];
        g.push(s);
      }
    }
    return { n, g };
  }

  for (const [rows, cols, gain] of [[7, 3, 1], [3, 7, 1], [5, 5, 1], [6, 2, 2], [2, 6, 0.5], [1, 4, 1.5], [4, 1, 3], [64, 32, Math.SQRT2]]) {
    test(`[${rows}, ${cols}] gain ${gain}: ${rows >= cols ? "WᵀW" : "WWᵀ"} = gain²·I to 1e-12`, () => {
      const w = new Rng(rows * 100 + cols).orthogonal(rows, cols, gain);
      assert.equal(w.length, rows * cols);
      const { n, g } = gram(w, rows, cols);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          assertWithin(g[i * n + j], i === j ? gain * gain : 0, 1e-12 * Math.max(1, gain * gain), `G[${i}][${j}]`);
        }
      }
    });
  }

  test("the default gain is 1, and different generators give different matrices", () => {
    const a = new Rng(1).orthogonal(4, 4), b = new Rng(2).orthogonal(4, 4);
    const { g } = gram(a, 4, 4);
    assertWithin(g[0], 1, 1e-12, "unit columns");
    assert.notDeepEqual(Array.from(a), Array.from(b));
  });

  test("an entry has the moments of a Haar-distributed frame: E[w] = 0, E[w⁴] = 3/(n(n + 2))", () => {
    // A column of a Haar orthonormal [n, m] frame is uniform on the unit sphere of Rⁿ, so one
    // entry has E[w⁴] = 3/(n(n+2)) and E[w⁸] = 105/(n(n+2)(n+4)(n+6)) (which gives its se).
    const r = new Rng(9);
    const n = 8, trials = 4000;
    const first: number[] = [], last: number[] = [];
    for (let t = 0; t < trials; t++) {
      const w = r.orthogonal(n, 3);
      first.push(w[0]);
      last.push(w[w.length - 1]);
    }
    for (const [label, xs] of [["W[0][0]", first], ["W[n−1][m−1]", last]] as const) {
      assertWithin(moments(xs).mean, 0, 5 * Math.sqrt(1 / n / trials), `${label} mean`);
      const m4 = xs.reduce((s, v) => s + v ** 4, 0) / trials;
      const e4 = 3 / (n * (n + 2)), e8 = 105 / (n * (n + 2) * (n + 4) * (n + 6));
      assertWithin(m4, e4, 5 * Math.sqrt((e8 - e4 * e4) / trials), `${label} fourth moment`);
    }
  });
});

describe("rng: permutation", () => {
  test("is a permutation of [0, n) for several n", () => {
    const r = new Rng(11);
    for (const n of [0, 1, 2, 3, 10, 257]) {
      const p = r.permutation(n);
      assert.equal(p.length, n);
      assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }
  });

  test("every position of every element is equally likely", () => {
    const r = new Rng(12);
    const n = 5, trials = 20_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let t = 0; t < trials; t++) r.permutation(n).forEach((v, i) => counts[v][i]++);
    // Binomial(trials, 1/n): sd √(trials·(1/n)(1 − 1/n)).
    const sd = Math.sqrt(trials * (1 / n) * (1 - 1 / n));
    for (const row of counts) for (const c of row) assertWithin(c, trials / n, 5 * sd, "count");
  });
});

describe("rng: fork", () => {
  test("forks are reproducible and do not depend on how far the parent has advanced", () => {
    const parent = new Rng(42);
    const a = draws(parent.fork(3), 100);
    draws(parent, 1000);
    assert.deepEqual(draws(parent.fork(3), 100), a);
    assert.deepEqual(draws(new Rng(42).fork(3), 100), a);
  });

  test("forks differ from each other, from the parent, and across parent seeds", () => {
    const heads = new Set<string>();
    for (const seed of [1, 2, 42]) {
      heads.add(draws(new Rng(seed), 4).join(","));
      for (const k of [0, 1, 2, 3, 65535, 65536, 1e6]) heads.add(draws(new Rng(seed).fork(k), 4).join(","));
    }
    assert.equal(heads.size, 3 * 8);
  });

  test("fork streams are statistically independent of each other and of the parent", () => {
    const n = 20_000;
    const streams = [new Rng(7), ...[0, 1, 2].map((k) => new Rng(7).fork(k))].map((r) => r.uniformArray(n));
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        // Under independence the correlation has sd 1/√n.
        assertWithin(correlation(streams[i], streams[j]), 0, 5 / Math.sqrt(n), `corr(stream ${i}, stream ${j})`);
      }
    }
    const nested = new Rng(7).fork(0).fork(0).uniformArray(n);
    assertWithin(correlation(nested, streams[1]), 0, 5 / Math.sqrt(n), "corr(fork(0).fork(0), fork(0))");
  });
});
