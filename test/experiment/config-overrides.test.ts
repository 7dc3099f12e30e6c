import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError } from "../../src/core/errors.js";
import { applyOverrides, configFromQuery, configToQuery, defaultConfig, experimentFields, flagAliases, resolveConfig } from "../../src/experiment/config/index.js";
import { fieldAt } from "../../src/experiment/config/paths.js";
import { fullConfig, validExamples } from "./config-examples.js";

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof GradscopeError, String(e));
    return e.message;
  }
  assert.fail("expected an error");
}

test("overrides parse by the field's type: numbers, booleans, names, lists, null and JSON", () => {
  const c = applyOverrides(defaultConfig, {
    "model.depth": "30", "optimizer.lr": "0.1", "model.activation": "relu", "model.bias": "false",
    "model.residual.scale": "invSqrtDepth", "probes.histogram.lo": "-2", "regularization.l2": "1e-4",
    "model.norm": '{"kind": "layer", "placement": "after"}',
  });
  assert.equal(c.model.depth, 30);
  assert.equal(c.optimizer.lr, 0.1);
  assert.equal(c.model.activation, "relu");
  assert.equal(c.model.bias, false);
  assert.equal(c.model.residual.scale, "invSqrtDepth");
  assert.equal(c.probes.histogram.lo, -2);
  assert.equal(c.regularization.l2, 1e-4);
  assert.deepEqual(c.model.norm, { ...defaultConfig.model.norm, kind: "layer", placement: "after" });
  assert.deepEqual(applyOverrides(defaultConfig, { "model.widths": "64,32,16" }).model.widths, [64, 32, 16]);
  assert.deepEqual(applyOverrides(defaultConfig, { "model.widths": "[8]" }).model.widths, [8]);
  assert.deepEqual(applyOverrides(defaultConfig, { "model.depth": "3", "model.activation": "tanh,relu,gelu" }).model.activation, ["tanh", "relu", "gelu"]);
  assert.equal(applyOverrides(fullConfig, { clip: "null" }).clip, null);
  assert.equal(applyOverrides(defaultConfig, { "model.residual.scale": "0.5" }).model.residual.scale, 0.5);
});

test("a name sets an object with a name, and a deeper path turns a name into { name, … }", () => {
  const c = applyOverrides(defaultConfig, { init: "heNormal", "model.init.mode": "fanOut", "model.biasInit.value": "0.1", "model.biasInit.name": "constant" });
  assert.deepEqual(c.model.init, { name: "heNormal", mode: "fanOut" });
  assert.deepEqual(c.model.biasInit, { name: "constant", value: 0.1 });
  assert.equal(applyOverrides(fullConfig, { init: "lecunNormal" }).model.init, "lecunNormal");
  assert.deepEqual(applyOverrides(defaultConfig, { "model.init.gain": "2" }).model.init, { name: "xavierNormal", gain: 2 });
});

test("the short flags map to their paths; --clip-norm and --clip-value set the clipping rule", () => {
  const c = applyOverrides(defaultConfig, {
    depth: "5", width: "16", activation: "elu", init: "heUniform", norm: "batch", residual: "2", lr: "0.2", optimizer: "rmsprop",
    steps: "50", batch: "8", seed: "7", data: "moons", "clip-norm": "2", l2: "0.001", engine: "reference",
  });
  assert.deepEqual([c.model.depth, c.model.width, c.model.activation, c.model.init, c.model.norm.kind, c.model.residual.every], [5, 16, "elu", "heUniform", "batch", 2]);
  assert.deepEqual([c.optimizer.name, c.optimizer.lr, c.train.steps, c.train.batch, c.seed, c.data.name, c.regularization.l2, c.engine], ["rmsprop", 0.2, 50, 8, 7, "moons", 0.001, "reference"]);
  assert.deepEqual(c.clip, { kind: "globalNorm", threshold: 2 });
  assert.deepEqual(applyOverrides(defaultConfig, { "clip-value": "0.5" }).clip, { kind: "value", threshold: 0.5 });
  for (const [flag, alias] of Object.entries(flagAliases)) {
    assert.ok(!("error" in fieldAt(alias.path)), `--${flag} → ${alias.path}`);
  }
  assert.deepEqual(Object.keys(flagAliases).sort(), ["activation", "batch", "clip-norm", "clip-value", "data", "depth", "engine", "init", "l2", "lr", "norm", "optimizer", "residual", "seed", "steps", "width"]);
});

test("flags override a file: a new optimizer keeps lr, --depth over a widths list, --steps over epochs", () => {
  const file = resolveConfig({ model: { widths: [16, 16, 16] }, optimizer: { name: "sgd", momentum: 0.9, lr: 0.3 }, train: { epochs: 2 } });
  const c = applyOverrides(file, { optimizer: "adam", depth: "5", steps: "10" });
  assert.deepEqual(c.optimizer, { name: "adam", lr: 0.3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
  assert.deepEqual([c.model.depth, c.model.width, c.model.widths], [5, 16, undefined]);
  assert.deepEqual(c.train, { steps: 10, batch: 64, evalEvery: 100 });
  assert.deepEqual(applyOverrides(file, { width: "8" }).model.widths, undefined);
  assert.equal(applyOverrides(file, { width: "8" }).model.depth, 3);
  assert.deepEqual(applyOverrides(defaultConfig, { "model.widths": "4,4" }).model, resolveConfig({ model: { widths: [4, 4] } }).model);
});

test("bad override values are rejected with the flag's name", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ depth: "abc" }, /^--depth: "abc" is not allowed; expected an integer ≥ 1$/],
    [{ depth: "0" }, /^--depth: model\.depth: 0 is not allowed; expected an integer ≥ 1$/],
    [{ "model.depth": "2.5" }, /^--model\.depth: 2\.5 is not allowed; expected an integer ≥ 1$/],
    [{ "model.bias": "yes" }, /^--model\.bias: "yes" is not allowed; expected true or false$/],
    [{ activation: "sigmoidd" }, /^--activation: model\.activation: "sigmoidd" is not allowed; expected one of .*; did you mean "sigmoid"\?$/],
    [{ optimizer: "adamm" }, /^--optimizer: optimizer\.name: "adamm" is not allowed; .*did you mean "adam"\?$/],
    [{ "model.widht": "3" }, /^--model\.widht: unknown field; did you mean "model\.width"\?$/],
    [{ "model.norm.kindd": "batch" }, /^--model\.norm\.kindd: unknown field; did you mean "model\.norm\.kind"\?$/],
    [{ dpeth: "3" }, /^--dpeth: unknown option; did you mean --depth\?$/],
    [{ "clip-norm": "1", "clip-value": "2" }, /^--clip-norm and --clip-value: both set clip\.(threshold|kind); give one of them$/],
    [{ "clip-norm": "-1" }, /^--clip-norm: clip\.threshold: -1 is not allowed; expected a number ≥ 0$/],
    [{ "model.norm": "{kind: batch}" }, /^--model\.norm: "\{kind: batch\}" is not valid JSON/],
    [{ "optimizer.momentum": "0.9", optimizer: "adam" }, /^--optimizer\.momentum: unknown field for optimizer "adam"; allowed: name, lr, betas, eps, weightDecay, amsgrad$/],
    [{ "model.widths": "64,x" }, /^--model\.widths: "x" is not allowed; expected an integer ≥ 1$/],
  ];
  for (const [overrides, expected] of cases) assert.match(message(() => applyOverrides(defaultConfig, overrides)), expected, JSON.stringify(overrides));
  assert.match(message(() => applyOverrides(defaultConfig, { depth: "3", residual: "4" })), /^--residual: model\.residual\.every: 4 is not allowed; expected at most the depth \(3\)$/);
});

test("the URL query holds only what differs from the defaults and round-trips exactly", () => {
  assert.equal(configToQuery(defaultConfig), "");
  assert.deepEqual(configFromQuery(""), defaultConfig);
  const c = resolveConfig({ model: { depth: 30, activation: "relu", init: "heNormal" }, optimizer: { lr: 0.1 } });
  assert.equal(configToQuery(c), "model.depth=30&model.activation=relu&model.init=heNormal&optimizer.lr=0.1");
  assert.deepEqual(configFromQuery(`?${configToQuery(c)}`), c);
  assert.equal(configToQuery(resolveConfig({ optimizer: { name: "adam" } })), "optimizer.name=adam");
  assert.equal(configToQuery(resolveConfig({ model: { widths: [64, 32] } })), "model.widths=64,32");
  assert.equal(configToQuery(resolveConfig({ clip: { kind: "globalNorm", threshold: 1 } })), "clip.kind=globalNorm&clip.threshold=1");
  for (const [name, partial] of Object.entries(validExamples)) {
    const config = resolveConfig(partial);
    const query = configToQuery(config);
    assert.deepEqual(configFromQuery(query), config, `${name}: ${query}`);
    assert.deepEqual(configFromQuery(new URLSearchParams(query)), config, name);
  }
});

test("values that plain text would misread are quoted as JSON in the URL", () => {
  const q = configToQuery(fullConfig);
  assert.match(q, /data\.labelColumn=%225%22/);
  assert.match(q, /data\.path=data\/my%20data,%20v2\.csv/);
  assert.match(q, /model\.activation=%5B/);
  assert.deepEqual(configFromQuery(q), fullConfig);
  const one = resolveConfig({ model: { depth: 1, activation: ["relu"] } });
  assert.deepEqual(configFromQuery(configToQuery(one)), one);
});

test("bad URL parameters are named; the URL takes paths, not the CLI's short flags", () => {
  assert.match(message(() => configFromQuery("model.depth=0")), /^URL parameter model\.depth: 0 is not allowed; expected an integer ≥ 1$/);
  assert.match(message(() => configFromQuery("depth=3")), /^URL parameter depth: unknown option$/);
  assert.match(message(() => configFromQuery("model.depth=3&model.depth=4")), /^URL parameter model\.depth: given twice$/);
  assert.equal(configFromQuery("optimizer=adam").optimizer.name, "adam");
});

test("every leaf path of the field tree can be set by a flag", () => {
  const paths: string[] = [];
  const walk = (fields: Record<string, { kind: string; fields?: Record<string, never> }>, prefix: string) => {
    for (const [k, f] of Object.entries(fields)) {
      const path = prefix === "" ? k : `${prefix}.${k}`;
      if (f.kind === "object" && f.fields !== undefined) walk(f.fields, path);
      else paths.push(path);
    }
  };
  walk(experimentFields.fields as never, "");
  assert.ok(paths.includes("model.norm.eps") && paths.includes("probes.histogram.bins"));
  for (const path of paths) assert.ok(!("error" in fieldAt(path)), path);
});
