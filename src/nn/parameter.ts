import type { Tensor } from "../core/tensor.js";

/**
 * A trainable tensor with its PyTorch-style name (e.g. "layers.3.weight", see shared/DESIGN.md)
 * and whether weight decay and L1/L2 penalties apply to it (weights: yes; biases and
 * normalization parameters: no).
 */
export interface Parameter {
  readonly name: string;
  readonly value: Tensor;
  readonly decay: boolean;
}

/** A non-trainable tensor a module keeps between steps (batch norm's running mean and variance). */
export interface Buffer {
  readonly name: string;
  readonly value: Tensor;
}

/** What every layer gets at forward time: training or evaluation mode, and the seeded generator (dropout). */
export interface ForwardContext {
  readonly training: boolean;
  readonly rng: import("../core/rng.js").Rng;
}

/** A layer or network: a function of its input with named parameters and buffers. */
export interface Module {
  forward(x: Tensor, ctx: ForwardContext): Tensor;
  parameters(): Parameter[];
  buffers(): Buffer[];
}
