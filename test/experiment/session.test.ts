// The experiment session: a resolved config trained step by step on prepared data, with probes,
// evaluations and findings; deterministic for a seed; clear errors for impossible setups.
import assert from "node:assert/strict";
import { test } from "node:test";
import { referenceBackend, setBackend } from "../../src/core/index.js";
import {
  ExperimentSession, prepareData, resolveConfig, runExperiment, totalStepsOf, useEngine,
} from "../../src/experiment/index.js";

const small = (extra: Record<string, unknown> = {}) => resolveConfig({
  model: { depth: 4, width: 16, activation: "tanh", init: "xavierNormal" },
  train: { steps: 60, batch: 32, evalEvery: 20 },
  probes: { every: 5 },
  ...extra,
});

test("a session trains to the configured steps, records at the cadence and evaluates at evalEvery and the end", async () => {
  const config = small();
  const data = await prepareData(config);
  assert.equal(data.inputs, 2);
  assert.equal(data.outputs, 3);
  assert.equal(data.train.n + data.test.n, 600);
  const r = await runExperiment(config, data);
  assert.equal(r.status, "completed");
  assert.equal(r.steps, 60);
  assert.deepEqual(Array.from(r.recording.steps.subarray(0, r.recording.count)), [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  assert.deepEqual(r.evaluations.map((e) => e.step), [20, 40, 60]);
  assert.ok(r.finalTest.loss < r.recording.scalars.loss[0], "the loss fell");
  assert.ok(r.finalTest.accuracy > 1 / 3);
  assert.ok(r.finalTrain.accuracy >= 0 && r.finalTrain.accuracy <= 1);
});

test("the same config and seed give bit-identical losses and weights; another seed does not", async () => {
  const run = async (seed: number) => {
    const config = small({ seed });
    const s = new ExperimentSession(config, await prepareData(config));
    const losses: number[] = [];
    while (!s.done) losses.push(s.step().loss);
    const w = Float64Array.from(s.net.parameters()[0].value.data);
    s.dispose();
    return { losses, w };
  };
  const a = await run(3), b = await run(3), c = await run(4);
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.w, b.w);
  assert.notDeepEqual(a.losses, c.losses);
});

test("each epoch visits every training row once: epochs × ⌈n/batch⌉ steps", async () => {
  const config = resolveConfig({ data: { name: "iris" }, model: { depth: 2, width: 8 }, train: { epochs: 3, batch: 40, evalEvery: 0 } });
  const data = await prepareData(config);
  assert.equal(totalStepsOf(config, data.train.n), 3 * Math.ceil(data.train.n / 40));
  const r = await runExperiment(config, data);
  assert.equal(r.steps, 3 * Math.ceil(data.train.n / 40));
  assert.deepEqual(r.evaluations.map((e) => e.step), [r.steps]);
});

test("regression with mean squared error, and binary cross-entropy on two classes", async () => {
  const reg = resolveConfig({ data: { name: "gaussian", task: "regression", n: 200, dimension: 5, outputs: 2 }, loss: "meanSquaredError", model: { depth: 2, width: 8 }, train: { steps: 30, batch: 20 } });
  const rd = await prepareData(reg);
  assert.equal(rd.classification, false);
  assert.equal(rd.outputs, 2);
  const rr = await runExperiment(reg, rd);
  assert.ok(Number.isFinite(rr.finalTest.loss));
  assert.ok(Number.isNaN(rr.finalTest.accuracy));
  const bce = resolveConfig({ data: { name: "moons" }, loss: "binaryCrossEntropy", model: { depth: 2, width: 16, activation: "relu", init: "heNormal" }, optimizer: { name: "adam", lr: 0.01 }, train: { steps: 150, batch: 32 } });
  const bd = await prepareData(bce);
  assert.equal(bd.outputs, 1);
  const br = await runExperiment(bce, bd);
  assert.ok(br.finalTest.accuracy > 0.8, `moons BCE accuracy ${br.finalTest.accuracy}`);
  const last = br.recording.scalars.accuracy[br.recording.count - 1];
  assert.ok(last > 0.5 && last <= 1, `the single-logit batch accuracy is recorded: ${last}`);
});

test("impossible setups are named: a batch larger than the training split, the wrong loss for the data", async () => {
  const big = small({ train: { steps: 5, batch: 5000 } });
  await assert.rejects(async () => new ExperimentSession(big, await prepareData(big)), /train\.batch: 5000 is larger than the 480 training examples/);
  await assert.rejects(prepareData(resolveConfig({ loss: "binaryCrossEntropy" })), /binaryCrossEntropy needs two classes; spirals has 3/);
  await assert.rejects(prepareData(resolveConfig({ data: { name: "gaussian", task: "regression" } })), /regression set; use meanSquaredError/);
  await assert.rejects(prepareData(resolveConfig({ data: { name: "csv", path: "x.csv" } })), /cannot read files/);
});

test("a CSV is read through the given reader; a label column by index; garbage cells are named", async () => {
  const rows = ["a,b,label"];
  for (let i = 0; i < 40; i++) rows.push(`${(i % 7) / 7},${(i % 3) / 3},${i % 2 === 0 ? "even" : "odd"}`);
  const config = resolveConfig({ data: { name: "csv", path: "toy.csv", labelColumn: 2 }, model: { depth: 2, width: 4 }, train: { steps: 4, batch: 8 } });
  const data = await prepareData(config, () => rows.join("\n"));
  assert.equal(data.outputs, 2);
  assert.equal(data.inputs, 2);
  const bad = [...rows];
  bad[5] = "0.1,zebra,odd";
  await assert.rejects(prepareData(config, () => bad.join("\n")), /toy\.csv.*line 6/);
  await assert.rejects(prepareData(resolveConfig({ data: { name: "csv", path: "toy.csv", labelColumn: 9 } }), () => rows.join("\n")), /labelColumn: column 9 does not exist in toy\.csv/);
});

test("a huge learning rate ends the session at the first NaN/Inf with the origin kept", async () => {
  const config = small({ model: { depth: 4, width: 16, activation: "relu", init: "heNormal" }, optimizer: { name: "sgd", lr: 1e6 }, train: { steps: 60, batch: 32 } });
  const r = await runExperiment(config, await prepareData(config));
  assert.equal(r.status, "nonfinite");
  assert.ok(r.steps < 60);
  assert.ok(r.recording.nonFinite !== null);
  assert.ok(r.findings.some((f) => f.severity === "critical"), r.findings.map((f) => f.kind).join());
});

test("stop() ends a session as stopped; the wasm engine gives the same first loss as the reference within float32 error", async () => {
  const config = small();
  const data = await prepareData(config);
  const r = await runExperiment(config, data, { shouldStop: () => true });
  assert.equal(r.status, "stopped");
  assert.equal(r.steps, 1);
  const { release } = useEngine("wasm");
  try {
    const s = new ExperimentSession(config, data);
    const wasmLoss = s.step().loss;
    s.dispose();
    setBackend(referenceBackend);
    const t = new ExperimentSession(config, data);
    const refLoss = t.step().loss;
    t.dispose();
    assert.ok(Math.abs(wasmLoss - refLoss) < 1e-5 * Math.abs(refLoss), `${wasmLoss} vs ${refLoss}`);
  } finally {
    release();
  }
});
