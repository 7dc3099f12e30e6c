/** Where a command writes: standard output and standard error, and whether stdout is a terminal. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a TTY (live progress, colour) or a pipe/file (plain lines). */
  tty: boolean;
  /** Raw writes to stdout without a newline (progress redraws); defaults to out. */
  write?: (text: string) => void;
}

/** One `gradscope <name>` command: its help text (with examples) and its action, which returns the exit code. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The whole --help text. */
  help: string;
  run(argv: string[], io: Io): Promise<number> | number;
}

/**
 * Exit codes of every command: 0 success; 1 an unexpected internal error; 2 bad usage or input
 * (unknown flag, bad config, missing file); 3 the training ended on NaN/Inf; 4 a run not found
 * in the store; 130 interrupted by Ctrl-C (the run is kept, marked interrupted).
 */
export const exitCodes = { ok: 0, internal: 1, usage: 2, nonFinite: 3, notFound: 4, interrupted: 130 } as const;
