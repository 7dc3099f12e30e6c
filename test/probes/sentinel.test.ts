// The NaN/Inf sentinel: the first non-finite value's step, layer, pass and tensor, provoked in the
// forward pass (a NaN input; a huge learning rate), in the backward pass (an exploding δ with a
// finite forward) and in the update (an infinite step); the records up to it are kept, the
// recorder reports stopped, and later steps are ignored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { copyOf, tensor } from "../../src/core/index.js";
import { Recorder, series, stepSeries } from "../../src/probes/index.js";
import { allBackends, onBackend, problem, sgd } from "./helpers.js";

for (const backend of allBackends()) {
  test(`a NaN input at step 3 is caught in layer 1's h, forward; records kept; later steps ignored (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem();
      const bad = copyOf(p.x);
      bad.data[5] = NaN;
      const recorder = new Recorder(p.trainer);
      for (let s = 1; s <= 5 && !recorder.stopped; s++) p.trainer.step(s === 3 ? bad : p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      const rec = recorder.recording;
      assert.equal(recorder.stopped, true);
      assert.equal(p.trainer.stepCount, 3);
      assert.deepEqual({ ...rec.nonFinite, value: String(rec.nonFinite?.value) }, { step: 3, layer: 1, pass: "forward", tensor: "h", value: "NaN" });
      assert.deepEqual(Array.from(stepSeries(rec)), [1, 2, 3]);
      assert.ok(Number.isFinite(series(rec, "loss")[0]) && Number.isFinite(series(rec, "loss")[1]));
      assert.ok(Number.isNaN(series(rec, "loss")[2]));
      // The training loop may go on regardless: the recorder ignores it.
      p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      assert.equal(rec.count, 3);
      assert.equal(rec.nonFinite?.step, 3);
    });
  });

  test(`a step the cadence skips is recorded after all when it holds the first NaN (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem();
      const bad = copyOf(p.x);
      bad.data[0] = Infinity;
      const recorder = new Recorder(p.trainer, { every: 5 });
      for (let s = 1; s <= 4 && !recorder.stopped; s++) p.trainer.step(s === 3 ? bad : p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      const rec = recorder.recording;
      assert.deepEqual(Array.from(stepSeries(rec)), [1, 3]);
      assert.equal(rec.nonFinite?.pass, "forward");
      assert.equal(rec.nonFinite?.tensor, "h");
      // tanh(±∞) = ±1: the row with the infinite input is saturated in layer 1, the statistics finite.
      assert.ok(series(rec, "saturatedFraction", 1)[1] >= 1 / 7);
      assert.ok(Number.isFinite(series(rec, "actMean", 1)[1]));
    });
  });

  test(`a huge learning rate overflows after a few steps; every record before it is finite (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem({ activation: "relu", widths: [8, 8, 8], init: "heNormal" }, sgd(1e12), 2, 16);
      const recorder = new Recorder(p.trainer);
      for (let s = 0; s < 50 && !recorder.stopped; s++) p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      const rec = recorder.recording, ev = rec.nonFinite;
      assert.ok(ev !== null && ev.step > 1, JSON.stringify(ev));
      assert.ok(!Number.isFinite(ev.value));
      assert.equal(rec.count, ev.step);
      for (let r = 0; r < ev.step - 1; r++) assert.ok(Number.isFinite(series(rec, "loss")[r]), `loss of step ${r + 1}`);
    });
  });

  test(`an exploding backprop signal with a finite forward is caught in δ, from the last layer down (${backend.name})`, () => {
    onBackend(backend, () => {
      // A deep linear net of W = 10⁵·I on inputs ~1e-30: h_l = 10^(5l)·x stays finite, while
      // δ_l = 10^(5(10 − l))·∂L/∂z overflows float32 first at layer 2.
      const p = problem({
        activation: "linear", inputs: 4, outputs: 4, widths: new Array<number>(9).fill(4), bias: false,
        init: { name: "identity", value: 1e5 }, headInit: { name: "identity", value: 1e5 },
      }, sgd(0.1), 1, 4);
      const x = tensor(Array.from({ length: 16 }, (_, i) => (1 + (i % 5)) * 1e-30), [4, 4]);
      const recorder = new Recorder(p.trainer);
      p.trainer.step(x, p.labels, p.rng, recorder.hooksFor(p.labels));
      const rec = recorder.recording;
      assert.ok(rec.nonFinite !== null);
      const { step, layer, pass, tensor: name } = rec.nonFinite;
      assert.deepEqual({ step, layer, pass, tensor: name }, { step: 1, layer: 2, pass: "backward", tensor: "delta" });
      assert.ok(Number.isFinite(series(rec, "loss")[0]));
      assert.ok(Number.isFinite(series(rec, "deltaNorm", 3)[0]));
      assert.equal(series(rec, "deltaNorm", 2)[0], Infinity);
      assert.equal(recorder.stopped, true);
    });
  });

  test(`an infinite update is caught in the first parameter after the step (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem({}, sgd(1e300));
      const recorder = new Recorder(p.trainer);
      p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      const rec = recorder.recording, ev = rec.nonFinite;
      assert.ok(ev !== null);
      assert.deepEqual({ step: ev.step, layer: ev.layer, pass: ev.pass, tensor: ev.tensor }, { step: 1, layer: 1, pass: "update", tensor: "layers.0.weight" });
      assert.ok(!Number.isFinite(ev.value));
      assert.ok(Number.isFinite(series(rec, "weightNorm", 1)[0]));
      assert.ok(!Number.isFinite(series(rec, "updateRatio", 1)[0]));
      assert.ok(Number.isFinite(series(rec, "deltaNorm", 1)[0]));
    });
  });

  test(`an update caught on a skipped step is recorded in full from the optimizer's sums (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem();
      const recorder = new Recorder(p.trainer, { every: 10 });
      let before = 0;
      for (let s = 1; s <= 3; s++) {
        if (s === 3) {
          p.trainer.spec.lr = 1e300;
          before = Math.hypot(...p.net.layers[0].dense.weight.data);
        }
        p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      }
      const rec = recorder.recording;
      assert.deepEqual(Array.from(stepSeries(rec)), [1, 3]);
      assert.equal(rec.nonFinite?.pass, "update");
      assert.equal(rec.nonFinite?.step, 3);
      assert.ok(Math.abs(series(rec, "weightNorm", 1)[1] - before) <= 1e-12 * before);
      assert.equal(series(rec, "updateRatio", 1)[1], Infinity);
      assert.ok(Number.isFinite(series(rec, "weightGradNorm", 1)[1]) && Number.isFinite(series(rec, "deltaNorm", 1)[1]));
      assert.equal(series(rec, "lr")[1], 1e300);
    });
  });

  test(`without a reporting optimizer, an update caught on a skipped step has NaN for what needed the weights before it (${backend.name})`, () => {
    onBackend(backend, () => {
      const p = problem();
      const recorder = new Recorder({ net: p.net, parameters: p.trainer.parameters }, { every: 10 });
      for (let s = 1; s <= 3; s++) {
        if (s === 3) p.trainer.spec.lr = 1e300;
        p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
      }
      const rec = recorder.recording;
      assert.deepEqual(Array.from(stepSeries(rec)), [1, 3]);
      assert.equal(rec.nonFinite?.pass, "update");
      assert.equal(rec.nonFinite?.step, 3);
      assert.ok(Number.isNaN(series(rec, "weightNorm", 1)[1]) && Number.isNaN(series(rec, "updateRatio", 1)[1]));
      assert.ok(Number.isFinite(series(rec, "deltaNorm", 1)[1]) && Number.isFinite(series(rec, "actMean", 1)[1]));
      assert.ok(Number.isFinite(series(rec, "weightGradNorm", 1)[1]));
      recorder.dispose();
    });
  });
}

test("with the sentinel off nothing stops and no event is recorded", () => {
  const p = problem();
  const bad = copyOf(p.x);
  bad.data[0] = NaN;
  const recorder = new Recorder(p.trainer, { sentinel: false });
  for (let s = 1; s <= 3; s++) p.trainer.step(s === 2 ? bad : p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
  assert.equal(recorder.stopped, false);
  assert.equal(recorder.recording.nonFinite, null);
  assert.equal(recorder.recording.count, 3);
});
