// The three losses of src/nn/losses.ts: values by their definitions, gradients by the core
// gradCheck in float64, and errors for targets of the wrong type or shape.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Rng, ShapeError, Tape, gradCheck, tensor, type Tensor } from "../../src/core/index.js";
import { lossFunction, losses, type Targets } from "../../src/nn/index.js";

const B = 5, K = 4;
const rng = new Rng(11);
const z = tensor(rng.normalArray(B * K, 0, 2), [B, K], "float64");
const labels = Int32Array.from([3, 0, 2, 2, 1]);
const probs = tensor(rng.uniformArray(B * K, 0.05, 0.95), [B, K], "float64");
const targets = tensor(rng.normalArray(B * K), [B, K], "float64");

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("softmaxCrossEntropy = −(1/B) Σ_i log softmax(z_i)[y_i]", () => {
  let want = 0;
  for (let i = 0; i < B; i++) {
    const row = Array.from(z.data.subarray(i * K, i * K + K));
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    want += lse - row[labels[i]];
  }
  close(losses.softmaxCrossEntropy(z, labels).item(), want / B, "cross-entropy");
  // Large logits stay finite (the max is subtracted first).
  const big = tensor([1000, 0, -1000, 999], [2, 2], "float64");
  // row 0: lse 1000, picks 0 → 1000; row 1: lse 999 + log(1 + e⁻¹⁹⁹⁹), picks −1000 → 1999.
  close(losses.softmaxCrossEntropy(big, Int32Array.from([1, 0])).item(), (1000 + 1999) / 2, "large logits");
});

test("binaryCrossEntropy = mean −[y log σ(z) + (1 − y) log(1 − σ(z))] (BCE with logits)", () => {
  let want = 0;
  for (let i = 0; i < B * K; i++) {
    const s = 1 / (1 + Math.exp(-z.data[i]));
    const y = probs.data[i];
    want -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
  }
  close(losses.binaryCrossEntropy(z, probs).item(), want / (B * K), "binary cross-entropy");
});

test("meanSquaredError = mean (ŷ − y)² over all elements", () => {
  let want = 0;
  for (let i = 0; i < B * K; i++) want += (z.data[i] - targets.data[i]) ** 2;
  close(losses.meanSquaredError(z, targets).item(), want / (B * K), "mse");
});

test("the three losses pass the core gradCheck in float64 (predictions, and tensor targets too)", () => {
  const cases: [string, (p: Tensor, t: Tensor) => Tensor, Tensor | null][] = [
    ["softmaxCrossEntropy", (p) => losses.softmaxCrossEntropy(p, labels), null],
    ["binaryCrossEntropy", (p, t) => losses.binaryCrossEntropy(p, t), probs],
    ["meanSquaredError", (p, t) => losses.meanSquaredError(p, t), targets],
  ];
  for (const [name, f, t] of cases) {
    const inputs = t === null ? [z] : [z, t];
    const res = gradCheck((p, tt) => f(p, tt), inputs);
    assert.ok(res.ok, `${name}: ${JSON.stringify(res.worst)}`);
    assert.equal(res.checked, inputs.length * B * K);
  }
});

test("cross-entropy gradient is (softmax(z) − onehot(y))/B", () => {
  const tape = new Tape();
  tape.run(() => {
    const leaf = tensor(z.data, z.shape, "float64").trainable();
    tape.backward(losses.softmaxCrossEntropy(leaf, labels));
    const g = leaf.grad?.data ?? [];
    for (let i = 0; i < B; i++) {
      const e = Array.from(z.data.subarray(i * K, i * K + K), Math.exp);
      const s = e.reduce((a, b) => a + b);
      for (let k = 0; k < K; k++) close(g[i * K + k], (e[k] / s - (k === labels[i] ? 1 : 0)) / B, `∂L/∂z[${i}, ${k}]`);
    }
  });
  tape.dispose();
});

test("wrong target type or shape is an error naming the loss", () => {
  const throwsNaming = (fn: () => unknown, cls: typeof GradscopeError, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof cls && pattern.test(e.message));
  throwsNaming(() => losses.softmaxCrossEntropy(z, targets), GradscopeError, /^softmaxCrossEntropy: targets must be class indices \(Int32Array\)/);
  throwsNaming(() => losses.softmaxCrossEntropy(z, Int32Array.from([0, 1])), ShapeError, /^softmaxCrossEntropy: 2 labels for 5 rows/);
  throwsNaming(() => losses.softmaxCrossEntropy(z, Int32Array.from([0, 1, 2, 3, 4])), ShapeError, /^softmaxCrossEntropy: label 4 at row 4 is not a class index in \[0, 4\)/);
  throwsNaming(() => losses.softmaxCrossEntropy(z, Int32Array.from([0, 1, -1, 3, 2])), ShapeError, /^softmaxCrossEntropy: label -1 at row 2 /);
  throwsNaming(() => losses.softmaxCrossEntropy(tensor([1, 2, 3], [3], "float64"), Int32Array.from([0, 1, 2])), ShapeError,
    /^softmaxCrossEntropy: predictions must be \[batch, classes\], got \[3\]/);
  throwsNaming(() => losses.softmaxCrossEntropy(tensor(new Float64Array(6), [1, 2, 3], "float64"), Int32Array.from([0])), ShapeError,
    /^softmaxCrossEntropy: predictions must be \[batch, classes\], got \[1, 2, 3\]/);
  for (const name of ["binaryCrossEntropy", "meanSquaredError"] as const) {
    throwsNaming(() => losses[name](z, tensor(new Float32Array(B * K), [B, K], "float32")), ShapeError, new RegExp(`^${name}: targets are float32, predictions float64`));
    throwsNaming(() => losses[name](z, labels), GradscopeError, new RegExp(`^${name}: targets must be a tensor of the prediction's shape`));
    throwsNaming(() => losses[name](z, tensor(new Float64Array(B * (K - 1)), [B, K - 1], "float64")), ShapeError,
      new RegExp(`^${name}: targets \\[5, 3\\] do not match predictions \\[5, 4\\]`));
    throwsNaming(() => losses[name](z, tensor(new Float64Array(B * K), [K, B], "float64")), ShapeError, new RegExp(`^${name}: targets \\[4, 5\\]`));
  }
});

test("lossFunction looks names up and rejects unknown ones, naming the field", () => {
  assert.equal(lossFunction("meanSquaredError"), losses.meanSquaredError);
  const t: Targets = labels;
  assert.equal(lossFunction("softmaxCrossEntropy")(z, t).item(), losses.softmaxCrossEntropy(z, t).item());
  assert.throws(() => lossFunction("crossEntropy", "experiment.loss"), (e: unknown) =>
    e instanceof GradscopeError && /^experiment\.loss: "crossEntropy" is not a known loss; allowed: softmaxCrossEntropy, binaryCrossEntropy, meanSquaredError$/.test(e.message));
  assert.throws(() => lossFunction("constructor"), GradscopeError);
});
