import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = `${root}bin/gradscope.js`;

function gradscope(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("version matches package.json", () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  const r = gradscope("--version");
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("help lists the commands", () => {
  const r = gradscope("help");
  assert.equal(r.code, 0);
  assert.match(r.stdout, /run\s+train a deep MLP/);
  assert.match(gradscope("run", "--help").stdout, /--activation NAME/);
});

test("run --json prints one parseable record per step with a ‖δ‖ per hidden layer", () => {
  const r = gradscope("run", "--steps", "4", "--depth", "3", "--width", "8", "--json");
  assert.equal(r.code, 0, r.stderr);
  const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { step: number; loss: number; deltaNorms: number[] });
  assert.deepEqual(records.map((x) => x.step), [1, 2, 3, 4]);
  for (const rec of records) {
    assert.equal(rec.deltaNorms.length, 3);
    assert.ok(Number.isFinite(rec.loss) && rec.loss > 0);
  }
});

test("run is deterministic for a seed and engine", () => {
  const a = gradscope("run", "--steps", "5", "--depth", "4", "--json", "--seed", "7");
  const b = gradscope("run", "--steps", "5", "--depth", "4", "--json", "--seed", "7");
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
});

test("a deep sigmoid net shows the vanishing backprop signal in the text profile", () => {
  const r = gradscope("run", "--steps", "2", "--depth", "12", "--activation", "sigmoid");
  assert.equal(r.code, 0, r.stderr);
  const m = /‖δ_1‖\/‖δ_L‖: ([0-9.e+-]+) at step 1/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) < 1e-3, `ratio ${m[1]} should show vanishing`);
});

test("bad input: one clear message, exit code 2, no stack trace", () => {
  for (const args of [
    ["run", "--depth", "0"],
    ["run", "--activation", "sigmoidd"],
    ["run", "--lr", "fast"],
    ["run", "--bogus"],
    ["run", "--engine", "gpu"],
    ["frobnicate"],
  ]) {
    const r = gradscope(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^gradscope: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  assert.match(gradscope("run", "--depth", "0").stderr, /depth/);
  assert.match(gradscope("run", "--activation", "sigmoidd").stderr, /sigmoidd.*allowed|not one of/);
});
