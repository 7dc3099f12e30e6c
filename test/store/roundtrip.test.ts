import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import Database from "better-sqlite3";
import { GradscopeError } from "../../src/core/errors.js";
import { MetricsFlusher, RunStore } from "../../src/store/index.js";
import { assertSameRecording, syntheticRecording, tempDir, valueAt } from "./synthetic.js";

const config = { model: { depth: 5, width: 16, activation: "tanh" }, train: { steps: 230, lr: 0.1 }, probes: { every: 10 }, weird: [NaN, Infinity, -Infinity, -0.5] };
const isStoreError = (pattern: RegExp) => (e: unknown) => e instanceof GradscopeError && pattern.test(e.message);

describe("run store: round trip", () => {
  const { dir, cleanup } = tempDir();
  let store: RunStore;
  before(() => (store = RunStore.open(join(dir, "runs.db"))));
  after(() => {
    store.close();
    cleanup();
  });

  test("a recording appended in several chunks loads back bit for bit", () => {
    const rec = syntheticRecording({ depth: 5, count: 23, bins: 6, capacity: 40, nonFinite: { step: 220, layer: 3, pass: "backward", tensor: "delta", value: Infinity } });
    const id = store.createRun({ name: "tanh-5", seed: 42, engine: "reference", config });
    for (const [from, to] of [[0, 7], [7, 8], [8, 20], [20, 23]]) store.appendMetrics(id, rec, from, to);
    const back = store.loadRecording(id);
    assertSameRecording(back, rec);
    const run = store.getRun(id);
    assert.equal(run.records, 23);
    assert.equal(run.lastStep, rec.steps[22]);
    assert.equal(run.status, "running");
    assert.deepEqual(run.owner?.pid, process.pid);
    assert.deepEqual(run.config, config, "the config comes back whole, NaN and ±Infinity included");
  });

  test("chunks must be contiguous slices of a running run", () => {
    const rec = syntheticRecording({ depth: 2, count: 10 });
    const id = store.createRun({ seed: 1, engine: "reference", config: {} });
    store.appendMetrics(id, rec, 0, 4);
    assert.throws(() => store.appendMetrics(id, rec, 6, 10), isStoreError(/must start at record 4, not 6/));
    assert.throws(() => store.appendMetrics(id, rec, 0, 4), isStoreError(/must start at record 4, not 0/));
    assert.throws(() => store.appendMetrics(id, rec, 4, 11), isStoreError(/not a slice of a recording of 10 records/));
    assert.throws(() => store.appendMetrics(id, syntheticRecording({ depth: 3, count: 10 }), 4, 10), isStoreError(/recorded with 2 layers/));
    store.appendMetrics(id, rec, 4); // to defaults to rec.count
    assert.equal(store.getRun(id).records, 10);
    store.finishRun(id, "diverged", { loss: NaN, steps: 100 }, "loss became NaN at step 100");
    const run = store.getRun(id);
    assert.equal(run.status, "diverged");
    assert.deepEqual(run.summary, { loss: NaN, steps: 100 });
    assert.equal(run.error, "loss became NaN at step 100");
    assert.ok(run.finishedAt !== null);
    assert.throws(() => store.appendMetrics(id, syntheticRecording({ depth: 2, count: 12 }), 10, 12), isStoreError(/is diverged; metrics can only be added to a running run/));
    assert.throws(() => store.finishRun(id, "finished"), isStoreError(/already diverged/));
  });

  test("a run marked interrupted while its own process still writes is taken back by that process", () => {
    const rec = syntheticRecording({ depth: 2, count: 6 });
    const mine = store.createRun({ seed: 1, engine: "wasm", config: {} });
    const theirs = store.createRun({ seed: 1, engine: "wasm", config: {}, owner: { pid: 1, hostname: "elsewhere.invalid" } });
    store.appendMetrics(mine, rec, 0, 3);
    const raw = new Database(store.path);
    raw.prepare("UPDATE runs SET status = 'interrupted', finished_at = 1 WHERE id IN (?, ?)").run(mine, theirs);
    raw.close();
    store.appendMetrics(mine, rec, 3, 6);
    assert.equal(store.getRun(mine).status, "running");
    assert.equal(store.getRun(mine).finishedAt, null);
    assertSameRecording(store.loadRecording(mine), rec);
    assert.throws(() => store.appendMetrics(theirs, rec, 0, 3), isStoreError(/is interrupted; metrics can only be added to a running run/));
    assert.throws(() => store.listRuns({ limit: -1 }), isStoreError(/limit -1 is not a whole number/));
  });

  test("an unknown run id is a clear error everywhere", () => {
    const rec = syntheticRecording({ depth: 1, count: 1 });
    for (const call of [
      () => store.getRun(9999), () => store.loadRecording(9999), () => store.deleteRun(9999), () => store.appendMetrics(9999, rec, 0),
      () => store.finishRun(9999, "finished"), () => store.addFindings(9999, []), () => store.exportRun(9999, "csv"),
      () => store.addArtifact(9999, { name: "a", mime: "text/plain", data: new Uint8Array(1) }),
    ]) assert.throws(call, isStoreError(/has no run with id 9999/));
  });

  test("a run without metrics loads as an empty recording", () => {
    const id = store.createRun({ seed: 3, engine: "wasm", config: {} });
    const rec = store.loadRecording(id);
    assert.equal(rec.count, 0);
    assert.equal(rec.depth, 0);
    assert.equal(store.getRun(id).lastStep, null);
  });

  test("listRuns filters by status, name, time and limit, newest first", () => {
    const a = store.createRun({ name: "Sigmoid-30", seed: 1, engine: "wasm", config: {} });
    const b = store.createRun({ name: "relu-30", seed: 1, engine: "wasm", config: {} });
    const c = store.createRun({ name: "sigmoid-50", seed: 2, engine: "wasm", config: {} });
    store.finishRun(b, "finished");
    store.finishRun(c, "failed", null, "out of memory");
    assert.deepEqual(store.listRuns({ name: "sigmoid" }).map((r) => r.id), [c, a]);
    assert.deepEqual(store.listRuns({ status: ["finished", "failed"], name: "-30" }).map((r) => r.id), [b]);
    assert.deepEqual(store.listRuns({ limit: 2 }).map((r) => r.id), [c, b]);
    assert.deepEqual(store.listRuns({ since: new Date(Date.now() + 60_000) }), []);
    assert.ok(store.listRuns().length >= 3);
  });

  test("findings and artifacts are kept, and deleting a run removes all it owns", () => {
    const rec = syntheticRecording({ depth: 3, count: 12 });
    const id = store.createRun({ name: "doomed", seed: 5, engine: "wasm", config });
    const keep = store.createRun({ name: "kept", seed: 6, engine: "wasm", config });
    for (const run of [id, keep]) {
      store.appendMetrics(run, rec, 0, 5);
      store.appendMetrics(run, rec, 5, 12);
    }
    const findings = [
      { kind: "vanishing", severity: "critical", title: "‖δ‖ vanishes", layers: [1, 2], evidence: [{ name: "gain", value: 0.25, unit: "×/layer" }, { name: "max", value: Infinity, unit: "ratio" }] },
      { kind: "saturation", severity: "warning", title: "tanh saturates", layers: [3], evidence: [] },
    ];
    store.addFindings(id, findings);
    store.addFindings(keep, findings.slice(1));
    assert.deepEqual(store.getFindings(id), findings);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);
    store.addArtifact(id, { name: "weights.safetensors", mime: "application/octet-stream", data: bytes });
    store.addArtifact(id, { name: "report.html", mime: "text/html", data: new TextEncoder().encode("<p>old</p>") });
    store.addArtifact(id, { name: "report.html", mime: "text/html", data: new TextEncoder().encode("<p>new</p>") });
    assert.deepEqual(store.getArtifact(id, "weights.safetensors").data, bytes);
    assert.equal(new TextDecoder().decode(store.getArtifact(id, "report.html").data), "<p>new</p>");
    assert.deepEqual(store.listArtifacts(id).map((a) => [a.name, a.bytes]), [["report.html", 10], ["weights.safetensors", 1000]]);
    assert.throws(() => store.getArtifact(id, "nope"), isStoreError(/no artifact named "nope"/));

    const raw = new Database(store.path, { readonly: true });
    const owned = (run: number) => ({
      chunks: (raw.prepare("SELECT count(*) AS n FROM chunks WHERE run_id = ?").get(run) as { n: number }).n,
      series: (raw.prepare("SELECT count(*) AS n FROM series JOIN chunks ON chunks.id = chunk_id WHERE run_id = ?").get(run) as { n: number }).n,
      findings: (raw.prepare("SELECT count(*) AS n FROM findings WHERE run_id = ?").get(run) as { n: number }).n,
      artifacts: (raw.prepare("SELECT count(*) AS n FROM artifacts WHERE run_id = ?").get(run) as { n: number }).n,
    });
    const perChunk = 8 + 9 * 3 + 3; // scalars, layer metrics × layers, histograms
    assert.deepEqual(owned(id), { chunks: 2, series: 2 * perChunk, findings: 2, artifacts: 2 });
    const totalSeries = (raw.prepare("SELECT count(*) AS n FROM series").get() as { n: number }).n;
    store.deleteRun(id);
    assert.deepEqual(owned(id), { chunks: 0, series: 0, findings: 0, artifacts: 0 });
    assert.equal((raw.prepare("SELECT count(*) AS n FROM series").get() as { n: number }).n, totalSeries - 2 * perChunk, "no other run's series went");
    assert.deepEqual(owned(keep), { chunks: 2, series: 2 * perChunk, findings: 1, artifacts: 0 });
    raw.close();
    assert.throws(() => store.getRun(id), isStoreError(/has no run with id/));
    assertSameRecording(store.loadRecording(keep), rec);
  });

  test("export: CSV has one line per record with per-layer columns; JSON holds the run, findings and recording", () => {
    const rec = syntheticRecording({ depth: 3, count: 9 });
    const id = store.createRun({ name: "export-me", seed: 7, engine: "wasm", config });
    store.appendMetrics(id, rec, 0, 9);
    store.addFindings(id, [{ kind: "exploding", severity: "critical" }]);
    store.finishRun(id, "finished", { loss: 0.5, best: -Infinity });

    const lines = store.exportRun(id, "csv").trimEnd().split("\n");
    assert.equal(lines.length, 1 + 9);
    const header = lines[0].split(",");
    assert.deepEqual(header.slice(0, 9), ["step", "loss", "lossData", "lossPenalty", "accuracy", "lr", "clipNormBefore", "clipNormAfter", "clipFired"]);
    assert.equal(header.length, 1 + 8 + 9 * 3);
    const col = header.indexOf("deltaNorm.l3");
    assert.ok(col > 0);
    for (let r = 0; r < 9; r++) {
      const cells = lines[r + 1].split(",");
      assert.equal(cells.length, header.length);
      assert.equal(Number(cells[0]), rec.steps[r]);
      const want = rec.layers.deltaNorm[2][r];
      assert.ok(Object.is(Number(cells[col]), want) || (Number.isNaN(want) && cells[col] === "NaN"), `deltaNorm.l3 at record ${r}: ${cells[col]} vs ${want}`);
    }
    assert.equal(Number(lines[1].split(",")[header.indexOf("weightNorm.l2")]), valueAt(8 + 3, 2, 0));

    const doc = JSON.parse(store.exportRun(id, "json"));
    assert.equal(doc.format, "gradscope.run");
    assert.equal(doc.run.id, id);
    assert.equal(doc.run.status, "finished");
    assert.deepEqual(doc.run.summary, { loss: 0.5, best: "-Infinity" });
    assert.deepEqual(doc.run.config.weird, ["NaN", "Infinity", "-Infinity", -0.5]);
    assert.deepEqual(doc.findings, [{ kind: "exploding", severity: "critical" }]);
    assert.equal(doc.recording.count, 9);
    assert.deepEqual(doc.recording.steps, Array.from(rec.steps.subarray(0, 9)));
    assert.equal(doc.recording.layers.deltaNorm.length, 3);
    assert.throws(() => store.exportRun(id, "xml" as "csv"), isStoreError(/format "xml" is not allowed/));
  });

  test("MetricsFlusher appends a growing recording at its cadence", () => {
    const full = syntheticRecording({ depth: 2, count: 57 });
    const rec = syntheticRecording({ depth: 2, count: 57 });
    const id = store.createRun({ seed: 8, engine: "wasm", config: {} });
    const flusher = new MetricsFlusher(store, id, rec, { records: 10, ms: 60_000 });
    let writes = 0;
    for (let n = 1; n <= 57; n++) {
      rec.count = n; // a record completed
      if (flusher.maybeFlush()) writes++;
    }
    assert.equal(writes, 5);
    assert.equal(store.getRun(id).records, 50);
    assert.equal(flusher.flush(), 7);
    assert.equal(flusher.flush(), 0);
    assertSameRecording(store.loadRecording(id), full);
  });
});
