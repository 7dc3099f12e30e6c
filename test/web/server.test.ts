import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { StoredSession } from "../../src/cli/persist.js";
import { resolveConfig } from "../../src/experiment/config/validate.js";
import { prepareData } from "../../src/experiment/session/data.js";
import { ExperimentSession } from "../../src/experiment/session/session.js";
import { useEngine } from "../../src/experiment/session/engine.js";
import { API_META, createWebServer } from "../../src/server/server.js";
import { staticFile } from "../../src/server/static-files.js";
import { RunStore } from "../../src/store/index.js";
import type { RunDetail, RunListItem } from "../../src/web/api-types.js";

const webSrc = fileURLToPath(new URL("../../../src/web/", import.meta.url));
let dir = "";
let store: RunStore;
let server: Server;
let bare: Server;
let runId = 0;

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};
let base = "", bareBase = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "gradscope-server-"));
  store = RunStore.open(join(dir, "runs.db"));
  useEngine("reference");
  const config = resolveConfig({ data: { name: "moons", n: 120 }, model: { depth: 3, width: 6 }, train: { steps: 12, batch: 16 }, probes: { every: 4 }, engine: "reference" });
  const session = new ExperimentSession(config, await prepareData(config));
  const stored = new StoredSession(store, session, "api-run");
  while (!session.done) { session.step(); stored.afterStep(); }
  stored.finish(session.finish());
  runId = stored.runId;
  // The source folder stands in for dist/web: it holds an index.html too.
  server = createWebServer({ root: webSrc, store });
  bare = createWebServer({ root: webSrc, store: null });
  base = await listen(server);
  bareBase = await listen(bare);
});

after(() => {
  server?.close();
  bare?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("GET /api/runs lists the stored runs with a label and the final test accuracy", async () => {
  const res = await fetch(`${base}/api/runs`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const runs = (await res.json()) as RunListItem[];
  const run = runs.find((r) => r.id === runId)!;
  assert.equal(run.name, "api-run");
  assert.equal(run.status, "finished");
  assert.equal(run.label, "3 × 6 tanh on moons");
  assert.equal(run.lastStep, 12);
  assert.ok(run.testAccuracy !== null && run.testAccuracy >= 0 && run.testAccuracy <= 1);
});

test("GET /api/runs/:id returns config, findings and the recording as JSON; unknown ids are 404", async () => {
  const detail = (await (await fetch(`${base}/api/runs/${runId}`)).json()) as RunDetail;
  assert.equal(detail.recording.format, "gradscope.recording");
  assert.deepEqual(detail.recording.steps, [1, 4, 8, 12]);
  assert.equal(detail.recording.depth, 3);
  assert.equal((detail.config as { model: { depth: number } }).model.depth, 3);
  assert.ok(Array.isArray(detail.findings));
  const missing = await fetch(`${base}/api/runs/9999`);
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { error: string }).error, /9999/);
  assert.equal((await fetch(`${base}/api/nothing`)).status, 404);
});

test("the page gets the API tag only from a server with a store; static files stay inside the root", async () => {
  assert.ok((await (await fetch(`${base}/`)).text()).includes(API_META));
  assert.ok(!(await (await fetch(`${bareBase}/`)).text()).includes(API_META));
  assert.equal((await fetch(`${bareBase}/api/runs`)).status, 404);
  assert.equal((await fetch(`${base}/style.css`)).headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status, 404);
  assert.equal(staticFile(webSrc, "/../../package.json"), null);
  assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405);
});
