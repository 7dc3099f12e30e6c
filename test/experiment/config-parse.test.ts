import assert from "node:assert/strict";
import { test } from "node:test";
import { stringify } from "yaml";
import { ConfigError, canonicalJSON, configHash, defaultConfig, formatOf, parseConfig, resolveConfig } from "../../src/experiment/config/index.js";
import { jsonSyntaxError } from "../../src/experiment/config/json-syntax.js";
import { fullConfig, validExamples } from "./config-examples.js";

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.fail("expected a ConfigError");
}

test("a full config round-trips through JSON and YAML", () => {
  assert.deepEqual(parseConfig(JSON.stringify(fullConfig, null, 2), "json"), fullConfig);
  assert.deepEqual(parseConfig(stringify(fullConfig), "yaml"), fullConfig);
  for (const [name, partial] of Object.entries(validExamples)) {
    const c = resolveConfig(partial);
    assert.deepEqual(parseConfig(JSON.stringify(c), "json"), c, name);
    assert.deepEqual(parseConfig(stringify(c), "yaml"), c, name);
  }
});

test("an empty file is the default experiment; the format follows the file name", () => {
  assert.deepEqual(parseConfig("", "json"), defaultConfig);
  assert.deepEqual(parseConfig("# nothing but a comment\n", "yaml"), defaultConfig);
  assert.equal(formatOf("exp.yaml"), "yaml");
  assert.equal(formatOf("runs/EXP.YML"), "yaml");
  assert.equal(formatOf("exp.json"), "json");
});

test("a YAML experiment with comments reads as the same config as its JSON", () => {
  const yaml = `# deep ReLU net
model:
  depth: 30
  activation: relu
  init: { name: heNormal, mode: fanIn }
optimizer:
  name: adam
  lr: 1e-3
clip: null
`;
  const json = `{"model": {"depth": 30, "activation": "relu", "init": {"name": "heNormal", "mode": "fanIn"}}, "optimizer": {"name": "adam", "lr": 0.001}, "clip": null}`;
  assert.deepEqual(parseConfig(yaml, "yaml"), parseConfig(json, "json"));
});

test("bad JSON names the line and column of the fault", () => {
  const cases: [string, string, RegExp][] = [
    ['{\n  "model": {\n    "depth": 3,\n  }\n}', "4:3", /expected a double-quoted field name, found "}" \(a trailing comma\?\)/],
    ['{\n  "seed": 1\n  "engine": "wasm"\n}', "3:3", /expected "," or "}", found "\\""/],
    ['{"model": {"activation": tanh}}', "1:26", /expected a value, found "t" \(strings need double quotes\)/],
    ['{"seed": 1', "1:11", /expected "," or "}", found the end of the input/],
    ['{"seed": 01}', "1:11", /expected "," or "}", found "1"/],
    ['{"a": "x\ny"}', "1:9", /a control character/],
    ["{} {}", "1:4", /unexpected "{" after the end of the document/],
  ];
  for (const [text, at, message] of cases) {
    const e = configError(() => parseConfig(text, "json", "exp.json"));
    assert.ok(e.message.startsWith(`exp.json:${at}: invalid JSON: `), `${JSON.stringify(text)} → ${e.message}`);
    assert.match(e.message, message);
  }
});

test("the JSON scanner agrees with JSON.parse on what is valid", () => {
  for (const text of ["{}", "[]", '"x"', "-0.5e+3", '{"a":[1,2,{"b":null}],"c":"\\u00e9\\n"}', " true ", JSON.stringify(fullConfig, null, 2)]) {
    assert.equal(jsonSyntaxError(text), null, text);
  }
  for (const text of ["", "{", "[1,]", "01", "1.", '"\\x"', "nul", "{'a': 1}"]) {
    assert.notEqual(jsonSyntaxError(text), null, text);
    assert.throws(() => JSON.parse(text));
  }
});

test("bad YAML names the line and column of the fault", () => {
  const cases: [string, RegExp][] = [
    ["model:\n  depth: 3\n   width: 4\n", /^exp\.yaml:2:\d+: invalid YAML: /],
    ["model:\n  depth: 3\n  depth: 4\n", /^exp\.yaml:3:3: invalid YAML: Map keys must be unique/],
    ["model: [1, 2\nseed: 3\n", /^exp\.yaml:\d+:\d+: invalid YAML: /],
    ["optimizer:\n\tname: adam\n", /^exp\.yaml:2:1: invalid YAML: /],
  ];
  for (const [text, message] of cases) assert.match(configError(() => parseConfig(text, "yaml", "exp.yaml")).message, message);
});

test("a wrong field in a file is reported with its line and column", () => {
  const yaml = "seed: 3\nmodel:\n  depth: 3\n  widht: 4\noptimizer:\n  name: adamm\n";
  const e = configError(() => parseConfig(yaml, "yaml", "exp.yaml"));
  assert.deepEqual(e.problems.map((p) => [p.path, p.line, p.column]), [["model.widht", 4, 3], ["optimizer.name", 6, 3]]);
  assert.equal(e.message, [
    "exp.yaml: 2 problems in the experiment config:",
    '  exp.yaml:4:3: model.widht: unknown field; did you mean "width"?',
    '  exp.yaml:6:3: optimizer.name: "adamm" is not allowed; expected one of sgd, rmsprop, adam, adamw; did you mean "adam"?',
  ].join("\n"));
  const json = '{\n  "model": {\n    "activation": ["tanh", "sigmoidd"]\n  }\n}';
  const j = configError(() => parseConfig(json, "json", "exp.json"));
  assert.match(j.message, /^exp\.json:3:28: model\.activation\[1\]: "sigmoidd" is not allowed; expected one of .*; did you mean "sigmoid"\?$/);
});

test("canonicalJSON orders keys, so the hash is a run's identity", () => {
  const shuffled = JSON.parse(JSON.stringify(fullConfig), (_k, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v) as typeof fullConfig;
  assert.notEqual(JSON.stringify(shuffled), JSON.stringify(fullConfig));
  assert.equal(canonicalJSON(shuffled), canonicalJSON(fullConfig));
  assert.equal(configHash(shuffled), configHash(fullConfig));
  assert.match(configHash(defaultConfig), /^[0-9a-f]{12}$/);
  assert.notEqual(configHash(resolveConfig({ seed: 2 })), configHash(defaultConfig));
  assert.equal(canonicalJSON(resolveConfig({})), canonicalJSON(defaultConfig));
  assert.match(canonicalJSON(defaultConfig), /^\{"clip":null,"data":\{"classes":3,"n":600,"name":"spirals",/);
});
