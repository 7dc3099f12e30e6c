// The NaN/Inf rule: the recorder's sentinel event with its origin, the fallback scan of the
// recorded metrics, remedies by pass, and "not recorded" NaNs that must not count.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evidence, findingOf, healthy, remedyIds } from "./synthetic.js";

test("nonFinite: the sentinel's event gives step, layer, pass and tensor; a backward overflow ranks clipping first", () => {
  const rec = healthy(6, 12, { nonFinite: { step: 12, layer: 3, pass: "backward", tensor: "delta", value: Infinity } });
  const f = findingOf("nonFinite", rec);
  assert.ok(f);
  assert.equal(f.severity, "critical");
  assert.deepEqual(f.layers, [3]);
  assert.deepEqual(f.steps, { first: 12, last: 12 });
  assert.match(f.title, /step 12/);
  assert.match(f.title, /backward/);
  assert.match(f.explanation, /delta of layer 3/);
  assert.match(f.explanation, /exploding gradients/);
  assert.match(f.explanation, /up to step 11/);
  assert.equal(evidence(f, "first step"), 12);
  assert.equal(remedyIds(f)[0], "clip");
});

test("nonFinite: remedies follow the pass (forward → init, update → learning rate) and the loss counts as layer 0", () => {
  const at = (pass: "forward" | "update", layer: number, tensor: string) =>
    findingOf("nonFinite", healthy(4, 5, { nonFinite: { step: 3, layer, pass, tensor, value: NaN } }), { training: { lr: 2 } });
  const fwd = at("forward", 0, "loss");
  assert.equal(remedyIds(fwd)[0], "matchingInit");
  assert.deepEqual(fwd?.layers, []);
  assert.match(fwd?.explanation ?? "", /NaN \(not a number\)/);
  assert.match(fwd?.explanation ?? "", /appeared in the loss, in the forward pass/);
  const upd = at("update", 2, "layers.1.weight");
  assert.equal(remedyIds(upd)[0], "lowerLr");
  assert.equal(upd?.remedies[0].change["training.lr"], 0.2);
});

test("nonFinite: without a sentinel event, the first ±Inf or NaN-after-finite in the recorded metrics is found", () => {
  const inf = healthy(4, 20, { scalars: { loss: (r) => (r >= 5 ? Infinity : 0.5) } });
  const f = findingOf("nonFinite", inf);
  assert.equal(f?.steps.first, 6);
  assert.match(f?.title ?? "", /loss/);
  const nan = healthy(4, 20, { layers: { deltaNorm: (l, r) => (l === 1 && r >= 9 ? NaN : 0.05) } });
  const g = findingOf("nonFinite", nan);
  assert.equal(g?.steps.first, 10);
  assert.deepEqual(g?.layers, [2]);
  assert.equal(g?.title.includes("backward"), true);
});

test("nonFinite: metrics that are NaN throughout (not recorded) and healthy runs give nothing", () => {
  assert.equal(findingOf("nonFinite", healthy(4, 20)), undefined);
  const unrecorded = healthy(4, 20, { scalars: { accuracy: NaN, clipNormBefore: NaN }, layers: { biasGradNorm: NaN, updateRatio: NaN, weightNorm: NaN } });
  assert.equal(findingOf("nonFinite", unrecorded), undefined);
});
