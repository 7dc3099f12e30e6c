// Remedies: every change is a valid patch of { model: NetworkSpec, training: TrainingSpec } that
// builds a network and a trainer; init matching; remedies in place are skipped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/index.js";
import { applyPatch, initFor, initMatches, remedies, setupOf } from "../../src/diagnosis/index.js";
import { Trainer, type TrainingSpec } from "../../src/experiment/trainer.js";
import { Network, defaultNetworkSpec, type NetworkSpec } from "../../src/nn/index.js";
import { healthy } from "./synthetic.js";

const training: TrainingSpec = { loss: "softmaxCrossEntropy", optimizer: "sgd", lr: 0.1, schedule: "constant", clip: null, regularization: {} };

test("remedies: every change applies to a full config and builds a Network and a Trainer", () => {
  const setup = setupOf(healthy(6, 10, { activation: "sigmoid" }), { model: { init: "standard", biasInit: { name: "constant", value: -2 } } });
  const config = { model: { ...defaultNetworkSpec, widths: [8, 8, 8, 8, 8, 8] } as NetworkSpec, training };
  for (const [id, make] of Object.entries(remedies)) {
    const r = make(setup);
    assert.ok(r !== null, `${id} applies to a sigmoid/standard net without clipping`);
    assert.equal(r.id, id);
    const next = applyPatch(config, r.change);
    const net = new Network(next.model, new Rng(1));
    new Trainer(net, next.training);
    net.dispose();
  }
  assert.equal(config.model.norm.kind, "none", "applyPatch leaves its input alone");
});

test("remedies: applyPatch sets nested paths and creates missing objects", () => {
  const out = applyPatch({ model: { norm: { kind: "none", eps: 1 } }, training: {} }, { "model.norm.kind": "batch", "training.regularization.l2": 1e-4 });
  assert.deepEqual(out, { model: { norm: { kind: "batch", eps: 1 } }, training: { regularization: { l2: 1e-4 } } });
});

test("remedies: the init that matches an activation, and what counts as matching", () => {
  assert.deepEqual(initFor({ name: "relu" }), { name: "heNormal" });
  assert.deepEqual(initFor({ name: "leakyRelu", alpha: 0.2 }), { name: "heNormal", slope: 0.2 });
  assert.deepEqual(initFor({ name: "tanh" }), { name: "xavierNormal" });
  assert.deepEqual(initFor({ name: "selu" }), { name: "lecunNormal" });
  assert.ok(initMatches({ name: "kaimingUniform" }, { name: "heNormal" }));
  assert.ok(initMatches({ name: "glorotUniform" }, { name: "xavierNormal" }));
  assert.ok(initMatches({ name: "orthogonal" }, { name: "xavierNormal" }));
  assert.ok(initMatches({ name: "meanField", sigmaW2: 2 }, { name: "heNormal" }));
  assert.ok(!initMatches({ name: "standard" }, { name: "xavierNormal" }));
  assert.ok(!initMatches({ name: "normal", std: 1 }, { name: "heNormal" }));
});

test("remedies: what is in place is not recommended again; unknown learning rate gives no lr remedy", () => {
  const rec = healthy(4, 5, { activation: "relu", scalars: { lr: NaN } });
  const s = setupOf(rec, {
    model: { activation: "relu", init: "heNormal", biasInit: "zeros", norm: { kind: "layer" }, residual: { every: 1 } },
    training: { clip: { kind: "value", threshold: 1 }, regularization: { l2: 1e-3 } },
  });
  for (const id of ["reluHe", "matchingInit", "batchNorm", "residual", "clip", "l2", "lowerLr", "raiseLr", "zeroBias"] as const) {
    assert.equal(remedies[id](s), null, id);
  }
  assert.equal(setupOf(healthy(4, 5)).lr, 0.1, "lr read from the recording when the context lacks it");
});
