import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { RunStore } from "../../src/store/index.js";
import { assertSameRecording, syntheticRecording, tempDir } from "./synthetic.js";

const writerScript = fileURLToPath(new URL("./fixtures/writer.js", import.meta.url));

/** A writer child process, its stdout lines as they come, and its end. */
interface Writer {
  child: ChildProcess;
  lines: string[];
  /** Resolves when a line matching `pattern` has arrived (rejects after 10 s or at exit). */
  until(pattern: (lines: string[]) => boolean): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function spawnWriter(path: string, name: string, depth: number, chunk: number, durationMs: number, pauseMs: number): Writer {
  const child = spawn(process.execPath, [writerScript, path, name, String(depth), String(chunk), String(durationMs), String(pauseMs)], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let stderr = "";
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    waiters.forEach((w) => w());
  });
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
  const until = (pattern: (lines: string[]) => boolean) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`writer ${name}: timed out; stdout so far: ${lines.slice(-3).join(" | ")}; stderr: ${stderr}`)), 10_000);
    const check = () => {
      if (pattern(lines)) {
        clearTimeout(timer);
        resolve();
      }
    };
    waiters.push(check);
    void exited.then(() => {
      clearTimeout(timer);
      if (pattern(lines)) resolve();
      else reject(new Error(`writer ${name} exited early; stderr: ${stderr}`));
    });
    check();
  });
  return { child, lines, until, exited };
}

const committed = (lines: string[]): number[] => lines.filter((l) => l.startsWith("committed ")).map((l) => Number(l.slice(10)));
const runIdOf = (lines: string[]): number => Number(lines.find((l) => l.startsWith("run "))!.slice(4));

describe("run store: processes", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    test(`a training process killed by ${signal} leaves an interrupted run with every committed chunk`, async () => {
      const path = join(dir, `${signal}.db`);
      RunStore.open(path).close();
      const w = spawnWriter(path, `killed-${signal}`, 6, 10, 0, 15);
      await w.until((lines) => committed(lines).length >= 5);
      w.child.kill(signal);
      const end = await w.exited;
      assert.equal(end.signal, signal);
      const reported = Math.max(...committed(w.lines));

      const store = RunStore.open(path);
      const run = store.getRun(runIdOf(w.lines));
      assert.equal(run.status, "interrupted");
      assert.match(run.error ?? "", new RegExp(`pid ${w.child.pid} on ${hostname()}`));
      assert.ok(run.finishedAt !== null);
      assert.ok(run.records >= reported, `${run.records} records stored, ${reported} reported committed`);
      assert.equal(run.records % 10, 0, "chunks are whole or absent");
      assertSameRecording(store.loadRecording(run.id), syntheticRecording({ depth: 6, count: run.records }));
      store.close();
    });
  }

  test("two processes writing to one store at once lose nothing and meet no SQLITE_BUSY", async () => {
    const path = join(dir, "concurrent.db");
    RunStore.open(path).close();
    const writers = [spawnWriter(path, "writer-a", 4, 10, 2000, 1), spawnWriter(path, "writer-b", 4, 10, 2000, 1)];
    const reader = RunStore.open(path);
    let done = false;
    const ends = Promise.all(writers.map((w) => w.exited)).finally(() => (done = true));
    let reads = 0;
    while (!done) {
      for (const run of reader.listRuns()) reader.loadRecording(run.id); // a third process's reads meanwhile
      reads++;
      await sleep(100);
    }
    for (const end of await ends) assert.deepEqual(end, { code: 0, signal: null, stderr: "" });
    for (const w of writers) {
      const reported = Number(w.lines.at(-1)!.replace(/^done /, ""));
      assert.equal(reported, Math.max(...committed(w.lines)));
      const run = reader.getRun(runIdOf(w.lines));
      assert.equal(run.status, "finished");
      assert.equal(run.records, reported);
      assertSameRecording(reader.loadRecording(run.id), syntheticRecording({ depth: 4, count: reported }));
    }
    const total = writers.reduce((s, w) => s + Math.max(...committed(w.lines)), 0);
    console.log(`# concurrent writers: ${total / 10} chunks (${total} records) committed by two processes in 2 s, ${reads} reads meanwhile`);
    assert.ok(total >= 200, `only ${total} records were written`);
    reader.close();
  });

  test("markInterrupted: a dead owner on this host is interrupted; a live one, or one on another host, is not", () => {
    const store = RunStore.open(join(dir, "owners.db"));
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const gone = store.createRun({ name: "gone", seed: 1, engine: "wasm", config: {}, owner: { pid: dead, hostname: hostname() } });
    const remote = store.createRun({ name: "remote", seed: 1, engine: "wasm", config: {}, owner: { pid: dead, hostname: "elsewhere.invalid" } });
    const alive = store.createRun({ name: "alive", seed: 1, engine: "wasm", config: {} });
    assert.deepEqual(store.markInterrupted(), [gone]);
    assert.deepEqual(store.markInterrupted(), []);
    assert.deepEqual([gone, remote, alive].map((id) => store.getRun(id).status), ["interrupted", "running", "running"]);
    store.close();
  });
});
