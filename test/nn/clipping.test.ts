// Gradient clipping against torch.nn.utils (1.13) clip_grad_norm_ / clip_grad_value_ on fixed
// gradients (test/fixtures/optim_clipping.json), and the telemetry: fired, zero gradients, NaN/Inf.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, tensor, type DType } from "../../src/core/index.js";
import { clipByGlobalNorm, clipByNorm, clipByValue, clipGradients, clipKinds, clippers, l2Norm, type ClipSpec } from "../../src/nn/clipping.js";
import type { Parameter } from "../../src/nn/parameter.js";
import { loadFixture, type Packed } from "../helpers/torch-fixtures.js";

interface Fixture {
  torch: string;
  order: string[];
  grads: Record<string, Packed>;
  globalNorm: { maxNorm: number; totalNorm: number; grads: Record<string, Packed> };
  globalNormNotFired: { maxNorm: number; totalNorm: number; grads: Record<string, Packed> };
  perTensorNorm: { maxNorm: number; norms: Record<string, number>; grads: Record<string, Packed> };
  value: { clipValue: number; grads: Record<string, Packed> };
}

const fx = loadFixture<Fixture>("optim_clipping.json");

/** The fixture's parameters with fresh copies of its gradients; "none" has no gradient. */
function fixtureParams(): Parameter[] {
  return fx.order.map((name) => {
    const g = fx.grads[name];
    const value = tensor(new Array<number>(g?.data.length ?? 2).fill(0), g?.shape ?? [2], "float64").trainable();
    value.grad = g === undefined ? null : tensor(g.data, g.shape, "float64");
    return { name, value, decay: true };
  });
}

function param(name: string, grad: number[], dtype: DType = "float64"): Parameter {
  const value = tensor(new Array<number>(grad.length).fill(1), [grad.length], dtype).trainable();
  value.grad = tensor(grad, [grad.length], dtype);
  return { name, value, decay: true };
}

function close(a: number, b: number, rtol = 1e-12): boolean {
  return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b));
}

function assertGrads(what: string, params: Parameter[], want: Record<string, Packed>): void {
  for (const p of params) {
    if (p.name === "none") {
      assert.equal(p.value.grad, null, `${what}: a parameter without gradient got one`);
      continue;
    }
    want[p.name].data.forEach((v, i) => assert.ok(close(p.value.grad!.data[i], v), `${what} ${p.name}[${i}]: ${p.value.grad!.data[i]} vs PyTorch ${v}`));
  }
}

test(`clip by global norm = clip_grad_norm_ (PyTorch ${fx.torch}): total norm, scaled gradients, fired`, () => {
  const params = fixtureParams();
  const r = clipByGlobalNorm(params, fx.globalNorm.maxNorm);
  assertGrads("globalNorm", params, fx.globalNorm.grads);
  assert.ok(close(r.normBefore, fx.globalNorm.totalNorm), `${r.normBefore} vs ${fx.globalNorm.totalNorm}`);
  assert.equal(r.kind, "globalNorm");
  assert.equal(r.fired, true);
  assert.equal(r.nonFinite, false);
  assert.ok(r.normAfter < fx.globalNorm.maxNorm && r.normAfter > fx.globalNorm.maxNorm * (1 - 1e-6));
});

test("clip by global norm below the threshold: nothing changes, fired false", () => {
  const params = fixtureParams();
  const r = clipByGlobalNorm(params, fx.globalNormNotFired.maxNorm);
  assertGrads("globalNormNotFired", params, fx.globalNormNotFired.grads);
  assertGrads("globalNormNotFired (unchanged)", params, fx.grads);
  assert.ok(close(r.normBefore, fx.globalNormNotFired.totalNorm));
  assert.equal(r.normAfter, r.normBefore);
  assert.equal(r.fired, false);
});

test("clip by norm per tensor = clip_grad_norm_ on each tensor alone, with per-parameter telemetry", () => {
  const params = fixtureParams();
  const r = clipByNorm(params, fx.perTensorNorm.maxNorm);
  assertGrads("perTensorNorm", params, fx.perTensorNorm.grads);
  assert.deepEqual(r.names, ["a", "b", "c"]);
  r.names.forEach((name, i) => {
    assert.ok(close(r.normsBefore[i], fx.perTensorNorm.norms[name]), name);
    assert.equal(r.firedPer[i], fx.perTensorNorm.norms[name] > fx.perTensorNorm.maxNorm, name);
    assert.ok(r.normsAfter[i] <= Math.min(fx.perTensorNorm.norms[name], fx.perTensorNorm.maxNorm) * (1 + 1e-15), name);
  });
  assert.ok(r.firedPer.includes(true) && r.firedPer.includes(false), "the fixture should clip some tensors and not others");
  assert.equal(r.fired, true);
  assert.ok(close(r.normBefore, fx.globalNorm.totalNorm));
  assert.equal(r.maxNormBefore, Math.max(...r.normsBefore));
  assert.equal(r.maxNormAfter, Math.max(...r.normsAfter));
  assert.ok(close(r.normAfter, l2Norm(r.normsAfter)));
});

test("clip by value = clip_grad_value_", () => {
  const params = fixtureParams();
  const r = clipByValue(params, fx.value.clipValue);
  assertGrads("value", params, fx.value.grads);
  assert.equal(r.kind, "value");
  assert.equal(r.fired, true);
  assert.ok(r.normAfter < r.normBefore);
  const calm = [param("w", [0.5, -1.5, 1.5])];
  assert.equal(clipByValue(calm, 1.5).fired, false, "values on the boundary are not clipped");
});

test("zero gradients: no NaN, fired false, for every kind (even with threshold 0)", () => {
  for (const kind of clipKinds) {
    for (const threshold of [0, 1]) {
      const params = [param("w", [0, 0, 0]), param("b", [0, 0])];
      const r = clipGradients(params, { kind, threshold });
      assert.equal(r.fired, false, kind);
      assert.equal(r.nonFinite, false, kind);
      assert.equal(r.normBefore, 0);
      assert.equal(r.normAfter, 0);
      for (const p of params) assert.ok(p.value.grad!.data.every((v) => v === 0), kind);
    }
  }
});

test("a NaN gradient is reported, never hidden: non-finite values stay, nothing is scaled into numbers", () => {
  // global norm: nothing changes at all
  let params = [param("w", [3, Number.NaN, 4]), param("b", [10, -10])];
  let r = clipByGlobalNorm(params, 1);
  assert.equal(r.nonFinite, true);
  assert.equal(r.fired, false);
  assert.ok(Number.isNaN(r.normBefore) && Number.isNaN(r.normAfter));
  assert.deepEqual(Array.from(params[0].value.grad!.data), [3, Number.NaN, 4]);
  assert.deepEqual(Array.from(params[1].value.grad!.data), [10, -10]);

  // per tensor: the NaN tensor stays, the finite one is clipped
  params = [param("w", [3, Number.NaN, 4]), param("b", [30, -40])];
  const pr = clipByNorm(params, 5);
  assert.equal(pr.nonFinite, true);
  assert.deepEqual(pr.firedPer, [false, true]);
  assert.deepEqual(Array.from(params[0].value.grad!.data), [3, Number.NaN, 4]);
  assert.ok(Math.abs(l2Norm(params[1].value.grad!.data) - 5) < 1e-6);
  assert.ok(Number.isNaN(pr.maxNormBefore) && Number.isNaN(pr.normBefore));

  // by value: finite elements are clamped, the NaN stays
  params = [param("w", [3, Number.NaN, -4])];
  r = clipByValue(params, 1);
  assert.equal(r.nonFinite, true);
  assert.equal(r.fired, true);
  assert.deepEqual(Array.from(params[0].value.grad!.data), [1, Number.NaN, -1]);
});

test("an Inf gradient is reported and kept (PyTorch would scale finite gradients to 0 and clamp Inf to ±c)", () => {
  let params = [param("w", [1, Infinity]), param("b", [2, 2])];
  let r = clipByGlobalNorm(params, 1);
  assert.equal(r.nonFinite, true);
  assert.equal(r.fired, false);
  assert.equal(r.normBefore, Infinity);
  assert.deepEqual(Array.from(params[0].value.grad!.data), [1, Infinity]);
  assert.deepEqual(Array.from(params[1].value.grad!.data), [2, 2]);

  params = [param("w", [-Infinity, 0.5, 7])];
  r = clipByValue(params, 2);
  assert.equal(r.nonFinite, true);
  assert.deepEqual(Array.from(params[0].value.grad!.data), [-Infinity, 0.5, 2]);

  params = [param("w", [Infinity, 1]), param("b", [3, 4])];
  const pr = clipByNorm(params, 1);
  assert.equal(pr.nonFinite, true);
  assert.deepEqual(Array.from(params[0].value.grad!.data), [Infinity, 1]);
  assert.deepEqual(pr.firedPer, [false, true]);
  assert.equal(pr.maxNormBefore, Infinity);
});

test("l2Norm: plain sum of squares, robust to overflow, NaN before Inf", () => {
  assert.equal(l2Norm([3, 4]), 5);
  assert.equal(l2Norm([]), 0);
  assert.ok(close(l2Norm([1e200, -1e200]), Math.SQRT2 * 1e200, 1e-15));
  assert.equal(l2Norm([Infinity, 1]), Infinity);
  assert.ok(Number.isNaN(l2Norm([Infinity, Number.NaN])));
  const big = [param("w", [3e200, 4e200])];
  const r = clipByGlobalNorm(big, 1);
  assert.equal(r.nonFinite, false);
  assert.equal(r.fired, true);
  assert.ok(close(r.normAfter, 1, 1e-6));
});

test("float32 gradients clip like float64 ones", () => {
  const p32 = [param("w", [3, 4, 12], "float32")];
  const r = clipByGlobalNorm(p32, 6.5);
  assert.equal(r.normBefore, 13);
  assert.ok(p32[0].value.grad!.data instanceof Float32Array);
  assert.ok(Math.abs(p32[0].value.grad!.data[2] - 6) < 1e-5);
});

test("clipGradients dispatches by kind; bad kinds and negative thresholds are errors naming the field", () => {
  assert.deepEqual(clipKinds, ["value", "norm", "globalNorm"]);
  assert.deepEqual(Object.keys(clippers), clipKinds);
  assert.equal(clipGradients([param("w", [3, 4])], { kind: "globalNorm", threshold: 1 }).kind, "globalNorm");
  assert.equal(clipGradients([param("w", [3, 4])], { kind: "norm", threshold: 1 }).kind, "norm");
  assert.equal(clipGradients([param("w", [3, 4])], { kind: "value", threshold: 1 }).kind, "value");
  const naming = (fn: () => unknown, ...fragments: string[]) =>
    assert.throws(fn, (e: unknown) => e instanceof GradscopeError && fragments.every((f) => e.message.includes(f)));
  naming(() => clipGradients([], { kind: "l2" } as unknown as ClipSpec), "clip.kind", "l2", "value, norm, globalNorm");
  naming(() => clipGradients([], { kind: "value", threshold: -1 }), "clip.threshold", "-1", "≥ 0");
  naming(() => clipGradients([], { kind: "globalNorm", threshold: Number.NaN } as ClipSpec, "train.clip"), "train.clip.threshold");
  naming(() => clipByNorm([], -0.5), "clip.threshold");
  naming(() => clipByGlobalNorm([], -2), "clip.threshold");
  naming(() => clipByValue([], -3), "clip.threshold");
});
