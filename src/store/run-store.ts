import type { Database, Statement } from "better-sqlite3";
import { GradscopeError } from "../core/errors.js";
import type { Recording } from "../probes/recording.js";
import { Attachments } from "./attachments.js";
import { connect } from "./connect.js";
import { runToCsv, runToJson, type ExportFormat } from "./export.js";
import { storeFailure, unknownRun } from "./failure.js";
import { stringifyJson } from "./json.js";
import { ownerGone, thisProcess } from "./liveness.js";
import { storePath } from "./location.js";
import { MetricIO } from "./metric-io.js";
import { RUN_COLUMNS, runInfo, type RunRow } from "./run-row.js";
import { runStatuses, type Artifact, type ArtifactInfo, type FindingLike, type NewRun, type RunFilter, type RunInfo, type RunStatus } from "./types.js";

/**
 * The run store: one SQLite file (WAL) of runs, their resolved configs, per-step per-layer
 * metrics in columnar chunks, findings and artifacts. Several processes may write to it at once.
 *
 * @example
 * const store = RunStore.open();                       // $GRADSCOPE_STORE or ./.gradscope/runs.db
 * const id = store.createRun({ name: "tanh-20", seed: 42, engine: "wasm", config });
 * store.appendMetrics(id, recording, 0, recording.count);
 * store.finishRun(id, "finished", { loss: 0.12 });
 * store.close();
 */
export class RunStore {
  private readonly metrics: MetricIO;
  private readonly attached: Attachments;
  private readonly insertRun: Statement<[string, number, number, number, string, string, number, string]>;
  private readonly selectRun: Statement<[number], RunRow>;
  private readonly selectStatus: Statement<[number], { status: RunStatus }>;
  private readonly endRun: Statement<[string, number, string | null, string | null, number]>;
  private readonly touch: Statement<[number, number]>;
  private readonly selectRunning: Statement<[], { id: number; pid: number | null; hostname: string | null }>;
  private readonly interrupt: Statement<[number]>;
  private readonly removeRun: Statement<[number]>;

  private constructor(readonly path: string, private readonly db: Database) {
    this.metrics = new MetricIO(db, path);
    this.attached = new Attachments(db);
    this.insertRun = db.prepare(`INSERT INTO runs (name, created_at, updated_at, status, seed, engine, config, pid, hostname, records)
      VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, 0)`);
    this.selectRun = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`);
    this.selectStatus = db.prepare("SELECT status FROM runs WHERE id = ?");
    this.endRun = db.prepare("UPDATE runs SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?");
    this.touch = db.prepare("UPDATE runs SET updated_at = ? WHERE id = ?");
    this.selectRunning = db.prepare("SELECT id, pid, hostname FROM runs WHERE status = 'running'");
    this.interrupt = db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = coalesce(updated_at, created_at),
      error = 'the process writing the run (pid ' || coalesce(pid, '?') || ' on ' || coalesce(hostname, '?') || ') ended without finishing it'
      WHERE id = ? AND status = 'running'`);
    this.removeRun = db.prepare("DELETE FROM runs WHERE id = ?");
  }

  /** Opens (creating if missing) the store at `path`, else $GRADSCOPE_STORE, else ./.gradscope/runs.db. */
  static open(path?: string): RunStore {
    const file = storePath(path);
    return new RunStore(file, connect(file));
  }

  /** Closes the database (the WAL is checkpointed into the main file). */
  close(): void {
    this.db.close();
  }

  /** Starts a run (status "running", owned by this process unless `meta.owner` says otherwise); returns its id. */
  createRun(meta: NewRun): number {
    if (!Number.isSafeInteger(meta.seed)) throw new GradscopeError(`createRun: seed ${meta.seed} is not an integer`);
    const owner = meta.owner ?? thisProcess();
    const now = Date.now();
    return this.guard(() => Number(this.insertRun.run(meta.name ?? "unnamed", now, now, meta.seed, meta.engine, stringifyJson(meta.config ?? null), owner.pid, owner.hostname).lastInsertRowid));
  }

  /** Stores records [from, to) of a run's Recording as its next chunk, in one transaction; `from` must equal the records already stored. */
  appendMetrics(runId: number, rec: Recording, from: number, to: number = rec.count): void {
    this.guard(() => this.metrics.append(runId, rec, from, to));
  }

  /** Ends a running run with a final status, an optional summary (JSON) and error message. */
  finishRun(runId: number, status: Exclude<RunStatus, "running">, summary: unknown = null, error: string | null = null): void {
    if ((status as RunStatus) === "running" || !runStatuses.includes(status)) throw new GradscopeError(`finishRun: "${status}" is not a final status; expected one of ${runStatuses.slice(1).join(", ")}`);
    this.write(runId, (was) => {
      if (was !== "running") throw new GradscopeError(`finishRun: run ${runId} is already ${was}`);
      this.endRun.run(status, Date.now(), summary === null || summary === undefined ? null : stringifyJson(summary), error, runId);
    });
  }

  /** Adds a run's findings (diagnosis results), kept in order. */
  addFindings(runId: number, findings: readonly FindingLike[]): void {
    this.write(runId, () => this.attached.addFindings(runId, findings));
  }

  /** A run's findings in the order they were added. */
  getFindings<F extends FindingLike = FindingLike>(runId: number): F[] {
    return this.read(runId, () => this.attached.findings<F>(runId));
  }

  /** Keeps a file with a run (replacing one of the same name). */
  addArtifact(runId: number, artifact: Artifact): void {
    this.write(runId, () => this.attached.addArtifact(runId, artifact));
  }

  /** One artifact of a run with its bytes. */
  getArtifact(runId: number, name: string): Artifact {
    const a = this.read(runId, () => this.attached.artifact(runId, name));
    if (a === undefined) throw new GradscopeError(`run ${runId} has no artifact named "${name}"`);
    return a;
  }

  /** A run's artifacts (names, types, sizes). */
  listArtifacts(runId: number): ArtifactInfo[] {
    return this.read(runId, () => this.attached.artifacts(runId));
  }

  /** One run, after marking runs whose process is gone as interrupted. */
  getRun(runId: number): RunInfo {
    this.markInterrupted();
    return this.read(runId, () => runInfo(this.selectRun.get(runId)!));
  }

  /** The runs that match the filter, newest first, after marking runs whose process is gone as interrupted. */
  listRuns(filter: RunFilter = {}): RunInfo[] {
    this.markInterrupted();
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.status !== undefined) {
      const statuses = typeof filter.status === "string" ? [filter.status] : [...filter.status];
      where.push(`status IN (${statuses.map(() => "?").join(", ")})`);
      args.push(...statuses);
    }
    if (filter.name !== undefined) {
      where.push("instr(lower(name), lower(?)) > 0");
      args.push(filter.name);
    }
    if (filter.since !== undefined) {
      where.push("created_at >= ?");
      args.push(filter.since.getTime());
    }
    if (filter.limit !== undefined && !(Number.isSafeInteger(filter.limit) && filter.limit >= 0)) throw new GradscopeError(`listRuns: limit ${filter.limit} is not a whole number ≥ 0`);
    const limit = filter.limit === undefined ? "" : ` LIMIT ${filter.limit}`;
    const sql = `SELECT ${RUN_COLUMNS} FROM runs${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC${limit}`;
    return this.guard(() => (this.db.prepare(sql).all(...args) as RunRow[]).map(runInfo));
  }

  /** The run's metrics, reassembled from its chunks into one Recording. */
  loadRecording(runId: number): Recording {
    return this.guard(() => this.metrics.load(runId));
  }

  /** Deletes a run with its metrics, findings and artifacts. */
  deleteRun(runId: number): void {
    this.guard(() => {
      if (this.removeRun.run(runId).changes === 0) throw unknownRun(runId, this.path);
    });
  }

  /** A run as text: "json" (everything but artifact bytes) or "csv" (one line per record, per-layer columns like deltaNorm.l3), read in one snapshot. */
  exportRun(runId: number, format: ExportFormat): string {
    if (format !== "csv" && format !== "json") throw new GradscopeError(`exportRun: format "${String(format)}" is not allowed; expected "json" or "csv"`);
    this.markInterrupted();
    return this.read(runId, () => format === "csv"
      ? runToCsv(this.metrics.load(runId))
      : runToJson(runInfo(this.selectRun.get(runId)!), this.attached.findings(runId), this.attached.artifacts(runId), this.metrics.load(runId)));
  }

  /**
   * Marks as interrupted every running run whose writing process is gone (same host, pid no
   * longer alive; or no owner recorded), keeping every record it stored. Returns their ids.
   */
  markInterrupted(): number[] {
    return this.guard(() => {
      const gone = this.selectRunning.all().filter((r) => ownerGone(r.pid, r.hostname)).map((r) => r.id);
      if (gone.length > 0) this.db.transaction(() => gone.forEach((id) => this.interrupt.run(id))).immediate();
      return gone;
    });
  }

  /** Runs `fn` in an IMMEDIATE transaction after checking that the run exists; `fn` gets its status. */
  private write<T>(runId: number, fn: (status: RunStatus) => T): T {
    return this.guard(() => this.db.transaction(() => {
      const row = this.selectStatus.get(runId);
      if (row === undefined) throw unknownRun(runId, this.path);
      const out = fn(row.status);
      this.touch.run(Date.now(), runId);
      return out;
    }).immediate());
  }

  /** Runs `fn` in a read transaction after checking that the run exists. */
  private read<T>(runId: number, fn: () => T): T {
    return this.guard(() => this.db.transaction(() => {
      if (this.selectStatus.get(runId) === undefined) throw unknownRun(runId, this.path);
      return fn();
    })());
  }

  /** Runs `fn`, turning SQLite's errors into GradscopeErrors that name the store file. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeFailure(e, this.path);
    }
  }
}
