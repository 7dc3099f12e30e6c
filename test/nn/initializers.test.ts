// The initializer table of src/nn/initializers.ts: large draws have the mean and variance of
// their definition (within 5 standard errors), the deterministic ones are exact, aliases draw
// the same numbers, and bad specs name the field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Rng } from "../../src/core/index.js";
import { Network, defaultNetworkSpec, initNames, initialize, initializeBias, type InitSpec } from "../../src/nn/index.js";

/** Excess kurtosis + 3 (the fourth standardized moment) of the two draw shapes. */
const KURTOSIS = { normal: 3, uniform: 9 / 5 } as const;
/** How many standard errors a sample moment may stray from its definition. */
const Z = 5;

/**
 * Checks the sample mean and variance of w against mean 0 and `variance`: the mean within
 * Z·σ/√N, the (biased, about 0) second moment within Z·σ²·√((κ − 1)/N), κ the distribution's
 * kurtosis; for uniform draws also |w| ≤ √(3·variance).
 */
function assertMoments(what: string, w: Float64Array, variance: number, shape: keyof typeof KURTOSIS): void {
  const n = w.length;
  let s = 0, s2 = 0, maxAbs = 0;
  for (const v of w) {
    s += v;
    s2 += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / n;
  const second = s2 / n;
  const seMean = Math.sqrt(variance / n);
  const seVar = variance * Math.sqrt((KURTOSIS[shape] - 1) / n);
  assert.ok(Math.abs(mean) <= Z * seMean, `${what}: mean ${mean}, expected 0 ± ${Z * seMean}`);
  assert.ok(Math.abs(second - variance) <= Z * seVar, `${what}: variance ${second}, expected ${variance} ± ${Z * seVar}`);
  if (shape === "uniform") assert.ok(maxAbs <= Math.sqrt(3 * variance) * (1 + 1e-12), `${what}: |w| reaches ${maxAbs} > limit ${Math.sqrt(3 * variance)}`);
}

// Weights are [out, fanIn]; out ≠ fanIn so that fan-in and fan-out variances differ (by 4×).
const OUT = 256;
const FAN_IN = 1024;
const draw = (spec: InitSpec | string, seed: number, out = OUT, fanIn = FAN_IN) => initialize(spec, out, fanIn, new Rng(seed));

test("normal(std) and uniform(limit): variance std² and limit²/3", () => {
  assertMoments("normal default", draw("normal", 1), 1, "normal");
  assertMoments("normal std 0.3", draw({ name: "normal", std: 0.3 }, 2), 0.09, "normal");
  assertMoments("uniform default", draw("uniform", 3), 1 / 3, "uniform");
  assertMoments("uniform limit 2.5", draw({ name: "uniform", limit: 2.5 }, 4), 2.5 ** 2 / 3, "uniform");
});

test("standard: U[−1/√fan_in, 1/√fan_in], variance 1/(3·fan_in)", () => {
  assertMoments("standard", draw("standard", 5), 1 / (3 * FAN_IN), "uniform");
  assertMoments("standard (wide)", draw("standard", 6, 1024, 256), 1 / (3 * 256), "uniform");
});

test("xavierNormal/Uniform: variance gain²·2/(fan_in + fan_out)", () => {
  for (const gain of [1, 1.7]) {
    const v = (gain * gain * 2) / (FAN_IN + OUT);
    assertMoments(`xavierNormal gain ${gain}`, draw({ name: "xavierNormal", gain }, 7), v, "normal");
    assertMoments(`xavierUniform gain ${gain}`, draw({ name: "xavierUniform", gain }, 8), v, "uniform");
  }
});

test("heNormal/Uniform: variance 2/(1 + a²)/fan with fan_in (default) or fan_out", () => {
  for (const slope of [0, 0.2, 1]) {
    const gain2 = 2 / (1 + slope * slope);
    for (const mode of [undefined, "fanIn", "fanOut"] as const) {
      const fan = mode === "fanOut" ? OUT : FAN_IN;
      const spec = { slope, ...(mode === undefined ? {} : { mode }) };
      assertMoments(`heNormal slope ${slope} ${mode ?? "default"}`, draw({ name: "heNormal", ...spec }, 11), gain2 / fan, "normal");
      assertMoments(`heUniform slope ${slope} ${mode ?? "default"}`, draw({ name: "heUniform", ...spec }, 12), gain2 / fan, "uniform");
    }
  }
});

test("lecunNormal/Uniform: variance 1/fan_in", () => {
  assertMoments("lecunNormal", draw("lecunNormal", 13), 1 / FAN_IN, "normal");
  assertMoments("lecunUniform", draw("lecunUniform", 14), 1 / FAN_IN, "uniform");
});

test("meanField: weights N(0, σ_w²/fan_in), biases N(0, σ_b²)", () => {
  assertMoments("meanField default σ_w² = 1", draw("meanField", 15), 1 / FAN_IN, "normal");
  assertMoments("meanField σ_w² = 1.8", draw({ name: "meanField", sigmaW2: 1.8 }, 16), 1.8 / FAN_IN, "normal");
  const bias = initializeBias({ name: "meanField", sigmaB2: 0.05 }, OUT * FAN_IN, FAN_IN, new Rng(17));
  assert.equal(bias.length, OUT * FAN_IN);
  assertMoments("meanField bias σ_b² = 0.05", bias, 0.05, "normal");
  assert.deepEqual(initializeBias({ name: "meanField", sigmaB2: 0 }, 16, 1, new Rng(1)), new Float64Array(16));
  // A one-input layer's weight still gets σ_w²/fan_in, not the bias variance.
  assertMoments("meanField weight with fan_in 1", initialize({ name: "meanField", sigmaW2: 1.8, sigmaB2: 0.05 }, OUT * FAN_IN, 1, new Rng(18)), 1.8, "normal");
});

test("standard bias init: U[−1/√fan_in, 1/√fan_in] as PyTorch's nn.Linear bias", () => {
  const b = initializeBias("standard", OUT * FAN_IN, FAN_IN, new Rng(19));
  assert.ok(b.every((v) => Math.abs(v) <= 1 / Math.sqrt(FAN_IN)));
  assertMoments("standard bias", b, 1 / (3 * FAN_IN), "uniform");
});

test("a draw too small to be right fails the moment check (the check has teeth)", () => {
  const w = draw({ name: "normal", std: 1.01 }, 18);
  assert.throws(() => assertMoments("std 1.01 as 1", w, 1, "normal"), /variance/);
  assert.throws(() => assertMoments("he fanIn as fanOut", draw("heNormal", 19), 2 / OUT, "normal"), /variance/);
});

/** G = WᵀW (cols × cols) or WWᵀ (rows × rows) of a row-major [rows, cols] matrix. */
function gram(w: Float64Array, rows: number, cols: number, side: "cols" | "rows"): Float64Array {
  const n = side === "cols" ? cols : rows;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      if (side === "cols") for (let r = 0; r < rows; r++) s += w[r * cols + i] * w[r * cols + j];
      else for (let c = 0; c < cols; c++) s += w[i * cols + c] * w[j * cols + c];
      g[i * n + j] = s;
    }
  }
  return g;
}

function assertScaledIdentity(what: string, g: Float64Array, n: number, c: number, tol: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const want = i === j ? c : 0;
      assert.ok(Math.abs(g[i * n + j] - want) <= tol, `${what}[${i}, ${j}] = ${g[i * n + j]}, expected ${want}`);
    }
  }
}

test("orthogonal: WᵀW = g²I for tall, WWᵀ = g²I for wide and square weights (to 1e-10)", () => {
  for (const [rows, cols] of [[96, 48], [48, 96], [64, 64], [7, 1], [1, 7]]) {
    for (const gain of [1, 1.3]) {
      const w = draw({ name: "orthogonal", gain }, 21, rows, cols);
      assert.equal(w.length, rows * cols);
      const side = rows >= cols ? "cols" : "rows";
      const n = Math.min(rows, cols);
      assertScaledIdentity(`orthogonal ${rows}×${cols} gain ${gain} ${side === "cols" ? "WᵀW" : "WWᵀ"}`, gram(w, rows, cols, side), n, gain * gain, 1e-10);
      if (rows === cols) assertScaledIdentity(`orthogonal square WWᵀ`, gram(w, rows, cols, "rows"), n, gain * gain, 1e-10);
    }
  }
  // Not a fixed matrix: two seeds give different orthogonal matrices.
  assert.notDeepEqual(draw("orthogonal", 1, 8, 8), draw("orthogonal", 2, 8, 8));
});

test("identity: W = c·I exactly, c on the diagonal of non-square weights", () => {
  for (const [rows, cols] of [[5, 5], [3, 5], [5, 3]]) {
    for (const spec of [{ name: "identity" as const }, { name: "identity" as const, value: 1.5 }]) {
      const c = spec.value ?? 1;
      const w = draw(spec, 1, rows, cols);
      for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) assert.equal(w[r * cols + k], r === k ? c : 0, `identity ${rows}×${cols} [${r}, ${k}]`);
    }
  }
});

test("zeros and constant are exact", () => {
  assert.deepEqual(draw("zeros", 1, 4, 6), new Float64Array(24));
  assert.deepEqual(draw("constant", 1, 4, 6), new Float64Array(24).fill(1));
  assert.deepEqual(draw({ name: "constant", value: -0.375 }, 1, 4, 6), new Float64Array(24).fill(-0.375));
});

test("aliases glorot* and kaiming* draw exactly the xavier* and he* numbers for the same seed", () => {
  const pairs: [InitSpec, InitSpec][] = [
    [{ name: "glorotNormal", gain: 1.2 }, { name: "xavierNormal", gain: 1.2 }],
    [{ name: "glorotUniform" }, { name: "xavierUniform" }],
    [{ name: "kaimingNormal", mode: "fanOut", slope: 0.1 }, { name: "heNormal", mode: "fanOut", slope: 0.1 }],
    [{ name: "kaimingUniform" }, { name: "heUniform" }],
  ];
  for (const [alias, name] of pairs) {
    const a = draw(alias, 99, 30, 40);
    assert.deepEqual(a, draw(name, 99, 30, 40), `${alias.name} vs ${name.name}`);
    assert.notDeepEqual(a, draw(name, 100, 30, 40));
  }
});

test("every listed name draws a finite weight of the right size; the same seed gives the same numbers", () => {
  for (const name of initNames) {
    const a = draw(name, 5, 6, 9);
    assert.equal(a.length, 54, name);
    assert.ok(a.every(Number.isFinite), name);
    assert.deepEqual(a, draw(name, 5, 6, 9), name);
  }
});

test("a bad initializer spec is an error naming the field", () => {
  const rng = new Rng(1);
  const throwsNaming = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof GradscopeError && pattern.test(e.message));
  throwsNaming(() => initialize("heNormall", 4, 4, rng), /^init: "heNormall" is not a known initializer; allowed: .*heNormal/);
  throwsNaming(() => initialize({ name: "normal", std: -1 }, 4, 4, rng, "model.init"), /^model\.init\.std: -1 must be ≥ 0/);
  throwsNaming(() => initialize({ name: "normal", std: Number.POSITIVE_INFINITY }, 4, 4, rng, "model.init"), /^model\.init\.std: Infinity is not a finite number/);
  throwsNaming(() => initialize({ name: "heNormal", mode: "fanAvg" as "fanIn" }, 4, 4, rng, "model.init"), /^model\.init\.mode: "fanAvg"/);
  throwsNaming(() => initialize({ name: "meanField", sigmaW2: -2 }, 4, 4, rng, "model.init"), /^model\.init\.sigmaW2/);
  const spec = { ...defaultNetworkSpec, inputs: 3, outputs: 2, widths: [4, 4] };
  throwsNaming(() => new Network({ ...spec, init: "xavier" }, new Rng(1)), /^model\.init: "xavier" is not a known initializer/);
  throwsNaming(() => new Network({ ...spec, biasInit: { name: "uniform", limit: -1 } }, new Rng(1)), /^model\.biasInit\.limit: -1 must be ≥ 0/);
  throwsNaming(() => new Network({ ...spec, headInit: "nope" }, new Rng(1)), /^model\.headInit: "nope"/);
});
