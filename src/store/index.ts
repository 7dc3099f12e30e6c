/** The run store (Node only): runs, configs, columnar metrics, findings and artifacts in one SQLite file. */
export { RunStore } from "./run-store.js";
export { MetricsFlusher, type FlushCadence } from "./flusher.js";
export { storePath, STORE_ENV, DEFAULT_STORE } from "./location.js";
export { SCHEMA_VERSION, APPLICATION_ID, migrations, type Migration } from "./schema.js";
export { BUSY_TIMEOUT_MS } from "./connect.js";
export { runStatuses, type RunStatus, type NewRun, type RunInfo, type RunFilter, type FindingLike, type Artifact, type ArtifactInfo } from "./types.js";
export type { ExportFormat } from "./export.js";
export type { Owner } from "./liveness.js";
