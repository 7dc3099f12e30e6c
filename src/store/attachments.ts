import type { Database, Statement } from "better-sqlite3";
import { parseJson, stringifyJson } from "./json.js";
import type { Artifact, ArtifactInfo, FindingLike } from "./types.js";

/** Findings (one JSON row each) and artifacts (one BLOB each) of runs; the caller checks that the run exists. */
export class Attachments {
  private readonly insertFinding: Statement<[number, string, string, string]>;
  private readonly readFindings: Statement<[number], { data: string }>;
  private readonly upsertArtifact: Statement<[number, string, string, Uint8Array, number]>;
  private readonly readArtifact: Statement<[number, string], { name: string; mime: string; data: Uint8Array }>;
  private readonly listArtifacts: Statement<[number], { name: string; mime: string; bytes: number; created_at: number }>;

  constructor(db: Database) {
    this.insertFinding = db.prepare("INSERT INTO findings (run_id, kind, severity, data) VALUES (?, ?, ?, ?)");
    this.readFindings = db.prepare("SELECT data FROM findings WHERE run_id = ? ORDER BY id");
    this.upsertArtifact = db.prepare(`INSERT INTO artifacts (run_id, name, mime, data, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (run_id, name) DO UPDATE SET mime = excluded.mime, data = excluded.data, created_at = excluded.created_at`);
    this.readArtifact = db.prepare("SELECT name, mime, data FROM artifacts WHERE run_id = ? AND name = ?");
    this.listArtifacts = db.prepare("SELECT name, mime, length(data) AS bytes, created_at FROM artifacts WHERE run_id = ? ORDER BY name");
  }

  /** Stores findings in order (kind and severity as columns, the whole finding as lossless JSON). */
  addFindings(runId: number, findings: readonly FindingLike[]): void {
    for (const f of findings) this.insertFinding.run(runId, f.kind, f.severity, stringifyJson(f));
  }

  /** The run's findings in the order they were added. */
  findings<F extends FindingLike>(runId: number): F[] {
    return this.readFindings.all(runId).map((r) => parseJson<F>(r.data));
  }

  /** Stores an artifact, replacing one of the same name. */
  addArtifact(runId: number, a: Artifact): void {
    this.upsertArtifact.run(runId, a.name, a.mime, a.data, Date.now());
  }

  /** One artifact with its bytes, or undefined. */
  artifact(runId: number, name: string): Artifact | undefined {
    const row = this.readArtifact.get(runId, name);
    return row === undefined ? undefined : { name: row.name, mime: row.mime, data: new Uint8Array(row.data) };
  }

  /** The run's artifacts without their bytes, by name. */
  artifacts(runId: number): ArtifactInfo[] {
    return this.listArtifacts.all(runId).map((r) => ({ name: r.name, mime: r.mime, bytes: r.bytes, createdAt: new Date(r.created_at).toISOString() }));
  }
}
