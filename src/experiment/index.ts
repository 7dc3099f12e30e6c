export { Trainer, type TrainingSpec, type StepOutcome, type StepHooks } from "./trainer.js";
export * from "./datasets/index.js";
export * from "./config/index.js";
export * from "./session/index.js";
export * from "./presets/index.js";
export * from "./grid/index.js";
