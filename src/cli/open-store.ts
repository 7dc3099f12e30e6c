import { existsSync } from "node:fs";
import { GradscopeError } from "../core/errors.js";
import { RunStore, storePath, type RunInfo } from "../store/index.js";

/** A run id the store does not hold (exit code 4). */
export class RunNotFoundError extends GradscopeError {
  constructor(message: string) {
    super(message);
    this.name = "RunNotFoundError";
  }
}

/** Opens the run store at --store PATH, else $GRADSCOPE_STORE, else ./.gradscope/runs.db (creating it). */
export function openStore(path?: string): RunStore {
  return RunStore.open(storePath(path));
}

/** Opens the store only if its file exists (read-only commands do not create one); null otherwise. */
export function openExistingStore(path?: string): RunStore | null {
  const file = storePath(path);
  return existsSync(file) ? RunStore.open(file) : null;
}

/** A run id from the command line: a whole number ≥ 1, or a usage error naming what was given. */
export function parseRunId(text: string | undefined, what = "RUN"): number {
  if (text === undefined) throw new GradscopeError(`${what}: a run id is missing (see "gradscope runs list")`);
  const id = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(id) || id < 1) throw new GradscopeError(`${what}: "${text}" is not a run id (a whole number ≥ 1, see "gradscope runs list")`);
  return id;
}

/** The stored run with this id, or a RunNotFoundError naming the store. */
export function runById(store: RunStore, id: number): RunInfo {
  try {
    return store.getRun(id);
  } catch (e) {
    if (e instanceof GradscopeError && /has no run with id/.test(e.message)) throw new RunNotFoundError(`${e.message} (see "gradscope runs list")`);
    throw e;
  }
}

/** The error for a run id asked of a store file that does not exist yet. */
export function noStore(id: number, path?: string): RunNotFoundError {
  return new RunNotFoundError(`run store ${storePath(path)} does not exist yet, so it has no run with id ${id}`);
}
