import type { Command } from "../command.js";
import { runCommand } from "./run.js";

/** Every command of the CLI, in the order `gradscope help` lists them. Each command module adds its own line. */
export const commands: Command[] = [
  runCommand,
];
