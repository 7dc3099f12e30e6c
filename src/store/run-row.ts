import { parseJson } from "./json.js";
import type { RunInfo, RunStatus } from "./types.js";

/** A `runs` row as SELECT RUN_COLUMNS returns it. */
export interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  created_at: number;
  finished_at: number | null;
  updated_at: number | null;
  seed: number;
  engine: string;
  config: string;
  summary: string | null;
  error: string | null;
  records: number;
  last_step: number | null;
  pid: number | null;
  hostname: string | null;
}

/** The columns of a RunRow, for `SELECT ${RUN_COLUMNS} FROM runs`. */
export const RUN_COLUMNS = `id, name, status, created_at, finished_at, updated_at, seed, engine, config, summary, error, records, pid, hostname,
  (SELECT last_step FROM chunks WHERE run_id = runs.id ORDER BY first_record DESC LIMIT 1) AS last_step`;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The RunInfo of a row (JSON parsed, times as ISO strings). */
export function runInfo(row: RunRow): RunInfo {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    updatedAt: iso(row.updated_at ?? row.created_at),
    seed: row.seed,
    engine: row.engine,
    config: parseJson(row.config),
    summary: row.summary === null ? null : parseJson(row.summary),
    error: row.error,
    records: row.records,
    lastStep: row.last_step,
    owner: row.pid === null || row.hostname === null ? null : { pid: row.pid, hostname: row.hostname },
  };
}
