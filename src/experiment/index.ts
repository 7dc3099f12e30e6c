export { Trainer, type TrainingSpec, type StepOutcome, type StepHooks } from "./trainer.js";
export { trainClassifier, type ClassifierTraining, type StepRecord } from "./train-classifier.js";
export * from "./datasets/index.js";
export * from "./config/index.js";
export * from "./session/index.js";
export * from "./presets/index.js";
export * from "./grid/index.js";
