import { GradscopeError } from "../core/errors.js";
import { runCommand, runHelp } from "./commands/run.js";
import { version } from "./version.js";

const help = `gradscope ${version} — see, diagnose, predict and cure vanishing and exploding gradients

Usage: gradscope <command> [options]

Commands:
  run        train a deep MLP and show the per-layer gradient profile
  help       show this help (or: gradscope help <command>)
  version    print the version

Options: --help on any command; --debug prints stack traces of unexpected errors.
Exit codes: 0 success, 1 unexpected internal error, 2 bad usage or input.
`;

/** Runs the CLI on argv (without node and script); returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => console.log(s), err: (s: string) => void = (s) => console.error(s)): number {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      out(rest[0] === "run" ? runHelp : help);
      return 0;
    }
    if (command === "version" || command === "--version" || command === "-v") {
      out(version);
      return 0;
    }
    if (command === "run") {
      if (rest.includes("--help") || rest.includes("-h")) {
        out(runHelp);
        return 0;
      }
      return runCommand(rest, out);
    }
    err(`gradscope: unknown command "${command}". Run "gradscope help" for the list.`);
    return 2;
  } catch (e) {
    if (e instanceof GradscopeError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      err(`gradscope: ${e.message}`);
      return 2;
    }
    err(`gradscope: internal error: ${e instanceof Error ? e.message : String(e)}${debug ? "\n" + (e instanceof Error ? e.stack : "") : " (run with --debug for the stack trace)"}`);
    return 1;
  }
}
