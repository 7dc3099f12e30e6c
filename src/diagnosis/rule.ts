import type { Recording } from "../probes/recording.js";
import type { Finding, Severity } from "./finding.js";
import type { Setup } from "./setup.js";
import type { Thresholds } from "./thresholds.js";
import type { Windows } from "./summary.js";

/** What every rule sees: the recording, the known config, the thresholds and the early/late windows. */
export interface RuleInput {
  rec: Recording;
  setup: Setup;
  th: Thresholds;
  w: Windows;
}

/** A diagnosis rule: a pure function from the recorded statistics to at most one finding. */
export type Rule = (input: RuleInput) => Finding | null;

/** The first and last training step of records [from, to). */
export function stepRange(rec: Recording, from: number, to: number): { first: number; last: number } {
  const lo = Math.max(0, Math.min(from, rec.count - 1));
  const hi = Math.max(lo, Math.min(to, rec.count) - 1);
  return { first: rec.steps[lo], last: rec.steps[hi] };
}

/** Severity from a value against warning/critical limits, `above` = true when larger is worse (null: neither limit crossed). */
export function grade(value: number, warning: number, critical: number, above: boolean): Severity | null {
  if (Number.isNaN(value)) return null;
  const past = (limit: number) => (above ? value >= limit : value <= limit);
  return past(critical) ? "critical" : past(warning) ? "warning" : null;
}
