import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, defaultConfig, hiddenWidths, resolveConfig, validateConfig, type ExperimentConfig } from "../../src/experiment/config/index.js";
import { badExamples, fullConfig, validExamples } from "./config-examples.js";

test("the defaults are a complete, valid config: every section present, {} resolves to them", () => {
  assert.deepEqual(Object.keys(defaultConfig).sort(), ["clip", "data", "engine", "loss", "model", "optimizer", "probes", "regularization", "schedule", "seed", "train"]);
  assert.deepEqual(validateConfig(defaultConfig), []);
  assert.deepEqual(resolveConfig({}), defaultConfig);
  assert.deepEqual(resolveConfig(undefined), defaultConfig);
  assert.deepEqual(resolveConfig(defaultConfig), defaultConfig);
});

test("the default experiment is the deep tanh net on spirals that shows a vanishing gradient", () => {
  assert.equal(defaultConfig.data.name, "spirals");
  assert.deepEqual(hiddenWidths(defaultConfig.model), new Array<number>(20).fill(32));
  assert.equal(defaultConfig.model.activation, "tanh");
  assert.equal(defaultConfig.train.steps, 1000);
});

test("resolveConfig returns fresh copies: the frozen defaults are never shared", () => {
  const a = resolveConfig({});
  a.model.norm.kind = "batch";
  (a.optimizer as { momentum: number }).momentum = 0.9;
  assert.equal(defaultConfig.model.norm.kind, "none");
  assert.deepEqual(resolveConfig({}), defaultConfig);
  assert.ok(Object.isFrozen(defaultConfig.model.norm));
});

test("a partial config deep-merges over the defaults", () => {
  const c = resolveConfig({ model: { depth: 30, norm: { kind: "batch" } }, optimizer: { lr: 0.1 } });
  assert.equal(c.model.depth, 30);
  assert.equal(c.model.width, 32);
  assert.deepEqual(c.model.norm, { ...defaultConfig.model.norm, kind: "batch" });
  assert.deepEqual(c.optimizer, { ...defaultConfig.optimizer, lr: 0.1 });
  assert.deepEqual(c.data, defaultConfig.data);
});

test("every valid example resolves, and resolving is idempotent", () => {
  for (const [name, partial] of Object.entries(validExamples)) {
    assert.deepEqual(validateConfig(partial), [], name);
    const c = resolveConfig(partial);
    assert.deepEqual(resolveConfig(c), c, name);
  }
  assert.deepEqual(resolveConfig(fullConfig), fullConfig);
});

test("changing a variant's name keeps the common fields and takes the new variant's defaults", () => {
  const adam = resolveConfig({ optimizer: { name: "adam" } });
  assert.deepEqual(adam.optimizer, { name: "adam", lr: defaultConfig.optimizer.lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
  assert.equal((resolveConfig({ optimizer: { name: "adamw" } }).optimizer as { weightDecay: number }).weightDecay, 0.01);
  const moons = resolveConfig({ data: { name: "moons", testFraction: 0.5 } }).data;
  assert.deepEqual(moons, { name: "moons", testFraction: 0.5, stratify: true, standardize: true, n: 600, noise: 0.1 });
  const step = resolveConfig({ schedule: { name: "step", stepSize: 10 } }).schedule;
  assert.deepEqual(step, { name: "step", warmupSteps: 0, warmupStartFactor: 1 / 3, stepSize: 10, gamma: 0.1 });
});

test("depth + width or a widths list: one form in the resolved config", () => {
  const list = resolveConfig({ model: { widths: [64, 32] } }).model;
  assert.deepEqual(list.widths, [64, 32]);
  assert.equal("depth" in list || "width" in list, false);
  assert.deepEqual(resolveConfig({ model: { widths: [8, 8], depth: 2, width: 8 } }).model.widths, [8, 8]);
  const epochs = resolveConfig({ train: { epochs: 4 } }).train;
  assert.deepEqual(epochs, { epochs: 4, batch: 64, evalEvery: 100 });
});

test("each bad case reports its path, the value given and what is allowed", () => {
  for (const bad of badExamples) {
    const problems = validateConfig(bad.config);
    assert.equal(problems.length, 1, `${bad.name}: ${problems.map((p) => p.message).join(" | ")}`);
    assert.match(problems[0].message, bad.message, bad.name);
    assert.ok(problems[0].message.startsWith(problems[0].path || "config"), bad.name);
  }
});

test("validateConfig reports every problem at once; resolveConfig throws them all in one ConfigError", () => {
  const partial = { model: { widht: 64, activation: "sigmoidd", depth: 0 }, optimizer: { name: "adam", momentum: 0.9 }, train: { batch: -1 }, seed: 1.5, foo: 1 };
  const paths = validateConfig(partial).map((p) => p.path).sort();
  assert.deepEqual(paths, ["foo", "model.activation", "model.depth", "model.widht", "optimizer.momentum", "seed", "train.batch"]);
  assert.throws(() => resolveConfig(partial, "exp.json"), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.problems.length, 7);
    assert.match(e.message, /^exp\.json: 7 problems in the experiment config:\n {2}/);
    assert.match(e.message, /model\.widht: unknown field; did you mean "width"\?/);
    return true;
  });
});

test("a section with a structural problem is not checked again by its nn validator (one message per fault)", () => {
  const problems = validateConfig({ model: { depth: 3, activation: ["tanh", "relu", "tahn"] } });
  assert.deepEqual(problems.map((p) => p.path), ["model.activation[2]"]);
  assert.match(problems[0].message, /did you mean "tanh"/);
});

test("values YAML or code can produce that JSON cannot are rejected: NaN, Infinity, undefined items", () => {
  assert.match(validateConfig({ optimizer: { lr: NaN } })[0].message, /^optimizer\.lr: NaN is not allowed/);
  assert.match(validateConfig({ regularization: { l2: Infinity } })[0].message, /^regularization\.l2: Infinity is not allowed/);
  const typed: Partial<ExperimentConfig> = { seed: 3 };
  assert.equal(resolveConfig(typed).seed, 3);
});
