// gradscope doctor through the CLI: the prescription table and the winner's command for a deep
// sigmoid net, the trials stored, JSON output, and "nothing is wrong" for a healthy net.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { RunStore } from "../../src/store/index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = `${root}bin/gradscope.js`;
const dir = mkdtempSync(join(tmpdir(), "gradscope-doctor-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function gradscope(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, GRADSCOPE_STORE: join(dir, "default.db") } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sick = ["--depth", "8", "--width", "12", "--activation", "sigmoid", "--init", "standard", "--batch", "32"];

test("a deep sigmoid net: diagnosis, ranked prescription, the winner's run command; the trials are stored", () => {
  const store = join(dir, "doctor.db");
  const report = join(dir, "doctor.html");
  const r = gradscope("doctor", ...sick, "--steps", "80", "--store", store, "--report", report);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Diagnosis of the experiment after 80 steps/);
  assert.match(r.stdout, /CRITICAL Vanishing gradients/);
  assert.match(r.stdout, /Prescription \(\d+ candidates, 80 steps each/);
  assert.match(r.stdout, /‖δ_1‖\/‖δ_L‖ before → after/);
  const command = /Run it:\n\s+(gradscope run .*)/.exec(r.stdout)?.[1];
  assert.ok(command !== undefined, r.stdout);
  assert.match(command, /--depth 8 --width 12/);
  assert.doesNotMatch(command, /--steps/, "the experiment's own length, not the trial's");
  const html = readFileSync(report, "utf8");
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /baseline/);
  assert.match(r.stdout, /HTML report of the baseline and the best candidates: /);
  const s = RunStore.open(store);
  try {
    const runs = s.listRuns();
    assert.ok(runs.length >= 4, `${runs.length} trials stored`);
    assert.ok(runs.some((x) => x.name.startsWith("doctor baseline: ")));
    assert.ok(runs.every((x) => x.status === "finished"));
  } finally {
    s.close();
  }
  // the winner's command runs, and its experiment is healthier than the baseline
  const words = command.split(" ").slice(2).map((w) => w.replace(/^'(.*)'$/, "$1"));
  const run = gradscope("run", ...words, "--set", "train.steps=80", "--no-store", "--json");
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as { findings: { kind: string; severity: string }[] };
  assert.ok(!doc.findings.some((f) => f.kind === "vanishing" && f.severity === "critical"));
});

test("--json: the prescription as one document with flags per candidate; --no-store stores nothing", () => {
  const r = gradscope("doctor", ...sick, "--steps", "60", "--json", "--no-store");
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { healthy: boolean; steps: number; candidates: { rank: number; flags: string; helps: boolean; runId: number | null; remedies: string[] }[]; best: { command: string } | null };
  assert.equal(doc.healthy, false);
  assert.equal(doc.steps, 60);
  assert.ok(doc.candidates.length >= 3);
  assert.deepEqual(doc.candidates.map((c) => c.rank), doc.candidates.map((_, i) => i + 1));
  assert.ok(doc.candidates.every((c) => c.flags.startsWith("--") && c.runId === null));
  assert.ok(doc.best !== null && doc.best.command.startsWith("gradscope run "));
});

test("a healthy ReLU + He net: nothing is wrong, no prescription", () => {
  const r = gradscope("doctor", "--depth", "4", "--width", "16", "--activation", "relu", "--init", "heNormal", "--batch", "32", "--steps", "120", "--no-store");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Nothing is wrong/);
  assert.doesNotMatch(r.stdout, /Prescription/);
});

test("bad input is a usage error naming the flag", () => {
  const r = gradscope("doctor", "--activation", "sigmoidd", "--no-store");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--activation/);
  const steps = gradscope("doctor", "--steps", "0", "--no-store");
  assert.equal(steps.code, 2);
  assert.match(steps.stderr, /--steps/);
});
