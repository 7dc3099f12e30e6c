import type { Owner } from "./liveness.js";

/** Where a run stands: still training, or how it ended. */
export type RunStatus = "running" | "finished" | "interrupted" | "failed" | "diverged";

/** Every run status. */
export const runStatuses: readonly RunStatus[] = ["running", "finished", "interrupted", "failed", "diverged"];

/** What a new run is: its name, seed, compute engine and full resolved experiment config (any JSON). */
export interface NewRun {
  /** Default "unnamed". */
  name?: string;
  seed: number;
  /** E.g. "wasm", "reference". */
  engine: string;
  config: unknown;
  /** The process that writes the run (default: this one); checked by markInterrupted. */
  owner?: Owner;
}

/** A stored run as the store shows it (timestamps as ISO 8601 strings). */
export interface RunInfo {
  id: number;
  name: string;
  status: RunStatus;
  createdAt: string;
  /** When it ended (for an interrupted run: its last write), or null while running. */
  finishedAt: string | null;
  /** Its last write (metrics, findings or status). */
  updatedAt: string;
  seed: number;
  engine: string;
  config: unknown;
  summary: unknown;
  error: string | null;
  /** Records of metrics stored. */
  records: number;
  /** The training step of the last stored record, or null without records. */
  lastStep: number | null;
  /** The writing process, or null for runs stored before owners were recorded. */
  owner: Owner | null;
}

/** Which runs listRuns returns (all given conditions hold); newest first. */
export interface RunFilter {
  status?: RunStatus | readonly RunStatus[];
  /** A substring of the name (case-insensitive). */
  name?: string;
  /** Created at or after this time. */
  since?: Date;
  limit?: number;
}

/** What the store needs of a finding (diagnosis/finding.ts): a kind and a severity; the rest is kept as JSON. */
export interface FindingLike {
  kind: string;
  severity: string;
}

/** A file kept with a run: a safetensors export, an HTML report, … */
export interface Artifact {
  name: string;
  mime: string;
  data: Uint8Array;
}

/** An artifact without its bytes. */
export interface ArtifactInfo {
  name: string;
  mime: string;
  bytes: number;
  createdAt: string;
}
