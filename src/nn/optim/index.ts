import { GradscopeError } from "../../core/errors.js";
import { Adam, AdamW, type AdamOptions } from "./adam.js";
import { checkName } from "./check.js";
import type { Optimizer } from "./optimizer.js";
import { Rmsprop, type RmspropOptions } from "./rmsprop.js";
import { Sgd, type SgdOptions } from "./sgd.js";

export { Adam, AdamW, type AdamOptions } from "./adam.js";
export { Rmsprop, type RmspropOptions } from "./rmsprop.js";
export { Sgd, type SgdOptions } from "./sgd.js";
export { BaseOptimizer, UPDATE_SUMS, UpdateSum, type Optimizer, type OptimizerStateDict, type ParamState } from "./optimizer.js";

/** The optimizer families by config name: each builds an optimizer from its options and the config path of those options. */
export const optimizers = {
  /** θ ← θ − lr·d, d = g (+ λθ) with optional (Nesterov) momentum; see Sgd. */
  sgd: (options: SgdOptions, field: string): Optimizer => new Sgd(options, field),
  /** θ ← θ − lr·d/(√E[d²] + ε), optionally centered and with momentum; see Rmsprop. */
  rmsprop: (options: RmspropOptions, field: string): Optimizer => new Rmsprop(options, field),
  /** Bias-corrected first and second moments, coupled weight decay; see Adam. */
  adam: (options: AdamOptions, field: string): Optimizer => new Adam(options, field),
  /** Adam with decoupled weight decay θ ← θ·(1 − lr·λ); see AdamW. */
  adamw: (options: AdamOptions, field: string): Optimizer => new AdamW(options, field),
} as const;

/** The accepted optimizer names. */
export type OptimizerName = keyof typeof optimizers;

/** All optimizer names, in table order. */
export const optimizerNames = Object.keys(optimizers) as OptimizerName[];

/** An optimizer by name with its options (the `optimizer` section of the experiment config, learning rate aside). */
export type OptimizerSpec =
  | ({ name: "sgd" } & SgdOptions)
  | ({ name: "rmsprop" } & RmspropOptions)
  | ({ name: "adam" } & AdamOptions)
  | ({ name: "adamw" } & AdamOptions);

/**
 * Builds the optimizer a spec names (a bare name takes every default). An unknown name, or an
 * option out of range, raises a GradscopeError naming `field` (e.g. "optimizer.name",
 * "optimizer.betas[1]") and what is allowed.
 *
 * @example
 * const opt = createOptimizer({ name: "adamw", weightDecay: 0.05 });
 * opt.step(net.parameters(), 1e-3);
 */
export function createOptimizer(spec: OptimizerSpec | OptimizerName, field = "optimizer"): Optimizer {
  const s = typeof spec === "string" ? { name: spec } : spec;
  if (s === null || typeof s !== "object") throw new GradscopeError(`${field}: ${JSON.stringify(s)} is not an optimizer spec; expected { name, ...options }`);
  const name = checkName(`${field}.name`, s.name, optimizers, "optimizer");
  return optimizers[name](s as never, field);
}
