// End to end: a run trained into a temporary store, then `gradscope report` as a user runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { reportRunFromStore } from "../../src/cli/report-run.js";
import { StoredSession } from "../../src/cli/persist.js";
import { ExperimentSession, prepareData, resolveConfig } from "../../src/experiment/index.js";
import { RunStore } from "../../src/store/index.js";
import { embeddedData, externalReferences } from "./fixtures.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(root, "bin", "gradscope.js");
let dir = "";
let db = "";
const ids: number[] = [];

/** Trains a tiny run into the store as `gradscope run` would, returning its id. */
async function storeRun(store: RunStore, name: string, partial: Record<string, unknown>): Promise<number> {
  const config = resolveConfig(partial);
  const session = new ExperimentSession(config, await prepareData(config));
  const stored = new StoredSession(store, session, name);
  while (!session.done) {
    session.step();
    stored.afterStep();
  }
  stored.finish(session.finish());
  return stored.runId;
}

const gradscope = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, GRADSCOPE_STORE: join(dir, "none.db"), NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "gradscope-report-"));
  db = join(dir, "tmpdb");
  const store = RunStore.open(db);
  try {
    ids.push(await storeRun(store, "tanh-4", { model: { depth: 4, width: 8 }, train: { steps: 20, batch: 16, evalEvery: 10 }, probes: { every: 2 } }));
    ids.push(await storeRun(store, "blowup", { model: { depth: 4, width: 8, activation: "relu", init: "heNormal" }, optimizer: { name: "sgd", lr: 100 }, train: { steps: 20, batch: 16 }, probes: { every: 1 } }));
  } finally {
    store.close();
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("reportRunFromStore gives the stored config, recording, findings, evaluations and summary", () => {
  const store = RunStore.open(db);
  try {
    const run = reportRunFromStore(store, ids[0]);
    assert.equal(run.id, ids[0]);
    assert.equal(run.name, "tanh-4");
    assert.equal(run.status, "finished");
    assert.equal(run.config.model.depth, 4);
    assert.equal(run.recording.depth, 4);
    assert.deepEqual(Array.from(run.recording.steps.subarray(0, run.recording.count)), [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    assert.deepEqual(run.evaluations.map((e) => e.step), [10, 20]);
    assert.match(run.data ?? "", /spirals \(600 examples, 2 features/);
    assert.equal(run.steps, 20);
    const blowup = reportRunFromStore(store, ids[1]);
    assert.equal(blowup.status, "diverged");
    assert.match(blowup.error ?? "", /non-finite/);
    assert.ok(blowup.findings.some((f) => f.kind === "nonFinite"));
    assert.throws(() => reportRunFromStore(store, 999), { name: "RunNotFoundError", message: /has no run with id 999/ });
  } finally {
    store.close();
  }
});

test("gradscope report RUN --out FILE --store DB writes a self-contained page and prints its path", () => {
  const r = gradscope("report", String(ids[0]), "--out", "tmp.html", "--store", db);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "tmp.html");
  const html = readFileSync(join(dir, "tmp.html"), "utf8");
  assert.match(html, /<title>Run \d+: tanh-4<\/title>/);
  assert.deepEqual(externalReferences(html), []);
  const store = RunStore.open(db);
  try {
    const rec = store.loadRecording(ids[0]);
    assert.deepEqual(embeddedData(html).runs[0].profiles[0].deltaNorm, Array.from(rec.layers.deltaNorm, (a) => a[0]));
  } finally {
    store.close();
  }
});

test("several runs go into one page; the default file name lists the ids; --title sets the title", () => {
  const r = gradscope("report", String(ids[0]), String(ids[1]), "--store", db, "--title", "tanh vs blow-up");
  assert.equal(r.code, 0, r.stderr);
  const file = `gradscope-report-${ids[0]}-${ids[1]}.html`;
  assert.equal(r.stdout.trim(), file);
  const html = readFileSync(join(dir, file), "utf8");
  assert.match(html, /<title>tanh vs blow-up<\/title>/);
  assert.match(html, /<section id="compare">/);
  assert.ok(html.includes("First non-finite value"));
});

test("an unknown run exits 4, a non-numeric id or no id exits 2, each with one clear message", () => {
  const missing = gradscope("report", "999", "--store", db, "--out", "x.html");
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /^gradscope: run store .*tmpdb has no run with id 999/);
  assert.ok(!existsSync(join(dir, "x.html")));
  const noStoreFile = gradscope("report", "1", "--store", join(dir, "nowhere.db"));
  assert.equal(noStoreFile.code, 4);
  assert.match(noStoreFile.stderr, /does not exist yet/);
  const word = gradscope("report", "three", "--store", db);
  assert.equal(word.code, 2);
  assert.match(word.stderr, /"three" is not a run id/);
  assert.doesNotMatch(word.stderr, /\n\s+at /, "no stack trace");
  assert.equal(gradscope("report", "--store", db).code, 2);
});
