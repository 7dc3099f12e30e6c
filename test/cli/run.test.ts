// `gradscope run` end to end: defaults, experiment files, flags, --json, --from, NaN, Ctrl-C, bad input.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, inProcess, isUserError, root, startCli, tempDir } from "./helpers.js";

const dir = tempDir();
const store = join(dir, "runs.db");
const gradscope = cli(store);
const small = ["--depth", "3", "--width", "8", "--steps", "20"];

interface RunDoc {
  runId: number; status: string; steps: number; name: string;
  final: { train: { loss: number; accuracy: number }; test: { loss: number; accuracy: number } };
  findings: { kind: string; severity: string }[];
  config: { seed: number; model: { depth: number; width: number; activation: string }; optimizer: { lr: number }; train: { steps: number } };
}

const runJson = (...args: string[]): RunDoc => {
  const r = gradscope("run", ...args, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as RunDoc;
};

test("run with the defaults: 1000 steps of the 20×32 tanh net, profile, findings, stored run id", () => {
  const r = gradscope("run");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /20×32 tanh MLP/);
  assert.match(r.stdout, /step 1000\/1000/);
  assert.match(r.stdout, /Final after 1000 steps .* test loss [0-9.]+, accuracy [0-9.]+%/);
  assert.match(r.stdout, /‖δ_1‖\/‖δ_L‖: [0-9.e+-]+ at step 1, [0-9.e+-]+ at step 1000/);
  assert.match(r.stdout, /Findings/);
  assert.match(r.stdout, /Run \d+ \(finished\) stored in .*runs\.db\. HTML report: gradscope report \d+/);
});

test("not a TTY: plain progress lines about every 10% of the steps", () => {
  const r = gradscope("run", "--steps", "100", "--depth", "3");
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n").filter((l) => /^step +\d+\/100/.test(l));
  assert.deepEqual(lines.map((l) => Number(/^step +(\d+)/.exec(l)![1])), [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  assert.ok(!r.stdout.includes("\r") && !r.stdout.includes("\u001b["), "no redraws or colour codes in a pipe");
});

test("--json prints one parseable document: id, config, status, final metrics, findings", () => {
  const doc = runJson(...small, "--seed", "3");
  assert.equal(doc.status, "finished");
  assert.equal(doc.steps, 20);
  assert.ok(Number.isInteger(doc.runId) && doc.runId > 0);
  assert.equal(doc.config.model.depth, 3);
  assert.equal(doc.config.seed, 3);
  assert.ok(Number.isFinite(doc.final.test.loss) && doc.final.test.accuracy >= 0 && doc.final.test.accuracy <= 1);
  assert.ok(Array.isArray(doc.findings));
});

test("a deep sigmoid net is diagnosed as vanishing, with remedies as flags", () => {
  const r = gradscope("run", "--activation", "sigmoid", "--depth", "12", "--steps", "30", "--no-store");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /CRITICAL|WARNING/);
  assert.match(r.stdout, /→ .*: --(activation relu|norm batch|residual \d)/);
  assert.doesNotMatch(r.stdout, /Run \d+/, "--no-store stores nothing");
});

test("run from a JSON and a YAML file; flags override the file; a csv path is relative to the file", () => {
  const json = join(dir, "exp.json");
  writeFileSync(json, JSON.stringify({ seed: 5, model: { depth: 4, width: 8, activation: "relu", init: "heNormal" }, train: { steps: 15, batch: 16 } }));
  const a = runJson(json);
  assert.deepEqual([a.config.seed, a.config.model.depth, a.config.model.activation, a.steps, a.name], [5, 4, "relu", 15, "exp"]);
  const yaml = join(dir, "exp.yaml");
  writeFileSync(yaml, "seed: 6\nmodel:\n  depth: 5\n  width: 8\ntrain:\n  steps: 12\n");
  const b = runJson(yaml, "--depth", "2", "--set", "optimizer.lr=0.2", "--model.width", "6");
  assert.deepEqual([b.config.seed, b.config.model.depth, b.config.model.width, b.config.optimizer.lr, b.steps], [6, 2, 6, 0.2, 12]);
  writeFileSync(join(dir, "points.csv"), "x1,x2,label\n" + Array.from({ length: 40 }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${i % 2 === 0 ? "a" : "b"}`).join("\n") + "\n");
  const csvExp = join(dir, "csv.yaml");
  writeFileSync(csvExp, "data:\n  name: csv\n  path: points.csv\nmodel: { depth: 2, width: 4 }\ntrain: { steps: 5, batch: 8 }\n");
  const c = runJson(csvExp);
  assert.equal(c.status, "finished");
});

test("--from repeats a stored run bit-identically; flags still override", () => {
  const a = runJson(...small, "--seed", "11", "--activation", "tanh");
  const b = runJson("--from", String(a.runId));
  assert.deepEqual(b.config, a.config);
  assert.equal(b.final.train.loss, a.final.train.loss);
  assert.equal(b.final.test.loss, a.final.test.loss);
  const c = runJson("--from", String(a.runId), "--seed", "12");
  assert.equal(c.config.seed, 12);
  assert.notEqual(c.final.train.loss, a.final.train.loss);
});

test("--threads 2 gives the same numbers as one thread", () => {
  const a = runJson("--depth", "3", "--width", "64", "--steps", "20", "--seed", "4", "--no-store");
  const b = runJson("--depth", "3", "--width", "64", "--steps", "20", "--seed", "4", "--no-store", "--threads", "2");
  assert.equal(b.final.train.loss, a.final.train.loss);
});

test("NaN/Inf: the origin is printed, the run is stored as diverged, exit 3", () => {
  const r = gradscope("run", "--lr", "1e6", "--activation", "relu", "--init", "heNormal", "--depth", "4", "--steps", "50");
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /non-finite value: .* in \S+ at step \d+, (layer \d+|loss\/output head), (forward|backward|update) pass/);
  const id = /Run (\d+) \(diverged\)/.exec(r.stdout);
  assert.ok(id, r.stdout);
  assert.match(gradscope("runs", "show", id[1]).stdout, /diverged/);
});

test("Ctrl-C: the run stops cleanly, exits 130 and is kept as interrupted with its steps", async () => {
  const { child, done } = startCli(store, "run", "--steps", "20000", "--depth", "4", "--width", "16", "--name", "sigint", "--set", "probes.every=1");
  let out = "";
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    // NOTE: the flusher writes every 50 records (one a step here); the 10% line, step 2000, is well past the first flush.
    if (/step +2000\//.test(out)) resolve();
  }));
  child.kill("SIGINT");
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted at step \d+; run \d+ kept as interrupted/);
  const list = gradscope("runs", "list", "--name", "sigint");
  const row = list.stdout.split("\n").find((l) => /sigint/.test(l));
  assert.ok(row, list.stdout);
  assert.match(row, /interrupted/);
  const steps = Number(row.trim().split(/\s{2,}/)[4]);
  assert.ok(steps > 0, row);
});

test("bad input: one clear line, a non-zero exit code, no stack trace", async () => {
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ model: { depht: 3 } }));
  writeFileSync(join(dir, "garbage.csv"), "a,b,label\n1,2,x\n3,foo,y\n5,6,x\n");
  writeFileSync(join(dir, "nan.csv"), "a,b,label\n1,2,x\n3,NaN,y\n5,6,x\n");
  const cases: [string[], RegExp][] = [
    [["run", "--bogus"], /--bogus: unknown option/],
    [["run", "--deptj", "3"], /did you mean --depth\?/],
    [["run", join(dir, "bad.json")], /bad\.json:1:\d+: model\.depht: unknown field; did you mean "depth"\?/],
    [["run", "--activation", "sigmoidd"], /sigmoidd/],
    [["run", "--depth", "0"], /depth/],
    [["run", join(dir, "missing.yaml")], /missing\.yaml: no such experiment file/],
    [["run", "--data", "csv", "--set", `data.path=${join(dir, "garbage.csv")}`], /garbage\.csv line 3, column "b": "foo" is not a number/],
    [["run", "--data", "csv", "--set", `data.path=${join(dir, "nan.csv")}`], /nan\.csv line 3, column "b"/],
    [["run", "--set", "model.bogus=3"], /model\.bogus: unknown field/],
    [["run", "--set", "nonsense"], /--set: "nonsense" is not path=value/],
    [["run", "--threads", "3"], /--threads/],
    [["frobnicate"], /unknown command/],
  ];
  for (const [args, message] of cases) {
    const r = await inProcess(store, ...args, "--steps", "5", "--no-store");
    assert.ok(isUserError(r), `${args.join(" ")}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
  }
  const spawned = gradscope("run", "--deptj", "3");
  assert.ok(isUserError(spawned) && spawned.code === 2, spawned.stderr);
  const unknown = await inProcess(store, "run", "--from", "9999");
  assert.equal(unknown.code, 4, unknown.stderr);
  assert.match(unknown.stderr, /no run with id 9999/);
});

test("help lists every command, --version matches package.json, run --help shows the flags and examples", async () => {
  const r = await inProcess(store, "help");
  assert.equal(r.code, 0);
  for (const name of ["run", "runs", "inspect", "theory"]) assert.match(r.stdout, new RegExp(`^  ${name} `, "m"));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  assert.equal((await inProcess(store, "--version")).stdout.trim(), pkg.version);
  const h = await inProcess(store, "run", "--help");
  assert.match(h.stdout, /--activation X/);
  assert.match(h.stdout, /Examples:/);
  assert.match(h.stdout, /Exit codes:/);
});

test("--preset NAME[:VARIANT] runs a built-in experiment; flags override it", async () => {
  const doc = runJson("--preset", "heInit:he", "--steps", "5", "--depth", "4", "--no-store");
  assert.equal(doc.config.model.activation, "relu");
  assert.equal(doc.config.model.depth, 4);
  assert.equal(doc.name, "preset heInit:he");
  const bad = await inProcess(store, "run", "--preset", "heInit:nope");
  assert.ok(isUserError(bad) && bad.code === 2, bad.stderr);
  assert.match(bad.stderr, /variants: xavier, he/);
  const both = await inProcess(store, "run", join(dir, "exp.json"), "--preset", "heInit");
  assert.match(both.stderr, /not an experiment file and --preset NAME/);
});
