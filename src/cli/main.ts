import { GradscopeError } from "../core/errors.js";
import { exitCodes, type Command, type Io } from "./command.js";
import { commands } from "./commands/index.js";
import { RunNotFoundError } from "./open-store.js";
import { version } from "./version.js";

function helpText(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 7) + 2;
  return `gradscope ${version} — see, diagnose, predict and cure vanishing and exploding gradients

Usage: gradscope <command> [options]

Commands:
${list.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`).join("\n")}
  ${"help".padEnd(width)} show this help (or: gradscope help <command>)
  ${"version".padEnd(width)} print the version

Options: --help on any command; --debug prints stack traces of unexpected errors.
Exit codes: 0 success, 1 unexpected internal error, 2 bad usage or input, 3 training hit NaN/Inf,
4 run not found, 130 interrupted (Ctrl-C; the run is kept as interrupted).
`;
}

function defaultIo(): Io {
  // NOTE: a closed pipe (`gradscope run | head`) ends the command quietly, as other Unix tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  return {
    out: (s) => console.log(s),
    err: (s) => console.error(s),
    tty: Boolean(process.stdout.isTTY),
    write: (s) => { process.stdout.write(s); },
  };
}

/** Runs the CLI on argv (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      const target = commands.find((c) => c.name === rest[0]);
      if (rest[0] !== undefined && target === undefined) {
        io.err(`gradscope: unknown command "${rest[0]}". Commands: ${commands.map((c) => c.name).join(", ")}`);
        return exitCodes.usage;
      }
      io.out(target?.help ?? helpText(commands));
      return exitCodes.ok;
    }
    if (name === "version" || name === "--version" || name === "-v") {
      io.out(version);
      return exitCodes.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (command === undefined) {
      io.err(`gradscope: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(", ")}; run "gradscope help" for more.`);
      return exitCodes.usage;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(command.help);
      return exitCodes.ok;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof RunNotFoundError) {
      io.err(`gradscope: ${e.message}`);
      return exitCodes.notFound;
    }
    if (e instanceof GradscopeError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      io.err(`gradscope: ${e.message}`);
      return exitCodes.usage;
    }
    io.err(`gradscope: internal error: ${e instanceof Error ? e.message : String(e)}${debug ? "\n" + (e instanceof Error ? e.stack : "") : " (run with --debug for the stack trace)"}`);
    return exitCodes.internal;
  }
}
