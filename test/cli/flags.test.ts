// The CLI's pieces in isolation: flag parsing, remedy flags, the per-layer strip.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFlags } from "../../src/cli/flags.js";
import { layerStrip } from "../../src/cli/layer-strip.js";
import { remedyFlags } from "../../src/cli/remedy-flags.js";
import { toConfigPatch } from "../../src/doctor/remedy-config.js";
import { applyOverrides, defaultConfig } from "../../src/experiment/config/index.js";

test("parseFlags: positionals, switches, own options, config flags, dotted paths and --set", () => {
  const f = parseFlags(["exp.yaml", "--json", "--depth", "30", "--model.norm.placement=after", "--set", "optimizer.lr=0.1", "--name", "x"],
    { json: { type: "boolean" }, name: { type: "string" } }, { config: true });
  assert.deepEqual(f.positionals, ["exp.yaml"]);
  assert.deepEqual(f.options, { json: true, name: "x" });
  assert.deepEqual(f.overrides, { depth: "30", "model.norm.placement": "after", "optimizer.lr": "0.1" });
  assert.throws(() => parseFlags(["--dpeth", "3"], {}, { config: true }), /--dpeth: unknown option; did you mean --depth\?/);
  assert.throws(() => parseFlags(["--depth"], {}, { config: true }), /--depth: a value is missing/);
  assert.throws(() => parseFlags(["--depth", "3"], {}), /unknown option/);
  assert.throws(() => parseFlags(["a", "b"], {}), /unexpected argument "b"/);
  assert.throws(() => parseFlags(["--set", "x"], {}, { config: true }), /not path=value/);
  assert.deepEqual(parseFlags(["--lr", "-0.5"], {}, { config: true }).overrides, { lr: "-0.5" });
});

test("remedy patches become the flags that apply them, and those flags apply the patch", () => {
  assert.deepEqual(toConfigPatch({ "training.lr": 0.005, "training.regularization.l2": 1e-4, "model.norm.kind": "batch" }),
    { "optimizer.lr": 0.005, "regularization.l2": 1e-4, "model.norm.kind": "batch" });
  assert.equal(remedyFlags({ "model.norm.kind": "batch" }), "--norm batch");
  assert.equal(remedyFlags({ "training.lr": 0.005 }), "--lr 0.005");
  assert.equal(remedyFlags({ "model.activation": "relu", "model.init": { name: "heNormal" } }), "--activation relu --init heNormal");
  assert.equal(remedyFlags({ "training.clip": { kind: "globalNorm", threshold: 1 } }), "--clip-norm 1");
  assert.equal(remedyFlags({ "training.regularization.l2": 1e-4 }), "--l2 0.0001");
  const leaky = remedyFlags({ "model.activation": { name: "leakyRelu", alpha: 0.01 }, "model.init": { name: "heNormal", slope: 0.01 } });
  const words = (leaky.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'|'$/g, ""));
  const c = applyOverrides(defaultConfig, parseFlags(words, {}, { config: true }).overrides);
  assert.deepEqual(c.model.activation, { name: "leakyRelu", alpha: 0.01 });
  assert.deepEqual(c.model.init, { name: "heNormal", slope: 0.01 });
});

test("layerStrip: one bar per layer, heights on a log scale, ! for NaN/Inf, bucketed beyond 48 layers", () => {
  assert.equal(layerStrip([1e-6, 1e-3, 1], false), "▁▅█");
  assert.equal(layerStrip([1, NaN, 1], false), "█!█");
  assert.equal([...layerStrip(Array.from({ length: 200 }, (_, i) => 2 ** (i / 10)), false)].length, 48);
  assert.ok(layerStrip([1e-6, 1], true).startsWith("\u001b[34m▁"), "vanishing layers are blue");
});
