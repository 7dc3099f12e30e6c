// Storage helpers: toJSON/fromJSON round-trip a recording exactly (NaN and ±Infinity included),
// trimmed to its count; the columns grow by doubling and keep their contents; the series
// accessors return views and name what is wrong.
import assert from "node:assert/strict";
import { test } from "node:test";
import { copyOf, GradscopeError } from "../../src/core/index.js";
import {
  Recorder, capacityOf, createRecording, fromJSON, histogramAt, histogramEdges, defaultHistogram, layerMetrics, openRecord,
  scalarMetrics, series, stepSeries, toJSON, type Recording,
} from "../../src/probes/index.js";
import { problem } from "./helpers.js";

/** A recording of 4 steps whose 4th has a NaN input (so it holds NaN, the event, and NaN biasGradNorm-free layers). */
function sample(): Recording {
  const p = problem({ widths: [5, 4] });
  const bad = copyOf(p.x);
  bad.data[2] = NaN;
  const recorder = new Recorder(p.trainer, { capacity: 64 });
  for (let s = 1; s <= 4; s++) p.trainer.step(s === 4 ? bad : p.x, p.labels, p.rng, recorder.hooksFor(p.labels));
  return recorder.recording;
}

/** Asserts two recordings hold the same records (only [0, count) compared), NaN equal to NaN. */
function assertSame(a: Recording, b: Recording): void {
  assert.equal(a.count, b.count);
  assert.equal(a.depth, b.depth);
  assert.deepEqual(a.layerInfo, b.layerInfo);
  assert.deepEqual(Array.from(stepSeries(a)), Array.from(stepSeries(b)));
  for (const m of scalarMetrics) assert.deepEqual(Array.from(series(a, m)), Array.from(series(b, m)), m);
  for (const m of layerMetrics) for (let l = 1; l <= a.depth; l++) assert.deepEqual(Array.from(series(a, m, l)), Array.from(series(b, m, l)), m);
  assert.deepEqual(Array.from(a.histogram.edges), Array.from(b.histogram.edges));
  for (let l = 1; l <= a.depth; l++) for (let r = 0; r < a.count; r++) assert.deepEqual(histogramAt(a, l, r), histogramAt(b, l, r));
  assert.deepEqual(a.nonFinite, b.nonFinite);
}

test("toJSON → JSON text → fromJSON gives back the same recording, trimmed to count", () => {
  const rec = sample();
  assert.ok(capacityOf(rec) > rec.count);
  const json = toJSON(rec);
  assert.equal(json.steps.length, 4);
  assert.equal(json.scalars.loss.length, 4);
  assert.equal(json.scalars.loss[3], "NaN");
  assert.equal(json.histogram.edges[0], "-Infinity");
  assert.equal(json.histogram.counts[0].length, 4 * (rec.histogram.edges.length - 1));
  const back = fromJSON(JSON.parse(JSON.stringify(json)));
  assertSame(back, rec);
  assert.equal(capacityOf(back), 4);
  assert.ok(Number.isNaN(back.nonFinite?.value));
});

test("fromJSON refuses what is not a recording", () => {
  assert.throws(() => fromJSON({ format: "something else" } as never), GradscopeError);
  assert.throws(() => fromJSON(null as never), GradscopeError);
});

test("the columns double when full and keep what they hold", () => {
  const rec = createRecording([{ activation: "tanh", maxDerivative: 1, canDie: false }], histogramEdges(defaultHistogram), 1);
  const bins = rec.histogram.edges.length - 1;
  for (let s = 1; s <= 10; s++) {
    const r = openRecord(rec, s * 10);
    assert.ok(Number.isNaN(rec.scalars.loss[r]) && Number.isNaN(rec.layers.deltaNorm[0][r]));
    rec.scalars.loss[r] = s;
    rec.layers.deltaNorm[0][r] = -s;
    rec.histogram.counts[0][r * bins + (s % bins)] = s;
  }
  assert.equal(capacityOf(rec), 16);
  assert.equal(rec.count, 10);
  assert.deepEqual(Array.from(stepSeries(rec)), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  assert.deepEqual(Array.from(series(rec, "loss")), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(Array.from(series(rec, "deltaNorm", 1)), [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]);
  for (let s = 1; s <= 10; s++) assert.equal(histogramAt(rec, 1, s - 1)[s % bins], s);
});

test("series and histogramAt return views of the valid records and name a wrong layer or metric", () => {
  const rec = sample();
  const loss = series(rec, "loss");
  assert.equal(loss.length, rec.count);
  assert.equal(loss.buffer, rec.scalars.loss.buffer);
  assert.equal(series(rec, "deltaNorm", 2).buffer, rec.layers.deltaNorm[1].buffer);
  assert.throws(() => series(rec, "deltaNorm"), /layer undefined .*1…2/);
  assert.throws(() => series(rec, "deltaNorm", 3), /layer 3/);
  assert.throws(() => series(rec, "nope" as never), /"nope" is not a recorded metric/);
  assert.throws(() => histogramAt(rec, 1, 4), /record 4/);
  assert.throws(() => histogramAt(rec, 0, 0), /layer 0/);
});
