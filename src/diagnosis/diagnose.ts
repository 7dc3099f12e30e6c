import type { Recording } from "../probes/recording.js";
import { severities, type DiagnosisContext, type Finding, type FindingKind } from "./finding.js";
import type { Rule } from "./rule.js";
import { deadRelu } from "./rules/dead-relu.js";
import { divergence } from "./rules/divergence.js";
import { exploding } from "./rules/exploding.js";
import { nonFinite, nonFiniteEvent } from "./rules/non-finite.js";
import { saturation } from "./rules/saturation.js";
import { stalled } from "./rules/stalled.js";
import { unequalSpeed } from "./rules/unequal-speed.js";
import { vanishing } from "./rules/vanishing.js";
import { setupOf } from "./setup.js";
import { windowsOf } from "./summary.js";
import { thresholds, type Thresholds } from "./thresholds.js";

/** The rules by finding kind; on equal severity, findings keep this order. */
export const rules: Record<FindingKind, Rule> = {
  nonFinite, exploding, divergence, vanishing, deadRelu, saturation, stalled, unequalSpeed,
};

/** The default thresholds with a context's overrides laid over them, table by table. */
export function resolveThresholds(ctx: DiagnosisContext = {}): Thresholds {
  const over = ctx.thresholds ?? {};
  const out = { ...thresholds } as Record<string, unknown>;
  for (const key of Object.keys(thresholds) as (keyof Thresholds)[]) out[key] = { ...thresholds[key], ...over[key] };
  return out as Thresholds;
}

/**
 * The recording up to the last record before the first non-finite value (a view with a smaller
 * count; the arrays are shared, nothing is copied or changed).
 * NOTE: the record of the step that overflowed is partly NaN; the other rules judge the run as it
 * was just before, and the nonFinite rule reports the event itself.
 */
export function beforeNonFinite(rec: Recording): Recording {
  const e = nonFiniteEvent(rec);
  if (e === null) return rec;
  let count = 0;
  while (count < rec.count && rec.steps[count] < e.step) count++;
  return count === rec.count ? rec : { ...rec, count };
}

/**
 * Runs every rule on a recording and returns the findings, worst first (critical, warning, info).
 * `context` may carry the current config, so remedies skip what is in place and compute new
 * values (e.g. lr/10), and threshold overrides. A healthy run gives no warning or critical finding.
 *
 * @example
 * const findings = diagnose(recording, { model: { activation: "sigmoid", init: "standard" }, training: { lr: 0.1 } });
 * for (const f of findings) console.log(f.severity, f.title, f.remedies[0]?.change);
 */
export function diagnose(recording: Recording, context: DiagnosisContext = {}): Finding[] {
  const th = resolveThresholds(context);
  const setup = setupOf(recording, context);
  const inputOf = (rec: Recording) => ({ rec, setup, th, w: windowsOf(rec.count, th.window) });
  const whole = inputOf(recording);
  const finite = inputOf(beforeNonFinite(recording));
  const findings: Finding[] = [];
  for (const [kind, rule] of Object.entries(rules)) {
    const f = rule(kind === "nonFinite" ? whole : finite);
    if (f !== null) findings.push(f);
  }
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severities.indexOf(a.f.severity) - severities.indexOf(b.f.severity) || a.i - b.i)
    .map(({ f }) => f);
}
