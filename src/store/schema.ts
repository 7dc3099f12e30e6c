import type { Database } from "better-sqlite3";
import { GradscopeError } from "../core/errors.js";

/** `PRAGMA application_id` of a gradscope run store: "GSCP" in ASCII, so that foreign SQLite files are recognised. */
export const APPLICATION_ID = 0x47534350;

/** One step of the schema's history: the SQL that turns version `version − 1` into `version`. */
export interface Migration {
  version: number;
  /** What the version adds, for the history. */
  about: string;
  sql: string;
}

/**
 * Every schema version in order. The tables (version 2):
 * - runs: one row per run; config, summary (JSON, NaN/±Infinity as {"$number": "NaN"}), layout
 *   (JSON: depth, layerInfo, histogram edges, nonFinite), records stored, owner pid and host;
 *   times in ms since the Unix epoch.
 * - chunks: records [first_record, first_record + count) of a run; steps = Int32 LE [count].
 * - series: one row per chunk per scalar (layer 0), per layer metric and layer (1…L), per layer
 *   histogram; data = Float64 LE [count], or counts [count × bins] of 1, 2 or 4 bytes (LE) each,
 *   the width being the BLOB's length / (count × bins).
 * - findings: one JSON finding per row, with its kind and severity as columns.
 * - artifacts: named files of a run (name, mime type, bytes).
 * Deleting a run cascades to everything it owns. A store file records its version in `PRAGMA user_version`;
 * opening it runs the migrations it lacks. Append new versions; never edit a published one.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    about: "runs, columnar metric chunks, findings",
    sql: `
      CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        finished_at INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed', 'diverged')),
        seed        INTEGER NOT NULL,
        engine      TEXT NOT NULL,
        config      TEXT NOT NULL,
        summary     TEXT,
        error       TEXT,
        layout      TEXT,
        records     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_status ON runs (status);
      CREATE TABLE chunks (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        first_record INTEGER NOT NULL,
        count        INTEGER NOT NULL CHECK (count > 0),
        first_step   INTEGER NOT NULL,
        last_step    INTEGER NOT NULL,
        steps        BLOB NOT NULL,
        UNIQUE (run_id, first_record)
      );
      CREATE TABLE series (
        id       INTEGER PRIMARY KEY,
        chunk_id INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
        kind     TEXT NOT NULL CHECK (kind IN ('scalar', 'layer', 'histogram')),
        metric   TEXT NOT NULL,
        layer    INTEGER NOT NULL,
        data     BLOB NOT NULL,
        UNIQUE (chunk_id, kind, metric, layer)
      );
      CREATE TABLE findings (
        id       INTEGER PRIMARY KEY,
        run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind     TEXT NOT NULL,
        severity TEXT NOT NULL,
        data     TEXT NOT NULL
      );
      CREATE INDEX findings_run ON findings (run_id);
    `,
  },
  {
    version: 2,
    about: "the writing process of a run (pid, host, last write) for interruption; artifacts",
    sql: `
      ALTER TABLE runs ADD COLUMN pid INTEGER;
      ALTER TABLE runs ADD COLUMN hostname TEXT;
      ALTER TABLE runs ADD COLUMN updated_at INTEGER;
      CREATE TABLE artifacts (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        mime       TEXT NOT NULL,
        data       BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (run_id, name)
      );
    `,
  },
];

/** The schema version this code writes: the last migration's. */
export const SCHEMA_VERSION = migrations[migrations.length - 1].version;

/** The version a store file says it has (`PRAGMA user_version`; 0 for a new, empty file). */
export function versionOf(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Refuses a file written by a newer gradscope, naming both versions. */
export function refuseNewer(version: number, path: string): void {
  if (version > SCHEMA_VERSION) {
    throw new GradscopeError(`run store ${path} has schema version ${version}, newer than version ${SCHEMA_VERSION} that this gradscope knows; upgrade gradscope to open it (the file was left as it is)`);
  }
}

/**
 * Brings the schema up to SCHEMA_VERSION in one IMMEDIATE transaction (so two processes opening
 * a new file at once migrate it once). Returns the version found before.
 */
export function migrate(db: Database, path: string): number {
  return db.transaction(() => {
    const found = versionOf(db);
    refuseNewer(found, path);
    for (const m of migrations) {
      if (m.version <= found) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    if (found === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    return found;
  }).immediate();
}
