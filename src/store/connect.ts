import Database from "better-sqlite3";
import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { endianness } from "node:os";
import { dirname } from "node:path";
import { GradscopeError } from "../core/errors.js";
import { storeFailure } from "./failure.js";
import { APPLICATION_ID, migrate, refuseNewer, versionOf } from "./schema.js";

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** How long a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the store file at `path` (an absolute path), creating it and its folder if missing.
 * Nothing is written before the file is known to be a gradscope store of a version this code
 * knows (or a new, empty file); then: WAL mode, a busy timeout, foreign keys, migrations.
 *
 * NOTE: synchronous = NORMAL in WAL mode: a committed transaction survives the process being
 * killed (it is in the WAL file); only a power loss may take back the last ones.
 */
export function connect(path: string): Database.Database {
  // NOTE: metric BLOBs are the typed arrays' raw bytes, which are little-endian on every host we know of.
  if (endianness() !== "LE") throw new GradscopeError("run store: this host is big-endian; the store's metric BLOBs are little-endian");
  try {
    checkHeader(path);
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw storeFailure(e, path);
  }
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw storeFailure(e, path);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("foreign_keys = ON");
    checkIdentity(db, path);
    refuseNewer(versionOf(db), path);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new GradscopeError(`run store ${path}: WAL mode is not available here (journal mode stays "${String(mode)}")`);
    db.pragma("synchronous = NORMAL");
    migrate(db, path);
    return db;
  } catch (e) {
    db.close();
    throw storeFailure(e, path);
  }
}

/** Refuses, before SQLite touches it, an existing non-empty file that does not start with the SQLite header. */
function checkHeader(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new GradscopeError(`run store ${path} is a folder, not a file`);
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new GradscopeError(`${path} is not an SQLite database, so not a gradscope run store; it was left as it is`);
}

/** Refuses an SQLite database that some other program made (tables present, application id not gradscope's). */
function checkIdentity(db: Database.Database, path: string): void {
  // both reads in one read transaction: another process may be creating the store meanwhile, and
  // two separate reads could see its tables but not yet its application id
  const { id, tables } = db.transaction(() => ({
    id: db.pragma("application_id", { simple: true }) as number,
    tables: (db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number }).n,
  }))();
  if (id === APPLICATION_ID) return;
  if (id === 0 && tables === 0) return;
  throw new GradscopeError(`${path} is an SQLite database but not a gradscope run store (application id ${id}, ${tables} schema objects); it was left as it is`);
}
