// `gradscope theory`: the mean-field numbers against closed forms, the critical line, a configured net.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { inProcess, isUserError, tempDir } from "./helpers.js";

const store = join(tempDir(), "runs.db");
const theory = async (...args: string[]) => {
  const r = await inProcess(store, "theory", ...args);
  assert.equal(r.code, 0, r.stderr);
  return r;
};

interface MeanFieldJson { chi1: number; qStar: number; phase: string; xiC: number; trainableDepth: number; criticalSigmaW2: number; gain: number[]; relativeDelta: number[] }

test("ReLU: χ₁ = σ_w²/2 at σ_b² = 0, the phase follows, the critical σ_w² is 2", async () => {
  for (const w of [1.2, 1.6, 2.4]) {
    const j = JSON.parse((await theory("--activation", "relu", "--sigma-w2", String(w), "--json")).stdout) as MeanFieldJson;
    assert.ok(Math.abs(j.chi1 - w / 2) < 1e-9, `χ₁ = ${j.chi1} at σ_w² = ${w}`);
    assert.equal(j.phase, w < 2 ? "ordered" : "chaotic");
    assert.ok(Math.abs(j.criticalSigmaW2 - 2) < 1e-6);
  }
  const text = (await theory("--activation", "relu", "--sigma-w2", "1.6")).stdout;
  assert.match(text, /χ₁\s+0\.800/);
  assert.match(text, /phase\s+ordered/);
  assert.match(text, /trainable depth\s+≈ 6ξ_c = /);
});

test("tanh at σ_b² = 0.05: critical σ_w² ≈ 1.76, gains and ‖δ_l‖/‖δ_L‖ over the depth", async () => {
  const j = JSON.parse((await theory("--activation", "tanh", "--sigma-w2", "1.5", "--sigma-b2", "0.05", "--depth", "10", "--json")).stdout) as MeanFieldJson;
  assert.ok(Math.abs(j.criticalSigmaW2 - 1.76) < 0.01, String(j.criticalSigmaW2));
  assert.equal(j.phase, "ordered");
  assert.equal(j.gain.length, 9);
  assert.equal(j.relativeDelta.length, 10);
  const product = j.gain.reduce((p, g) => p * g, 1);
  assert.ok(Math.abs(j.relativeDelta[0] - product) < 1e-12 * product + 1e-300);
  assert.ok(Math.abs(j.trainableDepth - 6 * j.xiC) < 1e-9);
});

test("--critical-line prints σ_w²(σ_b²) on a grid", async () => {
  const r = await theory("--activation", "tanh", "--critical-line", "--grid", "0,0.05", "--json");
  const j = JSON.parse(r.stdout) as { criticalLine: { sigmaB2: number; sigmaW2: number }[] };
  assert.deepEqual(j.criticalLine.map((p) => p.sigmaB2), [0, 0.05]);
  assert.ok(Math.abs(j.criticalLine[0].sigmaW2 - 1) < 1e-6);
  assert.match((await theory("--activation", "tanh", "--critical-line")).stdout, /σ_b²\s+σ_w²/);
});

test("a configured net: predicted vs measured gains at init and the Jacobian spectrum", async () => {
  const r = await theory("--network", "--activation", "relu", "--init", "heNormal", "--depth", "6", "--width", "64");
  assert.match(r.stdout, /layer\s+q pred\s+q meas\s+gain pred\s+gain meas/);
  assert.match(r.stdout, /geometric-mean gain: predicted 1\.00, measured/);
  assert.match(r.stdout, /Input–output Jacobian .* condition number/);
  const j = JSON.parse((await theory("--init", "heNormal", "--activation", "relu", "--depth", "6", "--width", "64", "--json")).stdout) as { comparison: { geometricMeanGain: { predicted: number; measured: number } } };
  assert.ok(Math.abs(j.comparison.geometricMeanGain.predicted - 1) < 1e-9);
  assert.ok(Math.abs(j.comparison.geometricMeanGain.measured - 1) < 0.15, String(j.comparison.geometricMeanGain.measured));
});

test("theory: bad input gives one line and exit 2", async () => {
  for (const args of [["--activation", "nope"], ["--sigma-w2", "-1"], ["--depth", "0"], ["--critical-line", "--grid", "x"], ["--network", "--norm", "batch"]]) {
    const r = await inProcess(store, "theory", ...args);
    assert.ok(isUserError(r) && r.code === 2, `${args.join(" ")}: ${r.code} ${r.stderr}`);
  }
});
