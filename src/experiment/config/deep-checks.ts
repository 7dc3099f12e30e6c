import { GradscopeError } from "../../core/errors.js";
import { clipGradients } from "../../nn/clipping.js";
import { validateNetworkSpec } from "../../nn/network-spec.js";
import { createOptimizer, type OptimizerSpec } from "../../nn/optim/index.js";
import { validateSchedule } from "../../nn/schedules.js";
import { histogramEdges } from "../../probes/histogram.js";
import { resolveOptions } from "../datasets/options.js";
import { datasets, isDatasetName } from "../datasets/table.js";
import { hiddenWidths, toNetworkSpec } from "./adapters.js";
import type { Report } from "./fields.js";
import type { ExperimentConfig } from "./types.js";

/**
 * The rules that live with the code that uses them, one check per section, each by the nn or
 * probes validator itself: activation list length, residual blocks, init arguments (model);
 * Nesterov's needs (optimizer); required schedule fields and their order; a batch of ≥ 2 for
 * batch norm (train); histogram edges; the data set's options (by the datasets module's own
 * resolver).
 */
const sectionChecks: Record<string, (c: ExperimentConfig) => void> = {
  // NOTE: the input width is unknown until the data is loaded; the first hidden width stands in,
  // so that a residual block without projection is judged on the hidden layers alone.
  model: (c) => validateNetworkSpec(toNetworkSpec(c, hiddenWidths(c.model)[0] ?? 1, 2), "model"),
  optimizer: (c) => {
    const { lr: _lr, ...spec } = c.optimizer;
    createOptimizer(spec as OptimizerSpec, "optimizer");
  },
  schedule: (c) => validateSchedule(c.schedule, "schedule"),
  // NOTE: batch norm in training normalizes by the batch's own statistics, which one example cannot give.
  train: (c) => {
    if (c.model.norm.kind === "batch" && c.train.batch < 2) {
      throw new GradscopeError(`train.batch: ${c.train.batch} is not allowed with model.norm.kind "batch"; expected at least 2 (batch statistics need two examples), or layer norm`);
    }
  },
  clip: (c) => {
    if (c.clip !== null) clipGradients([], c.clip, "clip");
  },
  probes: (c) => histogramEdges(c.probes.histogram),
  data: (c) => {
    const { name, testFraction: _t, stratify: _s, standardize: _z, ...options } = c.data;
    if (isDatasetName(name)) resolveOptions(name, datasets[name].options, options);
  },
};

/** Runs the section checks of every section without a problem so far (`skip`), reporting the first problem of each with its path. */
export function deepChecks(config: ExperimentConfig, skip: (section: string) => boolean, report: Report): void {
  for (const [section, check] of Object.entries(sectionChecks)) {
    if (skip(section)) continue;
    try {
      check(config);
    } catch (e) {
      if (!(e instanceof GradscopeError)) throw e;
      const colon = e.message.indexOf(": ");
      report(colon > 0 && e.message.startsWith(section) ? e.message.slice(0, colon) : section, e.message);
    }
  }
}
