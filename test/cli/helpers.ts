// Shared by the CLI end-to-end tests: spawn bin/gradscope.js as a user would, with its own run store.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and the command's entry point. */
export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const bin = join(root, "bin", "gradscope.js");

/** What one CLI call printed and returned. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary folder. */
export function tempDir(prefix = "gradscope-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A CLI bound to one store file (GRADSCOPE_STORE) and working directory. */
export function cli(store: string, cwd: string = root): (...args: string[]) => CliResult {
  return (...args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd, env: { ...process.env, GRADSCOPE_STORE: store, NO_COLOR: "1" } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Starts the CLI without waiting (for signals): the child and a promise of its result. */
export function startCli(store: string, ...args: string[]): { child: ReturnType<typeof spawn>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, GRADSCOPE_STORE: store, NO_COLOR: "1" } });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Asserts the shape of a user error: one "gradscope: " line on stderr, no stack trace. */
export function isUserError(r: CliResult): boolean {
  return r.code !== 0 && r.code !== null && /^gradscope: /.test(r.stderr) && !/\n\s+at /.test(r.stderr) && r.stderr.trim().split("\n").length <= 3;
}

/** Runs the CLI in this process (fast: no start-up), capturing its output; the store comes from GRADSCOPE_STORE. */
export async function inProcess(store: string, ...args: string[]): Promise<CliResult> {
  const { main } = await import("../../src/cli/main.js");
  const out: string[] = [], err: string[] = [];
  const saved = process.env.GRADSCOPE_STORE;
  process.env.GRADSCOPE_STORE = store;
  try {
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), tty: false, write: (s) => out.push(s) });
    return { code, stdout: out.join("\n") + (out.length ? "\n" : ""), stderr: err.join("\n") + (err.length ? "\n" : "") };
  } finally {
    if (saved === undefined) delete process.env.GRADSCOPE_STORE;
    else process.env.GRADSCOPE_STORE = saved;
  }
}
