// The presets table: every preset is well formed and resolves; the quick version keeps the story; unknown names are named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError } from "../../src/core/index.js";
import { getPreset, gridVariants, mergePatch, presetConfigs, presetNames, presets } from "../../src/experiment/index.js";

test("the table holds the nine classic experiments, each with a story, an expectation, a reference and a valid config for every run", () => {
  assert.deepEqual([...presetNames].sort(), ["activationDepth", "batchNorm", "deepLinear", "dyingRelu", "edgeOfChaos", "explodingGradients", "glorotBengio", "heInit", "skipConnections"]);
  for (const [name, p] of Object.entries(presets)) {
    assert.equal(p.name, name);
    for (const text of [p.title, p.story, p.expectation, p.reference]) assert.ok(typeof text === "string" && text.length > 20, `${name}: ${text}`);
    const runs = presetConfigs(name);
    assert.deepEqual(runs.map((r) => r.label), Object.keys(p.variants ?? { [name]: {} }));
    for (const { label } of runs) assert.match(label, /^[A-Za-z0-9._-]+$/, `${name}: label "${label}" should be usable on a command line`);
  }
});

test("the quick version changes only how long and on how much data a run trains (and the width), never what is compared", () => {
  for (const name of presetNames) {
    const full = presetConfigs(name), quick = presetConfigs(name, { quick: true });
    full.forEach(({ label, config }, i) => {
      const q = quick[i].config;
      assert.equal(quick[i].label, label);
      for (const key of ["seed", "loss", "optimizer", "schedule", "clip", "regularization", "engine"] as const) assert.deepEqual(q[key], config[key], `${name}/${label}: ${key}`);
      const { width: _w, widths: _ws, ...fullModel } = config.model;
      const { width: _qw, widths: _qws, ...quickModel } = q.model;
      assert.deepEqual(quickModel, fullModel, `${name}/${label}: model apart from width`);
      assert.equal(q.data.name, config.data.name, `${name}/${label}: data set`);
      assert.ok((q.train.steps ?? Infinity) <= (config.train.steps ?? Infinity), `${name}/${label}: steps`);
    });
  }
});

test("the variants differ from one another: each run of a preset has its own config", () => {
  for (const name of presetNames) {
    const texts = presetConfigs(name).map((r) => JSON.stringify(r.config));
    assert.equal(new Set(texts).size, texts.length, name);
  }
});

test("an unknown preset throws a GradscopeError naming it, listing the known presets and suggesting a close one", () => {
  assert.throws(() => presetConfigs("heinit"), (e: unknown) => {
    assert.ok(e instanceof GradscopeError);
    assert.match(e.message, /preset: "heinit" is not a built-in experiment/);
    for (const n of presetNames) assert.ok(e.message.includes(n), n);
    assert.match(e.message, /did you mean "heInit"\?/);
    return true;
  });
  assert.throws(() => getPreset("resnet"), /known: deepLinear, glorotBengio/);
});

test("mergePatch merges objects key by key and replaces everything else; gridVariants is the labelled product", () => {
  const base = { model: { depth: 20, init: { name: "meanField", sigmaW2: 1 }, widths: [4, 4] }, clip: null };
  const merged = mergePatch(base, { model: { init: { sigmaW2: 2 }, widths: [8] }, clip: { kind: "value" } });
  assert.deepEqual(merged, { model: { depth: 20, init: { name: "meanField", sigmaW2: 2 }, widths: [8] }, clip: { kind: "value" } });
  assert.deepEqual(base.model.init, { name: "meanField", sigmaW2: 1 }, "the base is not changed");
  const grid = gridVariants({ a: { x: 1 }, b: { x: 2 } }, { p: { y: 1 }, q: { y: 2 } });
  assert.deepEqual(grid, { "a-p": { x: 1, y: 1 }, "a-q": { x: 1, y: 2 }, "b-p": { x: 2, y: 1 }, "b-q": { x: 2, y: 2 } });
});

test("presetConfigs applies options.patch last, over the variant and the quick patch", () => {
  const runs = presetConfigs("heInit", { quick: true, patch: { train: { steps: 7 }, model: { width: 8 } } });
  assert.deepEqual(runs.map((r) => [r.config.train.steps, r.config.model.width, r.config.model.init]), [[7, 8, "xavierNormal"], [7, 8, "heNormal"]]);
  assert.throws(() => presetConfigs("heInit", { patch: { model: { depth: 0 } } }), /preset heInit, run "xavier".*model\.depth/s);
});
