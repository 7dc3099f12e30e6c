// `gradscope inspect`: the three safetensors files with DESIGN.md's names and shapes, and the PyTorch check.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decodeSafetensors } from "../../src/nn/io/safetensors.js";
import { inProcess, isUserError, root, tempDir } from "./helpers.js";

const dir = tempDir();
const store = join(dir, "runs.db");

const shapes = (file: string) => Object.fromEntries(Object.entries(decodeSafetensors(readFileSync(file)).tensors).map(([k, t]) => [k, t.shape]));

test("inspect writes weights, batch and gradients with the documented names and shapes", async () => {
  const out = join(dir, "ins");
  const r = await inProcess(store, "inspect", "--depth", "3", "--width", "8", "--batch", "16", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /layer\s+‖W‖\s+‖∂L\/∂W‖\s+‖δ‖\s+act mean\s+act std\s+saturated\s+dead/);
  assert.deepEqual(shapes(join(out, "weights.safetensors")), {
    "layers.0.weight": [8, 2], "layers.0.bias": [8], "layers.1.weight": [8, 8], "layers.1.bias": [8],
    "layers.2.weight": [8, 8], "layers.2.bias": [8], "head.weight": [3, 8], "head.bias": [3],
  });
  assert.deepEqual(shapes(join(out, "batch.safetensors")), { x: [16, 2], y: [16] });
  const g = shapes(join(out, "gradients.safetensors"));
  assert.deepEqual(g["grad.layers.0.weight"], [8, 2]);
  assert.deepEqual(g["grad.head.bias"], [3]);
  for (let i = 0; i < 3; i++) assert.deepEqual(g[`delta.${i}`], [16, 8]);
  assert.equal(Object.keys(g).length, 8 + 3);
  const meta = decodeSafetensors(readFileSync(join(out, "gradients.safetensors"))).metadata;
  assert.ok(Number.isFinite(Number(meta["gradscope.loss_value"])));
  assert.equal(JSON.parse(meta["gradscope.config"]).model.depth, 3);
});

test("inspect --step N trains first; --json reports the same shapes; bad --step is refused", async () => {
  const out = join(dir, "ins-step");
  const r = await inProcess(store, "inspect", "--depth", "2", "--width", "4", "--steps", "10", "--step", "10", "--out", out, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { step: number; shapes: { gradients: Record<string, number[]> }; layers: { deltaNorm: number }[] };
  assert.equal(j.step, 10);
  assert.deepEqual(j.shapes.gradients["delta.1"], [64, 4]);
  assert.ok(j.layers.every((l) => l.deltaNorm > 0));
  assert.equal(decodeSafetensors(readFileSync(join(out, "weights.safetensors"))).metadata["gradscope.step"], "10");
  const bad = await inProcess(store, "inspect", "--steps", "10", "--step", "11", "--out", out);
  assert.ok(isUserError(bad) && bad.code === 2, bad.stderr);
});

const python = "/usr/bin/python3";
const hasTorch = existsSync(python) && spawnSync(python, ["-c", "import torch"]).status === 0;

test("PyTorch recomputes the loss, every gradient and every δ of an inspect export", { skip: hasTorch ? false : `${python} cannot import torch: skipped` }, async () => {
  const folders: string[] = [];
  for (const [name, flags] of [
    ["tanh", ["--depth", "4", "--width", "8", "--step", "3", "--steps", "5"]],
    ["relu-bn-res", ["--depth", "4", "--width", "8", "--activation", "relu", "--init", "heNormal", "--norm", "batch", "--residual", "2"]],
    ["bce", ["--depth", "3", "--width", "8", "--data", "moons", "--set", "loss=binaryCrossEntropy", "--activation", "gelu"]],
  ] as const) {
    const out = join(dir, `torch-${name}`);
    const r = await inProcess(store, "inspect", ...flags, "--out", out);
    assert.equal(r.code, 0, r.stderr);
    folders.push(out);
  }
  const v = spawnSync(python, [join(root, "scripts", "verify_inspect.py"), ...folders], { encoding: "utf8" });
  assert.equal(v.status, 0, `${v.stdout}${v.stderr}`);
  assert.equal(v.stdout.match(/verify_inspect: OK/g)?.length, 3, v.stdout);
});
