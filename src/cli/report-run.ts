import type { Finding } from "../diagnosis/finding.js";
import { resolveConfig } from "../experiment/config/index.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import type { ReportRun } from "../report/types.js";
import type { RunStore } from "../store/index.js";
import { runById } from "./open-store.js";
import type { RunSummary } from "./persist.js";

/**
 * A stored run as the report renderer takes it: its config (resolved again, so defaults added
 * since it was stored are filled in), recording, findings, test evaluations and summary facts.
 * An unknown id throws RunNotFoundError (exit 4).
 *
 * @example
 * const html = renderReport({ title: "run 3", runs: [reportRunFromStore(store, 3)] });
 */
export function reportRunFromStore(store: RunStore, id: number): ReportRun {
  const info = runById(store, id);
  let config: ExperimentConfig;
  try {
    config = resolveConfig(info.config, `run ${id}`);
  } catch {
    config = info.config as ExperimentConfig;
  }
  const summary = (info.summary ?? {}) as Partial<RunSummary>;
  return {
    id: info.id,
    name: info.name,
    status: info.status,
    config,
    recording: store.loadRecording(id),
    findings: store.getFindings<Finding>(id),
    evaluations: summary.evaluations ?? [],
    ...(summary.data !== undefined ? { data: summary.data } : {}),
    error: info.error,
    ...(summary.finalTest !== undefined ? { finalTest: summary.finalTest } : {}),
    ...(summary.steps !== undefined ? { steps: summary.steps } : {}),
    ...(summary.trainMs !== undefined ? { trainMs: summary.trainMs } : {}),
  };
}
