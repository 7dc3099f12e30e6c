// Every statistic of the Recorder against an independent float64 recomputation from copies of
// the tensors the step exposed: norms, update ratio (and, for plain SGD, lr·‖g‖/‖W‖), activation
// mean, standard deviation, histogram, saturated and dead fractions, and the per-step scalars;
// then the extreme cases: saturated sigmoid, dead ReLU, linear.
import assert from "node:assert/strict";
import { test } from "node:test";
import { activationDerivative, activations, resolveActivation } from "../../src/nn/index.js";
import { Recorder, histogramAt, series, type Observed, type Recording } from "../../src/probes/index.js";
import { getBackend } from "../../src/core/index.js";
import { SUMSQ_RELATIVE_ERROR } from "../../src/probes/wasm/stat-module.js";
import { allBackends, capturing, close, norm, onBackend, problem, sgd, type Captured, type Problem } from "./helpers.js";

/** Trains `steps` steps with the recorder behind capturing hooks; returns the recording and the captures. */
function record(p: Problem, steps: number, observed: Observed = p.trainer): { rec: Recording; caps: Captured[] } {
  const recorder = new Recorder(observed);
  const caps: Captured[] = [];
  for (let s = 0; s < steps; s++) {
    recorder.hooksFor(p.labels);
    p.trainer.step(p.x, p.labels, p.rng, capturing(p.trainer, caps, recorder));
  }
  recorder.dispose();
  return { rec: recorder.recording, caps };
}

function meanStd(x: Float64Array): [number, number] {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return [m, Math.sqrt(s / x.length)];
}

/** Bin k with edges[k] ≤ v < edges[k + 1], found by comparisons. */
function naiveHistogram(x: Float64Array, edges: Float64Array): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of x) {
    let k = 0;
    while (!(v >= edges[k] && v < edges[k + 1])) k++;
    counts[k]++;
  }
  return counts;
}

function argmaxAccuracy(output: Float64Array, labels: Int32Array): number {
  const classes = output.length / labels.length;
  let hits = 0;
  labels.forEach((y, r) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (output[r * classes + c] > output[r * classes + best]) best = c;
    if (best === y) hits++;
  });
  return hits / labels.length;
}

/**
 * Checks every metric of every record against the captures (record r = step r + 1), to 1e-12;
 * the parameter norms to `paramTol` (plain SGD on wasm sums float32 in float32 blocks: axpySums).
 */
function checkAll(p: Problem, rec: Recording, caps: Captured[], plainSgd = true, paramTol = 1e-12): void {
  assert.equal(rec.count, caps.length);
  const widths = p.net.spec.widths, batch = p.labels.length, tol = 1e-12;
  // NOTE: ‖δ‖ on wasm comes from sumsq's float32 blocks (SUMSQ_RELATIVE_ERROR of float64).
  const deltaTol = getBackend().name.startsWith("wasm") ? SUMSQ_RELATIVE_ERROR : tol;
  caps.forEach((cap, r) => {
    assert.equal(rec.steps[r], cap.step);
    close(series(rec, "loss")[r], cap.loss, tol, "loss");
    close(series(rec, "lossData")[r], cap.loss, tol, "lossData");
    assert.equal(series(rec, "lossPenalty")[r], 0);
    assert.equal(series(rec, "accuracy")[r], argmaxAccuracy(cap.output, p.labels));
    assert.equal(series(rec, "lr")[r], cap.lr);
    assert.ok(Number.isNaN(series(rec, "clipNormBefore")[r]) && Number.isNaN(series(rec, "clipNormAfter")[r]));
    assert.equal(series(rec, "clipFired")[r], 0);
    widths.forEach((width, l) => {
      const at = (m: Parameters<typeof series>[1]) => series(rec, m, l + 1)[r];
      const w = `layers.${l}.weight`, b = `layers.${l}.bias`;
      close(at("deltaNorm"), norm(cap.delta[l]), deltaTol, `‖δ_${l + 1}‖`);
      close(at("weightGradNorm"), norm(cap.grad.get(w) as Float64Array), paramTol, `‖∂L/∂W_${l + 1}‖`);
      close(at("biasGradNorm"), norm(cap.grad.get(b) as Float64Array), paramTol, `‖∂L/∂b_${l + 1}‖`);
      const before = cap.before.get(w) as Float64Array, after = cap.after.get(w) as Float64Array;
      close(at("weightNorm"), norm(before), paramTol, `‖W_${l + 1}‖`);
      const ratio = norm(after.map((v, i) => v - before[i])) / norm(before);
      close(at("updateRatio"), ratio, paramTol, `update ratio ${l + 1}`);
      // Plain SGD: ΔW = −lr·g up to the float32 rounding of the update.
      if (plainSgd) close(at("updateRatio"), (cap.lr * norm(cap.grad.get(w) as Float64Array)) / norm(before), 1e-4, `SGD update ratio ${l + 1}`);
      const [m, s] = meanStd(cap.act[l]);
      close(at("actMean"), m, tol, `mean a_${l + 1}`);
      close(at("actStd"), s, 1e-10, `std a_${l + 1}`);
      const hist = Array.from(histogramAt(rec, l + 1, r));
      assert.deepEqual(hist, naiveHistogram(cap.act[l], rec.histogram.edges), `histogram ${l + 1}`);
      assert.equal(hist.reduce((a, c) => a + c, 0), batch * width);
      const spec = resolveActivation(Array.isArray(p.net.spec.activation) ? p.net.spec.activation[l] : p.net.spec.activation);
      const df = activationDerivative(spec), limit = 0.01 * activations[spec.name].maxDerivative(spec.alpha);
      const saturated = cap.actIn[l].filter((z) => Math.abs(df(z)) < limit).length / cap.actIn[l].length;
      close(at("saturatedFraction"), saturated, tol, `saturated ${l + 1}`);
      let dead = 0;
      if (activations[spec.name].canDie) {
        for (let c = 0; c < width; c++) if (Array.from({ length: batch }, (_, i) => cap.act[l][i * width + c]).every((v) => v === 0)) dead++;
      }
      close(at("deadFraction"), dead / width, tol, `dead ${l + 1}`);
    });
  });
}

for (const backend of allBackends()) {
  /** Plain SGD's own sums on wasm float32 (axpySums) and sumsq's: within 67·2⁻²⁴ of float64. */
  const sgdTol = backend.name.startsWith("wasm") ? 67 * 2 ** -24 : 1e-12;
  for (const activation of ["tanh", "sigmoid", "relu", "leakyRelu", "elu", "linear"]) {
    test(`every metric matches an independent computation (${backend.name}, ${activation})`, () => {
      onBackend(backend, () => {
        const p = problem({ activation, widths: [6, 9, 5] }, sgd(0.3), 5, 13);
        const { rec, caps } = record(p, 4);
        checkAll(p, rec, caps, true, sgdTol);
        p.net.dispose();
      });
    });
  }

  const rules = [{ name: "sgd", momentum: 0.9, weightDecay: 0.01 }, { name: "sgd", weightDecay: 0.1, decoupledWeightDecay: true }, "adam", "rmsprop"] as const;
  for (const optimizer of rules) {
    test(`norms and update ratios match with optimizer ${JSON.stringify(optimizer)} (${backend.name})`, () => {
      onBackend(backend, () => {
        const p = problem({ widths: [6, 9, 5] }, sgd(0.05, { optimizer }), 5, 13);
        const { rec, caps } = record(p, 3);
        // NOTE: decoupled decay leaves the biases (no decay) to plain SGD's own sums.
        const plainOnBiases = typeof optimizer === "object" && optimizer.name === "sgd" && !("momentum" in optimizer);
        checkAll(p, rec, caps, false, plainOnBiases ? sgdTol : 1e-12);
        p.net.dispose();
      });
    });
  }

  test(`every metric matches without a reporting optimizer: the recorder copies W itself (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem({ widths: [6, 9, 5] }, sgd(0.3), 5, 13);
      const { rec, caps } = record(p, 3, { net: p.net, parameters: p.trainer.parameters });
      // NOTE: the recorder's own gradient sums are sumsq's (SUMSQ_RELATIVE_ERROR on wasm).
      checkAll(p, rec, caps, true, sgdTol);
      p.net.dispose();
    });
  });

  test(`sigmoid with a huge initialization is saturated in every layer (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem({ activation: "sigmoid", init: { name: "normal", std: 1000 }, widths: [16, 16, 16] }, sgd(0.1), 3, 32);
      const { rec, caps } = record(p, 2);
      checkAll(p, rec, caps, true, sgdTol);
      for (let l = 1; l <= 3; l++) assert.ok(series(rec, "saturatedFraction", l)[0] > 0.99, `layer ${l}: ${series(rec, "saturatedFraction", l)[0]}`);
      p.net.dispose();
    });
  });

  test(`ReLU with a strongly negative bias is dead (and saturated) everywhere; linear neither (${backend.name})`, () => {
    onBackend(backend, () => {
      const dead = problem({ activation: "relu", biasInit: { name: "constant", value: -100 }, widths: [8, 8] }, sgd(0.1), 4, 16);
      const { rec, caps } = record(dead, 2);
      checkAll(dead, rec, caps, true, sgdTol);
      for (let l = 1; l <= 2; l++) {
        assert.deepEqual(Array.from(series(rec, "deadFraction", l)), [1, 1]);
        assert.deepEqual(Array.from(series(rec, "saturatedFraction", l)), [1, 1]);
      }
      dead.net.dispose();
      const linear = problem({ activation: "linear", widths: [8, 8] }, sgd(0.1), 4, 16);
      const lin = record(linear, 2);
      for (let l = 1; l <= 2; l++) {
        assert.deepEqual(Array.from(series(lin.rec, "deadFraction", l)), [0, 0]);
        assert.deepEqual(Array.from(series(lin.rec, "saturatedFraction", l)), [0, 0]);
      }
      linear.net.dispose();
    });
  });

  test(`loss terms and clipping telemetry (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem({}, sgd(0.1, { clip: { kind: "globalNorm", threshold: 1e-3 }, regularization: { l2: 0.1 } }), 6, 9);
      const recorder = new Recorder(p.trainer);
      const caps: Captured[] = [];
      const outcome = p.trainer.step(p.x, p.labels, p.rng, capturing(p.trainer, caps, recorder.hooksFor(p.labels)));
      const rec = recorder.recording;
      close(series(rec, "loss")[0], outcome.loss, 0, "loss");
      close(series(rec, "lossData")[0], outcome.terms.data, 0, "data term");
      close(series(rec, "lossPenalty")[0], outcome.terms.penalty, 0, "penalty term");
      assert.ok(series(rec, "lossPenalty")[0] > 0);
      const report = outcome.clip;
      assert.ok(report !== null && report.fired);
      assert.equal(series(rec, "clipNormBefore")[0], report.normBefore);
      assert.equal(series(rec, "clipFired")[0], 1);
      // After clipping, the gradients the probes read have the clipped global norm.
      close(series(rec, "clipNormAfter")[0], norm([...caps[0].grad.values()].flatMap((g) => Array.from(g))), 1e-9, "norm after clipping");
      close(series(rec, "clipNormAfter")[0], 1e-3, 1e-5, "threshold");
      recorder.dispose();
      p.net.dispose();
    });
  });
}
