/** Diagnosis: pure rules from a Recording's statistics to findings with evidence, explanations and ranked remedies. */
export { diagnose, rules, resolveThresholds, beforeNonFinite } from "./diagnose.js";
export { thresholds, type Thresholds } from "./thresholds.js";
export { severities, worst, type Finding, type FindingKind, type Severity, type Evidence, type Remedy, type ConfigPatch, type Json, type DiagnosisContext, type ModelContext, type TrainingContext, type ThresholdOverrides } from "./finding.js";
export { remedies, rankRemedies, initFor, initMatches, type RemedyId, type RemedyMaker } from "./remedies.js";
export { applyPatch } from "./patch.js";
export { setupOf, reluFamily, type Setup } from "./setup.js";
export type { Rule, RuleInput } from "./rule.js";
