// Grids: axes of config values (paths or short flags) expanded into named, resolved configs;
// errors name the axis; --vary and grid-file parsing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError } from "../../src/core/errors.js";
import { expandGrid, parseGridText, parseVary, splitTopLevel } from "../../src/experiment/grid/index.js";

test("every combination, first axis slowest, named by the short flags, resolved over the base", () => {
  const runs = expandGrid({
    base: { model: { width: 8 }, train: { steps: 10 } },
    axes: { "model.activation": ["sigmoid", "relu"], "model.depth": [10, 30], seed: [1, 2] },
  });
  assert.equal(runs.length, 8);
  assert.deepEqual(runs.map((r) => r.name).slice(0, 3), ["activation=sigmoid depth=10 seed=1", "activation=sigmoid depth=10 seed=2", "activation=sigmoid depth=30 seed=1"]);
  assert.equal(runs[7].name, "activation=relu depth=30 seed=2");
  assert.deepEqual(runs.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6, 7]);
  const last = runs[7].config;
  assert.equal(last.model.activation, "relu");
  assert.equal(last.model.depth, 30);
  assert.equal(last.seed, 2);
  assert.equal(last.model.width, 8, "the base is kept");
  assert.equal(last.train.steps, 10);
  assert.deepEqual(runs[7].values, { "model.activation": "relu", "model.depth": 30, seed: 2 });
  assert.equal(new Set(runs.map((r) => r.name)).size, 8);
});

test("short flags as axes, with the fields they set beside (clip-norm sets clip.kind); objects named by their name", () => {
  const runs = expandGrid({ axes: { "clip-norm": [0.5, 1], init: [{ name: "normal", std: 0.1 }, { name: "heNormal" }] } });
  assert.equal(runs[0].config.clip?.kind, "globalNorm");
  assert.equal(runs[0].config.clip?.threshold, 0.5);
  assert.equal(runs[1].name, "clip-norm=0.5 init=heNormal");
  assert.equal(runs[0].name, 'clip-norm=0.5 init={"name":"normal","std":0.1}');
  assert.equal(runs[3].config.clip?.threshold, 1);
  assert.deepEqual(expandGrid({ axes: {} }).map((r) => r.name), ["base"]);
  assert.equal(expandGrid({ axes: { "model.norm.placement": ["after"] }, base: { model: { norm: { kind: "batch" } } } })[0].name, "model.norm.placement=after");
});

test("errors name the axis: unknown path, unknown flag with a suggestion, empty axis, a rejected value", () => {
  const fails = (spec: Parameters<typeof expandGrid>[0], pattern: RegExp) =>
    assert.throws(() => expandGrid(spec), (e: unknown) => e instanceof GradscopeError && pattern.test(e.message), String(pattern));
  fails({ axes: { "model.dpeth": [1] } }, /axis "model\.dpeth": model\.dpeth: unknown field; did you mean "model\.depth"/);
  fails({ axes: { activaton: ["relu"] } }, /axis "activaton": unknown flag or config path; did you mean "activation"/);
  fails({ axes: { depth: [] } }, /axis "depth": give a non-empty list/);
  fails({ axes: { depth: [4, 0] } }, /axis model\.depth = 0: .*model\.depth/);
  fails({ axes: { activation: ["relu", "sigmoidd"] } }, /axis model\.activation = sigmoidd: .*did you mean "sigmoid"/);
  fails({ base: { model: { widht: 3 } }, axes: { depth: [1] } }, /base\.model\.widht/);
});

test("--vary KEY=V1,V2 parses values by the field's type; JSON objects and lists stay whole", () => {
  assert.deepEqual(parseVary("depth=10,30"), { key: "depth", values: [10, 30] });
  assert.deepEqual(parseVary("activation=sigmoid,relu"), { key: "activation", values: ["sigmoid", "relu"] });
  assert.deepEqual(parseVary('init={"name":"normal","std":0.1},heNormal').values, [{ name: "normal", std: 0.1 }, "heNormal"]);
  assert.deepEqual(parseVary("model.widths=[64,32],[32,32]").values, [[64, 32], [32, 32]]);
  assert.deepEqual(splitTopLevel('a,"b,c",[1,2]'), ["a", '"b,c"', "[1,2]"]);
  assert.throws(() => parseVary("depth"), /--vary "depth": expected KEY=V1,V2/);
  assert.throws(() => parseVary("depht=3"), /--vary "depht": unknown flag or config path; did you mean "depth"/);
  assert.throws(() => parseVary("depth=3,x"), /--vary depth: "x" is not allowed/);
  assert.throws(() => parseVary("depth=3,,4"), /--vary depth: an empty value/);
});

test("a grid file: base and axes in JSON or YAML; other shapes are named errors", () => {
  const yaml = "base:\n  model:\n    width: 8\naxes:\n  activation: [tanh, relu]\n  seed: [1, 2]\n";
  const spec = parseGridText(yaml, "yaml", "g.yaml");
  assert.deepEqual(spec.axes, { activation: ["tanh", "relu"], seed: [1, 2] });
  assert.equal(expandGrid(spec).length, 4);
  assert.throws(() => parseGridText('{"axes": {"depth": 3}}', "json", "g.json"), /g\.json: axes\.depth: expected a list of values/);
  assert.throws(() => parseGridText('{"axis": {}}', "json", "g.json"), /g\.json: axis: unknown key/);
  assert.throws(() => parseGridText("[1]", "json", "g.json"), /a grid file is an object/);
  assert.throws(() => parseGridText("{", "json", "g.json"), /invalid JSON/);
});
