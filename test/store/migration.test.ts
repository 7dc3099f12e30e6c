import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { APPLICATION_ID, RunStore, SCHEMA_VERSION, migrations } from "../../src/store/index.js";
import { layerMetrics, scalarMetrics } from "../../src/probes/recording.js";
import { assertSameRecording, syntheticRecording, tempDir } from "./synthetic.js";

// The schema of version 1, frozen as it was published: a file that an older gradscope wrote.
const V1 = `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at INTEGER NOT NULL, finished_at INTEGER,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed', 'diverged')),
    seed INTEGER NOT NULL, engine TEXT NOT NULL, config TEXT NOT NULL, summary TEXT, error TEXT, layout TEXT,
    records INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX runs_status ON runs (status);
  CREATE TABLE chunks (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    first_record INTEGER NOT NULL, count INTEGER NOT NULL CHECK (count > 0), first_step INTEGER NOT NULL,
    last_step INTEGER NOT NULL, steps BLOB NOT NULL, UNIQUE (run_id, first_record)
  );
  CREATE TABLE series (
    id INTEGER PRIMARY KEY, chunk_id INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('scalar', 'layer', 'histogram')), metric TEXT NOT NULL, layer INTEGER NOT NULL,
    data BLOB NOT NULL, UNIQUE (chunk_id, kind, metric, layer)
  );
  CREATE TABLE findings (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, severity TEXT NOT NULL, data TEXT NOT NULL
  );
  CREATE INDEX findings_run ON findings (run_id);
`;

const { dir, cleanup } = tempDir();
after(cleanup);

const raw = (a: Float64Array | Int32Array | Uint32Array, from: number, to: number) => Buffer.from(a.buffer, a.byteOffset + from * a.BYTES_PER_ELEMENT, (to - from) * a.BYTES_PER_ELEMENT);

test("the migrations are an ordered list ending at SCHEMA_VERSION", () => {
  assert.deepEqual(migrations.map((m) => m.version), Array.from({ length: migrations.length }, (_, i) => i + 1));
  assert.equal(SCHEMA_VERSION, migrations.at(-1)!.version);
  assert.equal(SCHEMA_VERSION, 2);
});

test("a version-1 store is migrated to the current schema with every run, metric and finding kept", () => {
  const path = join(dir, "v1.db");
  const rec = syntheticRecording({ depth: 3, count: 12, bins: 5 });
  const v1 = new Database(path);
  v1.pragma("journal_mode = WAL");
  v1.exec(V1);
  v1.pragma(`application_id = ${APPLICATION_ID}`);
  v1.pragma("user_version = 1");
  const layout = JSON.stringify({ depth: 3, layerInfo: rec.layerInfo, edges: Array.from(rec.histogram.edges), nonFinite: null });
  v1.prepare("INSERT INTO runs (name, created_at, finished_at, status, seed, engine, config, summary, layout, records) VALUES (?, ?, ?, 'finished', 42, 'wasm', ?, ?, ?, 12)")
    .run("old-run", 1_700_000_000_000, 1_700_000_060_000, JSON.stringify({ model: { depth: 3 } }), JSON.stringify({ loss: 0.25, final: { $number: "NaN" } }), layout);
  v1.prepare("INSERT INTO runs (name, created_at, status, seed, engine, config) VALUES ('was-running', 1700000100000, 'running', 1, 'wasm', '{}')").run();
  const chunk = v1.prepare("INSERT INTO chunks (run_id, first_record, count, first_step, last_step, steps) VALUES (1, ?, ?, ?, ?, ?)");
  const series = v1.prepare("INSERT INTO series (chunk_id, kind, metric, layer, data) VALUES (?, ?, ?, ?, ?)");
  for (const [from, to] of [[0, 5], [5, 12]]) {
    const id = chunk.run(from, to - from, rec.steps[from], rec.steps[to - 1], raw(rec.steps, from, to)).lastInsertRowid;
    for (const m of scalarMetrics) series.run(id, "scalar", m, 0, raw(rec.scalars[m], from, to));
    for (const m of layerMetrics) rec.layers[m].forEach((a, l) => series.run(id, "layer", m, l + 1, raw(a, from, to)));
    rec.histogram.counts.forEach((c, l) => series.run(id, "histogram", "counts", l + 1, raw(c, from * 5, to * 5)));
  }
  v1.prepare("INSERT INTO findings (run_id, kind, severity, data) VALUES (1, 'vanishing', 'critical', ?)").run(JSON.stringify({ kind: "vanishing", severity: "critical", layers: [1] }));
  v1.close();

  const store = RunStore.open(path);
  const check = new Database(path, { readonly: true });
  assert.equal(check.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  const fresh = RunStore.open(join(dir, "fresh.db"));
  const freshDb = new Database(fresh.path, { readonly: true });
  const columns = (db: Database.Database) => Object.fromEntries(["runs", "chunks", "series", "findings", "artifacts"].map((t) => [t, db.pragma(`table_info(${t})`)]));
  assert.deepEqual(columns(check), columns(freshDb), "a migrated store has the tables and columns of a new one");
  check.close();
  freshDb.close();
  fresh.close();

  const old = store.getRun(1);
  assert.equal(old.name, "old-run");
  assert.equal(old.status, "finished");
  assert.equal(old.owner, null);
  assert.deepEqual(old.summary, { loss: 0.25, final: NaN });
  assert.equal(old.createdAt, new Date(1_700_000_000_000).toISOString());
  assertSameRecording(store.loadRecording(1), rec);
  assert.deepEqual(store.getFindings(1), [{ kind: "vanishing", severity: "critical", layers: [1] }]);
  const stale = store.getRun(2);
  assert.equal(stale.status, "interrupted", "a v1 run left running has no owner to wait for");
  store.addArtifact(1, { name: "notes.txt", mime: "text/plain", data: new Uint8Array([104, 105]) });
  assert.equal(store.listArtifacts(1).length, 1);
  const id = store.createRun({ seed: 9, engine: "wasm", config: {} });
  assert.equal(id, 3);
  assert.equal(store.getRun(id).owner?.pid, process.pid);
  store.close();
  const reopened = RunStore.open(path);
  assert.equal(reopened.listRuns().length, 3);
  reopened.close();
});
