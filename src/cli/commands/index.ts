import type { Command } from "../command.js";
import { runCommand } from "./run.js";
import { doctorCommand } from "./doctor.js";
import { compareCommand } from "./compare.js";
import { runsCommand } from "./runs.js";
import { inspectCommand } from "./inspect.js";
import { theoryCommand } from "./theory.js";
import { serveCommand } from "./serve.js";
import { reportCommand } from "./report.js";

/** Every command of the CLI, in the order `gradscope help` lists them. Each command module adds its own line. */
export const commands: Command[] = [
  runCommand,
  doctorCommand,
  compareCommand,
  runsCommand,
  inspectCommand,
  theoryCommand,
  serveCommand,
  reportCommand,
];
