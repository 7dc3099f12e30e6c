import type { Finding } from "../diagnosis/finding.js";
import type { RecordingJson } from "../probes/serialize.js";

/** One run in GET /api/runs: the store's RunInfo without the config, plus what the list shows. */
export interface RunListItem {
  id: number;
  name: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  seed: number;
  engine: string;
  records: number;
  lastStep: number | null;
  /** One line: depth × width activation on data. */
  label: string;
  /** Final test accuracy from the summary, when stored. */
  testAccuracy: number | null;
}

/** GET /api/runs/:id: the run's full resolved config, summary, findings and recording (probes/serialize toJSON). */
export interface RunDetail {
  id: number;
  name: string;
  status: string;
  engine: string;
  config: unknown;
  summary: unknown;
  error: string | null;
  findings: Finding[];
  recording: RecordingJson;
}
