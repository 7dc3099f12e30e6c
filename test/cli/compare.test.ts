// gradscope compare through the CLI: a 2×2 grid on two workers, stored, identical to one worker
// bit for bit; grid files; bad axes exit 2 with the axis named.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { RunStore } from "../../src/store/index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = `${root}bin/gradscope.js`;
const dir = mkdtempSync(join(tmpdir(), "gradscope-compare-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function gradscope(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, GRADSCOPE_STORE: join(dir, "default.db") } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row { index: number; name: string; status: string; runId: number | null; trainLoss: number; testLoss: number; testAccuracy: number; ratioFirst: number; ratioLast: number; findings: { kind: string }[] }

const grid = ["--width", "8", "--steps", "30", "--batch", "32", "--vary", "activation=sigmoid,relu", "--vary", "depth=3,6"];

test("a 2×2 grid on 2 workers: every run stored, summary as JSON; 1 worker gives bit-identical losses", () => {
  const store = join(dir, "grid.db");
  const two = gradscope("compare", ...grid, "--workers", "2", "--store", store, "--json");
  assert.equal(two.code, 0, two.stderr || two.stdout);
  const rows = JSON.parse(two.stdout) as Row[];
  assert.equal(rows.length, 4);
  assert.deepEqual(rows.map((r) => r.name).sort(), ["activation=relu depth=3", "activation=relu depth=6", "activation=sigmoid depth=3", "activation=sigmoid depth=6"]);
  for (const r of rows) {
    assert.equal(r.status, "finished");
    assert.ok(Number.isFinite(r.testLoss) && Number.isFinite(r.ratioFirst) && Number.isFinite(r.ratioLast));
    assert.ok(r.runId !== null);
  }
  const s = RunStore.open(store);
  try {
    const runs = s.listRuns();
    assert.equal(runs.length, 4);
    assert.deepEqual(runs.map((r) => r.name).sort(), rows.map((r) => r.name).sort());
    assert.ok(runs.every((r) => r.status === "finished"));
    for (const r of rows) assert.equal(s.loadRecording(r.runId!).count, 4, "records at steps 1, 10, 20, 30");
  } finally {
    s.close();
  }
  const one = gradscope("compare", ...grid, "--workers", "1", "--no-store", "--json");
  assert.equal(one.code, 0, one.stderr);
  const byName = new Map((JSON.parse(one.stdout) as Row[]).map((r) => [r.name, r]));
  for (const r of rows) {
    const o = byName.get(r.name)!;
    assert.equal(o.trainLoss, r.trainLoss, r.name);
    assert.equal(o.testLoss, r.testLoss, r.name);
    assert.equal(o.ratioLast, r.ratioLast, r.name);
    assert.equal(o.runId, null);
  }
  // and the same as "gradscope run" of that config in the main thread
  const run = gradscope("run", "--width", "8", "--steps", "30", "--batch", "32", "--activation", "relu", "--depth", "6", "--no-store", "--json");
  assert.equal(run.code, 0, run.stderr);
  const final = (JSON.parse(run.stdout) as { final: { test: { loss: number } } }).final.test.loss;
  assert.equal(final, rows.find((r) => r.name === "activation=relu depth=6")!.testLoss);
});

test("the text summary: a progress line per run and a table sorted best first", () => {
  const r = gradscope("compare", "--width", "8", "--steps", "20", "--batch", "32", "--vary", "activation=sigmoid,relu", "--seeds", "1,2", "--no-store", "--sort", "grid");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /4 runs on 2 workers/);
  assert.equal((r.stdout.match(/^\[\d\/4\] activation=\w+ seed=\d: finished/gm) ?? []).length, 4);
  const table = r.stdout.split("\n").filter((l) => /activation=\w+ seed=\d\s+finished/.test(l)).map((l) => /activation=\w+ seed=\d/.exec(l)![0]);
  assert.deepEqual(table, ["activation=sigmoid seed=1", "activation=sigmoid seed=2", "activation=relu seed=1", "activation=relu seed=2"]);
  assert.match(r.stdout, /‖δ_1‖\/‖δ_L‖ first/);
});

test("a grid file (YAML, base and axes) with flags over its base; --report writes one HTML file with both runs", () => {
  const file = join(dir, "grid.yaml");
  writeFileSync(file, "base:\n  model: { width: 8, depth: 3 }\n  train: { batch: 32 }\naxes:\n  model.norm.kind: [none, batch]\n");
  const report = join(dir, "compare.html");
  const r = gradscope("compare", file, "--steps", "10", "--store", join(dir, "report.db"), "--report", report, "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Row[]).map((x) => x.name).sort(), ["norm=batch", "norm=none"]);
  const html = readFileSync(report, "utf8");
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /norm=batch/);
  assert.match(html, /norm=none/);
  assert.doesNotMatch(html, /<script[^>]+src=["']https?:/, "no CDN");
  const noStore = gradscope("compare", file, "--no-store", "--report", report);
  assert.equal(noStore.code, 2);
  assert.match(noStore.stderr, /--report: .*drop --no-store/);
});

test("bad axes are usage errors (exit 2) that name the axis", () => {
  const unknown = gradscope("compare", "--vary", "activaton=relu,tanh", "--no-store");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--vary "activaton": unknown flag or config path; did you mean "activation"/);
  const bad = gradscope("compare", "--vary", "depth=3,0", "--steps", "5", "--no-store");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /axis model\.depth = 0: model\.depth: 0 is not allowed/);
  const twice = gradscope("compare", "--depth", "3", "--vary", "depth=3,4", "--no-store");
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /--vary depth: --depth also sets it/);
  assert.doesNotMatch(unknown.stderr + bad.stderr, /\n\s+at /, "no stack trace");
});

test("a store file that is not a run store: one clear error before any run, exit 2, the file left as it was", () => {
  const file = join(dir, "not-a-store.db");
  writeFileSync(file, "these are not SQLite pages\n");
  const r = gradscope("compare", "--vary", "depth=3,4", "--steps", "5", "--workers", "2", "--store", file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not-a-store\.db is not an SQLite database, so not a gradscope run store; it was left as it is/);
  assert.doesNotMatch(r.stdout, /\[1\/2\]/, "no run was started");
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.equal(readFileSync(file, "utf8"), "these are not SQLite pages\n");
});

test("compare --preset NAME runs every variant of the story (crossed with --seeds); NAME:VARIANT runs one", () => {
  const store = join(dir, "preset.db");
  const all = gradscope("compare", "--preset", "heInit", "--steps", "5", "--width", "8", "--seeds", "1,2", "--store", store, "--json");
  assert.equal(all.code, 0, all.stderr);
  const rows = JSON.parse(all.stdout) as Row[];
  assert.deepEqual(rows.map((r) => r.name).sort(), ["he seed=1", "he seed=2", "xavier seed=1", "xavier seed=2"]);
  const one = gradscope("compare", "--preset", "heInit:he", "--steps", "5", "--width", "8", "--no-store", "--json");
  assert.equal(one.code, 0, one.stderr);
  assert.equal((JSON.parse(one.stdout) as Row[]).length, 1);
  const bad = gradscope("compare", "--preset", "heInitt", "--no-store");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /heInit/);
});
