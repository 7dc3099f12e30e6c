import { toJSON } from "../probes/serialize.js";
import type { Recording } from "../probes/recording.js";
import { plainJson } from "./json.js";
import type { ArtifactInfo, FindingLike, RunInfo } from "./types.js";

/** The formats a run exports to. */
export type ExportFormat = "json" | "csv";

/**
 * A run as one JSON document: { format: "gradscope.run", version: 1, run, findings, artifacts
 * (without bytes), recording (probes/serialize's RecordingJson) }; NaN and ±Infinity are the
 * strings "NaN", "Infinity", "-Infinity" throughout.
 */
export function runToJson(run: RunInfo, findings: readonly FindingLike[], artifacts: readonly ArtifactInfo[], rec: Recording): string {
  return JSON.stringify({ format: "gradscope.run", version: 1, run: plainJson(run), findings: plainJson(findings), artifacts, recording: toJSON(rec) });
}

/**
 * The metrics as CSV: a header, then one line per record: `step`, each scalar, then each layer
 * metric per layer as `metric.l{layer}` (1-based), e.g. `deltaNorm.l3`. Numbers in JavaScript's
 * shortest round-trip form; NaN, Infinity, -Infinity as such. Histograms are not included.
 */
export function runToCsv(rec: Recording): string {
  const scalars = Object.entries(rec.scalars);
  const layers = Object.entries(rec.layers).flatMap(([m, perLayer]) => perLayer.map((a, l) => [`${m}.l${l + 1}`, a] as const));
  const columns = [...scalars, ...layers];
  const lines = [["step", ...columns.map(([name]) => name)].join(",")];
  for (let r = 0; r < rec.count; r++) lines.push([String(rec.steps[r]), ...columns.map(([, a]) => numberText(a[r]))].join(","));
  return lines.join("\n") + "\n";
}

const numberText = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));
