// The cadence: with every = n the Recorder records step 1 and every step divisible by n
// (n = 3: 1, 3, 6, 9, 12), with the same values a record of every step holds at those steps.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError } from "../../src/core/index.js";
import { Recorder, isRecordedStep, layerMetrics, scalarMetrics, series, stepSeries, type Recording } from "../../src/probes/index.js";
import { problem } from "./helpers.js";

function run(every: number, steps: number): Recording {
  const p = problem({ widths: [5, 5] });
  const recorder = new Recorder(p.trainer, { every });
  for (let s = 0; s < steps; s++) p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
  return recorder.recording;
}

test("isRecordedStep: step 1 and the multiples of n", () => {
  const picked = (n: number) => Array.from({ length: 13 }, (_, i) => i + 1).filter((s) => isRecordedStep(s, n));
  assert.deepEqual(picked(1), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.deepEqual(picked(3), [1, 3, 6, 9, 12]);
  assert.deepEqual(picked(5), [1, 5, 10]);
  assert.deepEqual(picked(20), [1]);
});

test("every = 3 records steps 1, 3, 6, 9, 12 with the values of a full recording", () => {
  const all = run(1, 13), some = run(3, 13);
  assert.deepEqual(Array.from(stepSeries(all)), Array.from({ length: 13 }, (_, i) => i + 1));
  assert.deepEqual(Array.from(stepSeries(some)), [1, 3, 6, 9, 12]);
  const at = [0, 2, 5, 8, 11];
  for (const m of scalarMetrics) assert.deepEqual(Array.from(series(some, m)), at.map((r) => series(all, m)[r]), m);
  for (const m of layerMetrics) for (const l of [1, 2]) assert.deepEqual(Array.from(series(some, m, l)), at.map((r) => series(all, m, l)[r]), `${m} ${l}`);
  const bins = all.histogram.edges.length - 1;
  at.forEach((r, i) => assert.deepEqual(some.histogram.counts[1].subarray(i * bins, (i + 1) * bins), all.histogram.counts[1].subarray(r * bins, (r + 1) * bins)));
});

test("the default cadence records every step, growing the arrays past their capacity", () => {
  const p = problem({ widths: [3] });
  const recorder = new Recorder(p.trainer, { capacity: 2 });
  for (let s = 0; s < 9; s++) p.trainer.step(p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
  assert.equal(recorder.recording.count, 9);
  assert.ok(recorder.recording.steps.length >= 9);
  assert.deepEqual(Array.from(stepSeries(recorder.recording)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(Array.from(series(recorder.recording, "deltaNorm", 1)).every((v) => v > 0));
});

test("a cadence that is not an integer ≥ 1, or a bad histogram, is refused naming the field", () => {
  const p = problem();
  for (const every of [0, -1, 1.5, NaN]) assert.throws(() => new Recorder(p.trainer, { every }), (e: Error) => e instanceof GradscopeError && /probes\.every/.test(e.message));
  assert.throws(() => new Recorder(p.trainer, { histogram: { bins: 0 } }), /probes\.histogram\.bins/);
  assert.throws(() => new Recorder(p.trainer, { histogram: { lo: 1, hi: 1 } }), /probes\.histogram/);
  const custom = new Recorder(p.trainer, { histogram: { bins: 10, lo: -1, hi: 1 } });
  assert.equal(custom.recording.histogram.edges.length, 13);
});
