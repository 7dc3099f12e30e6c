// Dense, BatchNorm, LayerNorm and dropout: gradients of inputs and parameters against the
// core gradCheck in float64, plus the forward definitions they are meant to compute.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Rng, Tape, gradCheck, tensor, type Tensor } from "../../src/core/index.js";
import { BatchNorm, Dense, LayerNorm, dropout, type NormOptions } from "../../src/nn/index.js";

const OPTS: NormOptions = { eps: 1e-5, momentum: 0.1, affine: true };

function gaussian(rng: Rng, shape: number[], mean = 0, std = 1): Tensor {
  return tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1), mean, std), shape, "float64");
}

/**
 * Runs gradCheck on f(inputs…) with the module's parameter tensors (fields `keys` of `owner`)
 * as extra inputs. NOTE: gradCheck differentiates with respect to the tensors it passes in, so
 * the parameters are swapped for those for the duration of each call and restored afterwards.
 */
function checkWithParams(what: string, owner: object, keys: string[], f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const slots = owner as Record<string, Tensor>;
  const saved = keys.map((k) => slots[k]);
  const params = saved.map((p) => {
    assert.ok(p, `${what}: no parameter ${keys.join("/")}`);
    return p;
  });
  try {
    // The swap must reach the forward pass: doubling a swapped-in parameter changes the output.
    keys.forEach((k, i) => {
      const base = Array.from(f(...inputs).data);
      slots[k] = tensor(Array.from(saved[i].data, (v) => 2 * v + 0.1), saved[i].shape, "float64");
      const moved = Array.from(f(...inputs).data);
      slots[k] = saved[i];
      assert.notDeepEqual(moved, base, `${what}: ${k} does not reach the output`);
    });
    const res = gradCheck((...xs) => {
      keys.forEach((k, i) => (slots[k] = xs[inputs.length + i]));
      return f(...xs.slice(0, inputs.length));
    }, [...inputs, ...params], { atol: 1e-8 });
    const expected = [...inputs, ...params].reduce((n, t) => n + t.size, 0);
    assert.equal(res.checked, expected, `${what}: checked ${res.checked} of ${expected} elements`);
    assert.ok(res.ok, `${what}: max rel error ${res.maxRelError}, worst ${JSON.stringify(res.worst)}`);
  } finally {
    keys.forEach((k, i) => (slots[k] = saved[i]));
  }
}

/** Gives γ and β of a norm layer non-trivial values (γ ≈ 1 ± 0.3, β ≈ ±0.2). */
function randomizeAffine(norm: BatchNorm | LayerNorm, rng: Rng): void {
  norm.gamma?.data.set(rng.normalArray(norm.width, 1, 0.3));
  norm.beta?.data.set(rng.normalArray(norm.width, 0, 0.2));
}

test("Dense h = x·Wᵀ + b: forward by definition and gradCheck with and without bias", () => {
  const rng = new Rng(1);
  for (const biasInit of [{ name: "normal" as const, std: 0.5 }, null]) {
    const dense = new Dense("layers.0", 3, 5, rng, "xavierNormal", biasInit, "model.layers[0]", "float64");
    assert.deepEqual(dense.weight.shape, [5, 3]);
    assert.equal(dense.weight.dtype, "float64");
    const x = gaussian(rng, [4, 3]);
    const h = dense.forward(x);
    assert.deepEqual(h.shape, [4, 5]);
    const w = dense.weight.data, b = dense.bias?.data;
    for (let i = 0; i < 4; i++) {
      for (let o = 0; o < 5; o++) {
        let s = b === undefined ? 0 : b[o];
        for (let k = 0; k < 3; k++) s += x.data[i * 3 + k] * w[o * 3 + k];
        assert.ok(Math.abs(h.data[i * 5 + o] - s) < 1e-14);
      }
    }
    const keys = biasInit === null ? ["weight"] : ["weight", "bias"];
    assert.deepEqual(dense.parameters().map((p) => [p.name, p.decay]), keys.map((k) => [`layers.0.${k}`, k === "weight"]));
    checkWithParams(`Dense bias=${biasInit !== null}`, dense, keys, (t) => dense.forward(t), [x]);
  }
});

test("BatchNorm in training: columns normalized to mean β and std γ (up to ε); gradCheck affine and not", () => {
  const rng = new Rng(2);
  for (const affine of [true, false]) {
    const bn = new BatchNorm("layers.0.norm", 4, { ...OPTS, affine }, "float64");
    randomizeAffine(bn, rng);
    const x = gaussian(rng, [6, 4], 0.7, 2);
    const ctx = { training: true, rng };
    const y = bn.forward(x, ctx).data;
    for (let j = 0; j < 4; j++) {
      let s = 0, s2 = 0, xs = 0, xs2 = 0;
      for (let i = 0; i < 6; i++) {
        s += y[i * 4 + j];
        xs += x.data[i * 4 + j];
      }
      const mu = s / 6, xmu = xs / 6;
      for (let i = 0; i < 6; i++) {
        s2 += (y[i * 4 + j] - mu) ** 2;
        xs2 += (x.data[i * 4 + j] - xmu) ** 2;
      }
      const g = bn.gamma?.data[j] ?? 1, b = bn.beta?.data[j] ?? 0;
      const v = xs2 / 6;
      assert.ok(Math.abs(mu - b) < 1e-12, `column ${j} mean`);
      assert.ok(Math.abs(s2 / 6 - (g * g * v) / (v + 1e-5)) < 1e-12, `column ${j} variance`);
    }
    assert.equal(bn.parameters().length, affine ? 2 : 0);
    const keys = affine ? ["gamma", "beta"] : [];
    checkWithParams(`BatchNorm train affine=${affine}`, bn, keys, (t) => bn.forward(t, ctx), [x]);
  }
});

test("BatchNorm in evaluation uses the running statistics: forward by definition and gradCheck", () => {
  const rng = new Rng(3);
  const bn = new BatchNorm("bn", 3, OPTS, "float64");
  randomizeAffine(bn, rng);
  bn.runningMean.data.set([0.4, -1.2, 2]);
  bn.runningVar.data.set([0.5, 2.25, 1.1]);
  const x = gaussian(rng, [5, 3]);
  const ctx = { training: false, rng };
  const y = bn.forward(x, ctx).data;
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 3; j++) {
      const want = ((x.data[i * 3 + j] - bn.runningMean.data[j]) / Math.sqrt(bn.runningVar.data[j] + 1e-5)) * (bn.gamma?.data[j] ?? 1) + (bn.beta?.data[j] ?? 0);
      assert.ok(Math.abs(y[i * 3 + j] - want) < 1e-14);
    }
  }
  checkWithParams("BatchNorm eval", bn, ["gamma", "beta"], (t) => bn.forward(t, ctx), [x]);
  // Evaluation leaves the running statistics alone.
  assert.deepEqual(Array.from(bn.runningMean.data), [0.4, -1.2, 2]);
  assert.deepEqual(Array.from(bn.runningVar.data), [0.5, 2.25, 1.1]);
});

test("BatchNorm running statistics: momentum update with the unbiased batch variance", () => {
  const bn = new BatchNorm("bn", 2, { ...OPTS, momentum: 0.25 }, "float64");
  const x = tensor([1, 10, 2, 20, 6, 30], [3, 2], "float64");
  bn.forward(x, { training: true, rng: new Rng(0) });
  // column 0: mean 3, unbiased var ((−2)² + (−1)² + 3²)/2 = 7; column 1: mean 20, var 100.
  assert.deepEqual(Array.from(bn.runningMean.data), [0.75 * 0 + 0.25 * 3, 0.25 * 20]);
  assert.deepEqual(Array.from(bn.runningVar.data), [0.75 + 0.25 * 7, 0.75 + 0.25 * 100]);
  assert.deepEqual(bn.buffers().map((b) => b.name), ["bn.running_mean", "bn.running_var"]);
});

test("LayerNorm: rows normalized; the same in training and evaluation; gradCheck affine and not", () => {
  const rng = new Rng(4);
  for (const affine of [true, false]) {
    const ln = new LayerNorm("ln", 5, { ...OPTS, affine }, "float64");
    randomizeAffine(ln, rng);
    const x = gaussian(rng, [3, 5], -0.4, 1.5);
    const y = ln.forward(x).data;
    for (let i = 0; i < 3; i++) {
      const row = Array.from(x.data.subarray(i * 5, i * 5 + 5));
      const mu = row.reduce((a, b) => a + b) / 5;
      const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / 5;
      for (let j = 0; j < 5; j++) {
        const want = ((row[j] - mu) / Math.sqrt(v + 1e-5)) * (ln.gamma?.data[j] ?? 1) + (ln.beta?.data[j] ?? 0);
        assert.ok(Math.abs(y[i * 5 + j] - want) < 1e-14);
      }
    }
    assert.deepEqual(ln.buffers(), []);
    checkWithParams(`LayerNorm affine=${affine}`, ln, affine ? ["gamma", "beta"] : [], (t) => ln.forward(t), [x]);
  }
});

test("dropout in training with a fixed rng: a constant mask scaled by 1/(1 − p), gradCheck passes", () => {
  const p = 0.3;
  const x = gaussian(new Rng(5), [6, 7]);
  const f = (t: Tensor) => dropout(t, p, { training: true, rng: new Rng(77) });
  const res = gradCheck(f, [x]);
  assert.ok(res.ok, JSON.stringify(res.worst));
  // ∂y/∂x is the mask itself: 0 or 1/(1 − p), the same on every call with the same seed.
  const tape = new Tape();
  tape.run(() => {
    const leaf = tensor(x.data, x.shape, "float64").trainable();
    const y = f(leaf);
    tape.backward(y, tensor(new Array<number>(42).fill(1), [6, 7], "float64"));
    const g = leaf.grad?.data ?? [];
    let dropped = 0;
    for (let i = 0; i < 42; i++) {
      assert.ok(g[i] === 0 || Math.abs(g[i] - 1 / (1 - p)) < 1e-15);
      assert.equal(y.data[i], g[i] * x.data[i]);
      if (g[i] === 0) dropped++;
    }
    assert.ok(dropped > 0 && dropped < 42);
  });
  tape.dispose();
});

test("dropout: keep rate 1 − p over a large draw, mean preserved; identity in evaluation or at p = 0", () => {
  const n = 200_000, p = 0.2;
  const x = tensor(new Float64Array(n).fill(1), [n], "float64");
  const y = dropout(x, p, { training: true, rng: new Rng(6) }).data;
  let zeros = 0, sum = 0;
  for (const v of y) {
    if (v === 0) zeros++;
    sum += v;
  }
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(zeros / n - p) < 5 * se, `dropped fraction ${zeros / n}`);
  assert.ok(Math.abs(sum / n - 1) < 5 * se / (1 - p), `mean ${sum / n}`);
  assert.equal(dropout(x, p, { training: false, rng: new Rng(6) }), x);
  assert.equal(dropout(x, 0, { training: true, rng: new Rng(6) }), x);
});

test("dropout: a rate outside [0, 1) is an error naming the rate", () => {
  const x = tensor([1, 2], [2], "float64");
  for (const p of [-0.1, 1, 1.5, Number.NaN]) {
    assert.throws(() => dropout(x, p, { training: true, rng: new Rng(1) }), (e: unknown) =>
      e instanceof GradscopeError && e.message === `dropout: rate ${p} must be in [0, 1)`);
  }
});
