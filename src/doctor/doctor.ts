import type { Remedy } from "../diagnosis/finding.js";
import { canonicalJSON } from "../experiment/config/canonical.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import type { PreparedData } from "../experiment/session/data.js";
import { runExperiment } from "../experiment/session/run-experiment.js";
import { totalStepsOf, type SessionResult } from "../experiment/session/session.js";
import { healthOf } from "./health.js";
import { conflicts, mergePatches, patchedConfig, toConfigPatch } from "./remedy-config.js";
import type { Candidate, DoctorOptions, Prescription, Skipped, Trial } from "./types.js";

/** Default training steps of a trial, when the config asks for more. */
export const defaultDoctorSteps = 300;

/** The config trained for exactly `steps` steps (epochs dropped). */
function withSteps(config: ExperimentConfig, steps: number): ExperimentConfig {
  const copy = JSON.parse(JSON.stringify(config)) as ExperimentConfig;
  delete copy.train.epochs;
  copy.train.steps = steps;
  return copy;
}

/** The remedies the warning and critical findings recommend, worst finding first, each once. */
export function remediesOf(findings: readonly { severity: string; remedies: Remedy[] }[]): Remedy[] {
  const out: Remedy[] = [];
  for (const f of findings) {
    if (f.severity === "info") continue;
    for (const r of f.remedies) if (!out.some((o) => o.id === r.id)) out.push(r);
  }
  return out;
}

/**
 * Trains `config` briefly on `data`, diagnoses it and, when a finding is a warning or critical,
 * tries the remedies the findings recommend — each alone, then the best few pairwise where their
 * changes do not conflict — on the same seed, data and number of steps. Returns every candidate
 * ranked by score (gradient health + outcome, see scoreHealth) with its evidence, and the baseline's.
 * Deterministic: the same config, data and options give the same prescription.
 *
 * @example
 * const p = await doctor(config, await prepareData(config), { steps: 200 });
 * if (p.healthy) console.log("nothing is wrong"); else console.log(p.best?.label);
 */
export async function doctor(config: ExperimentConfig, data: PreparedData, options: DoctorOptions = {}): Promise<Prescription> {
  const steps = options.steps ?? Math.min(totalStepsOf(config, data.train.n), defaultDoctorSteps);
  const base = withSteps(config, steps);
  let index = 0;

  const train = (cfg: ExperimentConfig, label: string): Promise<SessionResult> =>
    runExperiment(cfg, data, { yieldEveryMs: options.yieldEveryMs, watch: (session) => options.watch?.(session, label) });

  options.onEvent?.({ type: "start", index, label: "baseline" });
  const baseResult = await train(base, "baseline");
  const baseline: Trial = { label: "baseline", config: base, findings: baseResult.findings, health: healthOf(baseResult, baseResult.finalTest.loss) };
  options.onEvent?.({ type: "done", index, label: "baseline", health: baseline.health });
  const baseLoss = baseline.health.testLoss;
  const remedies = remediesOf(baseline.findings).slice(0, options.maxRemedies ?? 6);
  if (remedies.length === 0) {
    return { healthy: !baseline.findings.some((f) => f.severity !== "info"), steps, baseline, candidates: [], best: null, skipped: [] };
  }

  const skipped: Skipped[] = [];
  const candidates: Candidate[] = [];
  const tried = new Set<string>([canonicalJSON(base)]);
  const attempt = async (chosen: Remedy[]): Promise<Candidate | null> => {
    const label = chosen.map((r) => r.label).join(" + ");
    const change = mergePatches(chosen.map((r) => toConfigPatch(r.change)));
    let cfg: ExperimentConfig;
    try {
      cfg = patchedConfig(base, change);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      skipped.push({ remedies: chosen.map((r) => r.id), reason });
      options.onEvent?.({ type: "skip", label, reason });
      return null;
    }
    const key = canonicalJSON(cfg);
    if (tried.has(key)) {
      const reason = "the same config as an earlier trial";
      skipped.push({ remedies: chosen.map((r) => r.id), reason });
      options.onEvent?.({ type: "skip", label, reason });
      return null;
    }
    tried.add(key);
    index++;
    options.onEvent?.({ type: "start", index, label });
    const result = await train(cfg, label);
    const health = healthOf(result, baseLoss);
    options.onEvent?.({ type: "done", index, label, health });
    const c: Candidate = { label, config: cfg, findings: result.findings, health, remedies: chosen, change, helps: health.score < baseline.health.score };
    candidates.push(c);
    return c;
  };

  const singles: Candidate[] = [];
  for (const r of remedies) {
    const c = await attempt([r]);
    if (c !== null) singles.push(c);
  }
  const top = singles.filter((c) => Number.isFinite(c.health.score)).sort((a, b) => a.health.score - b.health.score).slice(0, options.combineTop ?? 3);
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      const [a, b] = [top[i], top[j]];
      if (conflicts(a.change, b.change)) {
        skipped.push({ remedies: [...a.remedies, ...b.remedies].map((r) => r.id), reason: "their changes set the same field" });
        continue;
      }
      await attempt([...a.remedies, ...b.remedies]);
    }
  }
  // NOTE: a stable sort, so equal scores keep the order tried (singles before pairs).
  const ranked = [...candidates].sort((a, b) => a.health.score - b.health.score);
  return { healthy: false, steps, baseline, candidates: ranked, best: ranked.find((c) => c.helps) ?? null, skipped };
}
