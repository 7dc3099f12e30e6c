// The dead-ReLU rule: which layers and what fraction, only for units that can die, edges, and
// remedies that depend on whether the units died at the start or during training.
import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholds } from "../../src/diagnosis/index.js";
import { evidence, findingOf, healthy, remedyIds } from "./synthetic.js";

test("deadRelu: layer 2 with 90% dead units from the start is critical; leaky ReLU, zero biases, He, lower lr", () => {
  const f = findingOf("deadRelu", healthy(4, 40, { activation: "relu", layers: { deadFraction: (l) => (l === 1 ? 0.9 : 0.05) } }));
  assert.ok(f);
  assert.equal(f.severity, "critical");
  assert.deepEqual(f.layers, [2]);
  assert.equal(evidence(f, "dead fraction of layer 2 (late"), 0.9);
  assert.match(f.explanation, /90%/);
  assert.match(f.explanation, /from the start/);
  assert.deepEqual(remedyIds(f), ["leakyRelu", "zeroBias", "matchingInit", "lowerLr"]);
  assert.deepEqual(f.remedies[0].change, { "model.activation": { name: "leakyRelu", alpha: 0.01 }, "model.init": { name: "heNormal", slope: 0.01 } });
});

test("deadRelu: units dying during training point at the learning rate", () => {
  const rec = healthy(4, 40, { activation: "relu", layers: { deadFraction: (l, r) => (r >= 20 ? 0.6 : 0.05) } });
  const f = findingOf("deadRelu", rec, { model: { activation: "relu", init: "heNormal", biasInit: "zeros" } });
  assert.equal(f?.severity, "warning");
  assert.deepEqual(f?.layers, [1, 2, 3, 4]);
  assert.equal(f?.steps.first, 21);
  assert.deepEqual(remedyIds(f), ["leakyRelu", "lowerLr"]);
  assert.match(f?.explanation ?? "", /learning rate/);
});

test("deadRelu: threshold edges at 0.5 (warning) and 0.8 (critical)", () => {
  const t = thresholds.deadRelu;
  const at = (x: number) => findingOf("deadRelu", healthy(3, 30, { activation: "relu", layers: { deadFraction: x } }))?.severity;
  assert.equal(at(t.warning - 0.01), undefined);
  assert.equal(at(t.warning), "warning");
  assert.equal(at(t.critical - 0.01), "warning");
  assert.equal(at(t.critical), "critical");
});

test("deadRelu: healthy ReLU, units that cannot die, and leaky ReLU already in place", () => {
  assert.equal(findingOf("deadRelu", healthy(6, 30, { activation: "relu" })), undefined);
  assert.equal(findingOf("deadRelu", healthy(6, 30, { activation: "tanh", layers: { deadFraction: 0.9 } })), undefined);
  assert.equal(findingOf("deadRelu", healthy(6, 30, { activation: "leakyRelu", layers: { deadFraction: 0.9 } })), undefined);
  const f = findingOf("deadRelu", healthy(2, 30, { activation: "relu", layers: { deadFraction: 0.9 } }), { model: { activation: { name: "leakyRelu" } } });
  assert.equal(remedyIds(f).includes("leakyRelu"), false);
});
