import type { NetworkSpec } from "../../nn/network-spec.js";
import type { OptimizerSpec } from "../../nn/optim/index.js";
import type { RecorderOptions } from "../../probes/recorder.js";
import type { TrainingSpec } from "../trainer.js";
import type { ExperimentConfig, ModelConfig } from "./types.js";

/** The hidden widths, first to last: the widths list, or depth copies of width. */
export function hiddenWidths(model: ModelConfig): number[] {
  if (model.widths !== undefined) return [...model.widths];
  return new Array<number>(model.depth ?? 0).fill(model.width ?? 0);
}

/**
 * The NetworkSpec of a config's model for data with `inputs` features and `outputs` classes.
 *
 * @example
 * const net = new Network(toNetworkSpec(config, data.features, data.classes), rng);
 */
export function toNetworkSpec(config: ExperimentConfig, inputs: number, outputs: number): NetworkSpec {
  const m = structuredClone(config.model);
  return {
    inputs,
    outputs,
    widths: hiddenWidths(m),
    activation: m.activation,
    init: m.init,
    ...(m.headInit === null ? {} : { headInit: m.headInit }),
    biasInit: m.biasInit,
    bias: m.bias,
    norm: m.norm,
    residual: m.residual,
    dropout: m.dropout,
  };
}

/** The Trainer's TrainingSpec of a config: loss, optimizer (its options without lr), lr, schedule, clip, regularization. */
export function toTrainingSpec(config: ExperimentConfig): TrainingSpec {
  const { lr, ...optimizer } = structuredClone(config.optimizer);
  return {
    loss: config.loss,
    optimizer: optimizer as OptimizerSpec,
    lr,
    schedule: structuredClone(config.schedule),
    clip: config.clip === null ? null : { ...config.clip },
    regularization: { ...config.regularization },
  };
}

/** The probes' RecorderOptions of a config. */
export function toRecorderOptions(config: ExperimentConfig): RecorderOptions {
  const p = config.probes;
  return { every: p.every, histogram: { ...p.histogram }, sentinel: p.sentinel };
}
