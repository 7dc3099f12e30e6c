// `gradscope runs` end to end: list, show, export (csv, json), delete, unknown ids, foreign files.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, inProcess, isUserError, tempDir } from "./helpers.js";

const dir = tempDir();
const store = join(dir, "runs.db");
const gradscope = cli(store);

function stored(...args: string[]): number {
  const r = gradscope("run", "--width", "8", "--steps", "20", "--json", ...args);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { runId: number }).runId;
}

test("runs list, show, export and delete", async () => {
  const empty = await inProcess(join(dir, "none", "runs.db"), "runs", "list");
  assert.equal(empty.code, 0);
  assert.match(empty.stdout, /does not exist yet/);
  const a = stored("--name", "alpha", "--seed", "1", "--depth", "3");
  const b = stored("--name", "beta", "--activation", "sigmoid", "--depth", "10");

  const list = await inProcess(store, "runs", "list");
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trim().split("\n");
  assert.match(lines[0], /id\s+name\s+status\s+created\s+steps\s+test acc\s+findings/);
  assert.match(lines[2], new RegExp(`^\\s*${b}\\s+beta\\s+finished\\s+\\S+ \\S+\\s+20\\s+[0-9.]+%\\s+[1-9]\\d*$`));
  assert.match(lines[3], new RegExp(`^\\s*${a}\\s+alpha\\s+finished`));
  assert.equal((await inProcess(store, "runs", "list", "--name", "alp")).stdout.match(/alpha|beta/g)?.join(), "alpha");
  assert.equal((await inProcess(store, "runs", "list", "--limit", "1")).stdout.trim().split("\n").length, 3);
  assert.match((await inProcess(store, "runs", "list", "--status", "interrupted")).stdout, /No runs match/);

  const show = await inProcess(store, "runs", "show", String(b));
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`Run ${b}: beta — finished`));
  assert.match(show.stdout, /config: 10×8 sigmoid MLP/);
  assert.match(show.stdout, /final: train loss [0-9.]+, accuracy/);
  assert.match(show.stdout, /Findings \(\d+\):/);
  const config = JSON.parse((await inProcess(store, "runs", "show", String(b), "--config")).stdout) as { model: { depth: number } };
  assert.equal(config.model.depth, 10);

  const csv = await inProcess(store, "runs", "export", String(a), "--format", "csv");
  const rows = csv.stdout.trim().split("\n");
  assert.match(rows[0], /^step,loss,.*deltaNorm\.l1,deltaNorm\.l2,deltaNorm\.l3,/);
  assert.equal(rows.length, 1 + 3, "steps 1, 10, 20 recorded (probes.every = 10)");
  const out = join(dir, "a.json");
  const exp = await inProcess(store, "runs", "export", String(a), "--format", "json", "--out", out);
  assert.equal(exp.code, 0, exp.stderr);
  const doc = JSON.parse(readFileSync(out, "utf8")) as { format: string; run: { id: number; name: string } };
  assert.equal(doc.format, "gradscope.run");
  assert.deepEqual([doc.run.id, doc.run.name], [a, "alpha"]);

  const del = await inProcess(store, "runs", "delete", String(a));
  assert.equal(del.code, 0, del.stderr);
  assert.doesNotMatch((await inProcess(store, "runs", "list")).stdout, /alpha/);
  const again = await inProcess(store, "runs", "show", String(a));
  assert.equal(again.code, 4);
  assert.match(again.stderr, new RegExp(`no run with id ${a}`));
});

test("runs: unknown ids exit 4, bad usage exits 2, a foreign file is refused with one line", async () => {
  stored("--depth", "3");
  for (const args of [["show", "777"], ["export", "777"], ["delete", "777"]]) {
    const r = await inProcess(store, "runs", ...args);
    assert.equal(r.code, 4, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^gradscope: .*no run with id 777/);
  }
  for (const args of [["show", "abc"], ["export", "1", "--format", "xml"], ["list", "--status", "done"], ["frob"], ["delete"]]) {
    const r = await inProcess(store, "runs", ...args);
    assert.ok(isUserError(r) && r.code === 2, `${args.join(" ")}: ${r.code} ${r.stderr}`);
  }
  const foreign = join(dir, "notes.txt");
  writeFileSync(foreign, "these are my notes, not a database\n".repeat(10));
  const r = gradscope("runs", "list", "--store", foreign);
  assert.ok(isUserError(r), r.stderr);
  assert.match(r.stderr, /not .*gradscope run store/);
  assert.equal(readFileSync(foreign, "utf8"), "these are my notes, not a database\n".repeat(10), "left as it was");
});
