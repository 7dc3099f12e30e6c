import type { Database, Statement, Transaction } from "better-sqlite3";
import { GradscopeError } from "../core/errors.js";
import type { Recording } from "../probes/recording.js";
import { blobOf, copyBlob } from "./blob.js";
import { blankRecording, layoutOf, placeSeries, seriesOf, type Layout, type SeriesRow } from "./columns.js";
import { unknownRun } from "./failure.js";
import { parseJson, stringifyJson } from "./json.js";
import { thisProcess } from "./liveness.js";

interface RunMetricsRow { status: string; records: number; layout: string | null; pid: number | null; hostname: string | null }
interface ChunkRow { id: number; first_record: number; count: number; steps: Uint8Array }
interface StoredSeries extends SeriesRow { chunk_id: number }

const noLayout: Layout = { depth: 0, layerInfo: [], edges: [], nonFinite: null };

/**
 * Metrics in and out of the store: a chunk of records [from, to) of a Recording becomes one
 * `chunks` row (its steps) and one `series` row per scalar, per layer metric and layer, and per
 * layer histogram, written in one IMMEDIATE transaction with prepared statements.
 */
export class MetricIO {
  private readonly readRun: Statement<[number], RunMetricsRow>;
  private readonly insertChunk: Statement<[number, number, number, number, number, Uint8Array]>;
  private readonly insertSeries: Statement<[number | bigint, string, string, number, Uint8Array]>;
  private readonly updateRun: Statement<[number, string, number, number]>;
  private readonly revive: Statement<[number]>;
  private readonly readChunks: Statement<[number], ChunkRow>;
  private readonly readSeries: Statement<[number], StoredSeries>;
  private readonly appendTx: Transaction<(runId: number, rec: Recording, from: number, to: number) => void>;
  private readonly loadTx: Transaction<(runId: number) => Recording>;

  constructor(db: Database, private readonly path: string) {
    this.readRun = db.prepare("SELECT status, records, layout, pid, hostname FROM runs WHERE id = ?");
    this.insertChunk = db.prepare("INSERT INTO chunks (run_id, first_record, count, first_step, last_step, steps) VALUES (?, ?, ?, ?, ?, ?)");
    this.insertSeries = db.prepare("INSERT INTO series (chunk_id, kind, metric, layer, data) VALUES (?, ?, ?, ?, ?)");
    this.updateRun = db.prepare("UPDATE runs SET records = ?, layout = ?, updated_at = ? WHERE id = ?");
    this.revive = db.prepare("UPDATE runs SET status = 'running', finished_at = NULL, error = NULL WHERE id = ?");
    this.readChunks = db.prepare("SELECT id, first_record, count, steps FROM chunks WHERE run_id = ? ORDER BY first_record");
    this.readSeries = db.prepare("SELECT s.chunk_id, s.kind, s.metric, s.layer, s.data FROM series s JOIN chunks c ON c.id = s.chunk_id WHERE c.run_id = ?");
    this.appendTx = db.transaction((runId, rec, from, to) => this.write(runId, rec, from, to));
    this.loadTx = db.transaction((runId) => this.read(runId));
  }

  /** Stores records [from, to) of `rec` as the run's next chunk; `from` must be the number of records already stored. */
  append(runId: number, rec: Recording, from: number, to: number): void {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= rec.count)) {
      throw new GradscopeError(`appendMetrics: records [${from}, ${to}) are not a slice of a recording of ${rec.count} records`);
    }
    if (from === to) return;
    this.appendTx.immediate(runId, rec, from, to);
  }

  /** The run's recording, reassembled from its chunks (exactly `records` records, capacity at least 1). */
  load(runId: number): Recording {
    return this.loadTx(runId);
  }

  private write(runId: number, rec: Recording, from: number, to: number): void {
    const run = this.readRun.get(runId);
    if (run === undefined) throw unknownRun(runId, this.path);
    if (run.status === "interrupted" && isMine(run)) this.revive.run(runId);
    else if (run.status !== "running") throw new GradscopeError(`appendMetrics: run ${runId} is ${run.status}; metrics can only be added to a running run`);
    if (run.records !== from) {
      throw new GradscopeError(`appendMetrics: run ${runId} has records [0, ${run.records}) stored, so the next chunk must start at record ${run.records}, not ${from}`);
    }
    const layout = stringifyJson(layoutOf(rec));
    if (run.layout !== null && run.layout !== layout) sameShape(runId, parseJson<Layout>(run.layout), rec);
    const chunk = this.insertChunk.run(runId, from, to - from, rec.steps[from], rec.steps[to - 1], blobOf(rec.steps, from, to)).lastInsertRowid;
    for (const s of seriesOf(rec, from, to)) this.insertSeries.run(chunk, s.kind, s.metric, s.layer, s.data);
    this.updateRun.run(to, layout, Date.now(), runId);
  }

  private read(runId: number): Recording {
    const run = this.readRun.get(runId);
    if (run === undefined) throw unknownRun(runId, this.path);
    const rec = blankRecording(run.layout === null ? noLayout : parseJson<Layout>(run.layout), run.records);
    const placed = new Map<number, { at: number; count: number }>();
    let next = 0;
    for (const c of this.readChunks.iterate(runId)) {
      if (c.first_record !== next || next + c.count > run.records) throw corrupt(runId, `a chunk starts at record ${c.first_record} where record ${next} was expected`);
      copyBlob(c.steps, rec.steps, next, c.count, `the steps of chunk ${c.id}`);
      placed.set(c.id, { at: next, count: c.count });
      next += c.count;
    }
    if (next !== run.records) throw corrupt(runId, `its chunks hold ${next} records, not the ${run.records} it counts`);
    for (const s of this.readSeries.iterate(runId)) {
      const c = placed.get(s.chunk_id)!;
      placeSeries(rec, s, c.at, c.count);
    }
    return rec;
  }
}

/** Whether this process owns the run (then an "interrupted" mark was a mistake, e.g. a pid seen from another pid namespace). */
function isMine(run: RunMetricsRow): boolean {
  const me = thisProcess();
  return run.pid === me.pid && run.hostname === me.hostname;
}

function sameShape(runId: number, stored: Layout, rec: Recording): void {
  const edges = Array.from(rec.histogram.edges);
  const same = stored.depth === rec.depth && stored.edges.length === edges.length && stored.edges.every((e, i) => Object.is(e, edges[i]));
  if (!same) {
    throw new GradscopeError(`appendMetrics: run ${runId} was recorded with ${stored.depth} layers and ${stored.edges.length} histogram edges; this chunk has ${rec.depth} layers and ${edges.length} edges`);
  }
}

function corrupt(runId: number, why: string): GradscopeError {
  return new GradscopeError(`run store: the metrics of run ${runId} are damaged: ${why}`);
}
