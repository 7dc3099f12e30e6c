/** The doctor: train briefly, diagnose, try the recommended remedies alone and combined, rank them by gradient health and outcome. */
export { doctor, remediesOf, defaultDoctorSteps } from "./doctor.js";
export { healthOf, scoreHealth, signalRatioSeries } from "./health.js";
export { toConfigPatch, conflicts, mergePatches, patchedConfig } from "./remedy-config.js";
export type { Health, Trial, Candidate, Skipped, Prescription, DoctorEvent, DoctorOptions, SessionWatcher } from "./types.js";
