import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { ExperimentSession, prepareData, type StepReport } from "../../src/experiment/session/index.js";
import { Trainer } from "../../src/experiment/trainer.js";
import { defaultConfig, hiddenWidths, resolveConfig, toNetworkSpec, toRecorderOptions, toTrainingSpec } from "../../src/experiment/config/index.js";
import { Network } from "../../src/nn/network.js";
import { validateNetworkSpec } from "../../src/nn/network-spec.js";
import { fullConfig } from "./config-examples.js";

test("toNetworkSpec gives the nn's NetworkSpec: widths from either form, headInit only when set", () => {
  const spec = toNetworkSpec(defaultConfig, 2, 3);
  assert.deepEqual(spec.widths, new Array<number>(20).fill(32));
  assert.equal(spec.inputs, 2);
  assert.equal(spec.outputs, 3);
  assert.equal("headInit" in spec, false);
  validateNetworkSpec(spec);
  const full = toNetworkSpec(fullConfig, 5, 1);
  assert.deepEqual(full.widths, [64, 48, 32, 32]);
  assert.equal(full.headInit, "xavierUniform");
  validateNetworkSpec(full);
  assert.deepEqual(hiddenWidths(resolveConfig({ model: { depth: 3, width: 7 } }).model), [7, 7, 7]);
});

test("toTrainingSpec splits lr from the optimizer's options, and the Trainer accepts the result", () => {
  const spec = toTrainingSpec(fullConfig);
  assert.equal(spec.lr, 3e-4);
  assert.deepEqual(spec.optimizer, { name: "adamw", betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.05, amsgrad: true });
  assert.deepEqual(spec.clip, fullConfig.clip);
  assert.deepEqual(spec.schedule, fullConfig.schedule);
  const net = new Network(toNetworkSpec(fullConfig, 2, 2), new Rng(1));
  try {
    const trainer = new Trainer(net, spec);
    assert.equal(trainer.optimizer.name, "adamw");
  } finally {
    net.dispose();
  }
});

test("the adapters return copies: changing their result leaves the config alone", () => {
  const config = resolveConfig({ model: { widths: [4, 4] } });
  toNetworkSpec(config, 2, 2).norm.kind = "batch";
  toTrainingSpec(config).regularization.l2 = 1;
  assert.equal(config.model.norm.kind, "none");
  assert.equal(config.regularization.l2, 0);
});

test("toRecorderOptions carries the probes section", () => {
  assert.deepEqual(toRecorderOptions(fullConfig), { every: 3, histogram: { bins: 20, lo: -2.5, hi: 2.5 }, sentinel: false });
});

test("the default experiment trains through the adapters (a short run)", async () => {
  const config = resolveConfig({ train: { steps: 30 } });
  const session = new ExperimentSession(config, await prepareData(config));
  const records: StepReport[] = [];
  try {
    while (!session.done) records.push(session.step());
  } finally {
    session.dispose();
  }
  assert.equal(records.length, 30);
  assert.ok(records.every((r) => Number.isFinite(r.loss) && r.deltaNorms.length === 20));
});
