export { prepareData, type PreparedData, type CsvSource } from "./data.js";
export { ExperimentSession, totalStepsOf, diagnosisContextOf, type Evaluation, type SessionStatus, type StepReport, type SessionResult } from "./session.js";
export { runExperiment, type RunOptions, type SessionWatcher } from "./run-experiment.js";
export { useEngine, type EngineOptions } from "./engine.js";
