import Database from "better-sqlite3";
import { GradscopeError } from "../core/errors.js";

/**
 * The user-facing form of a failure while using the store file at `path`: a GradscopeError that
 * says what went wrong in words (corrupt or foreign file, locked, read-only, disk full); other
 * errors pass through unchanged.
 */
export function storeFailure(e: unknown, path: string): unknown {
  if (e instanceof GradscopeError) return e;
  if (e instanceof Database.SqliteError) return new GradscopeError(`${explain(e.code, path)} (SQLite: ${e.message})`);
  const errno = e as NodeJS.ErrnoException | null;
  if (typeof errno?.code === "string" && typeof errno.syscall === "string") return new GradscopeError(`run store ${path}: ${errno.message}`);
  return e;
}

function explain(code: string, path: string): string {
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) return `${path} is not a gradscope run store, or it is corrupt; it was left as it is`;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return `run store ${path} stayed locked by another process for too long`;
  if (code.startsWith("SQLITE_READONLY")) return `run store ${path} is read-only`;
  if (code.startsWith("SQLITE_FULL")) return `run store ${path}: the disk is full`;
  if (code.startsWith("SQLITE_CANTOPEN")) return `run store ${path} cannot be opened`;
  return `run store ${path}: ${code}`;
}

/** The error for a run id the store does not hold. */
export function unknownRun(id: number, path: string): GradscopeError {
  return new GradscopeError(`run store ${path} has no run with id ${id}`);
}
