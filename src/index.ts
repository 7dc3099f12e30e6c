/**
 * gradscope: a lab for the vanishing and exploding gradient problems of deep neural networks.
 * This entry point re-exports the layers in architecture order (core first).
 */
export * from "./core/index.js";
export * from "./nn/index.js";
export * from "./probes/index.js";
export * from "./diagnosis/index.js";
export * from "./theory/index.js";
export * from "./experiment/index.js";
export * from "./doctor/index.js";
export * from "./report/index.js";
