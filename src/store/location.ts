import { join, resolve } from "node:path";

/** The environment variable that names the run store file (overridden by an explicit path). */
export const STORE_ENV = "GRADSCOPE_STORE";

/** The store file when neither a path nor $GRADSCOPE_STORE is given: `.gradscope/runs.db` under the working directory. */
export const DEFAULT_STORE = join(".gradscope", "runs.db");

/**
 * Where the run store lives, as an absolute path: the explicit path, else $GRADSCOPE_STORE,
 * else ./.gradscope/runs.db; relative paths are resolved against the working directory.
 *
 * @example
 * storePath();                 // "/home/me/project/.gradscope/runs.db"
 * storePath("/tmp/runs.db");   // "/tmp/runs.db", whatever $GRADSCOPE_STORE says
 */
export function storePath(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = explicit !== undefined && explicit !== "" ? explicit : env[STORE_ENV] ? env[STORE_ENV] : DEFAULT_STORE;
  return resolve(cwd, chosen);
}
