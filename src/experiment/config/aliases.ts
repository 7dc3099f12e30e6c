/** A short flag: the config path its value sets, fixed values it sets beside it, and one line of help. */
export interface FlagAlias {
  path: string;
  /** Other paths set to fixed values along with it (--clip-norm also sets clip.kind). */
  also?: Readonly<Record<string, string>>;
  help: string;
}

/**
 * The short flags the CLI exposes, by flag name (without "--"); any other field is set by its
 * dotted path (--model.norm.placement after). The web page uses the same table.
 */
export const flagAliases: Readonly<Record<string, FlagAlias>> = {
  depth: { path: "model.depth", help: "hidden layers" },
  width: { path: "model.width", help: "units per hidden layer" },
  activation: { path: "model.activation", help: "activation name, or one per layer: tanh,relu,…" },
  init: { path: "model.init", help: "weight initializer name" },
  norm: { path: "model.norm.kind", help: "none, batch or layer normalization" },
  residual: { path: "model.residual.every", help: "a skip connection around every K hidden layers (0: none)" },
  lr: { path: "optimizer.lr", help: "base learning rate" },
  optimizer: { path: "optimizer.name", help: "sgd, rmsprop, adam or adamw" },
  steps: { path: "train.steps", help: "training steps" },
  batch: { path: "train.batch", help: "minibatch size" },
  seed: { path: "seed", help: "seed of data, weights, batches and dropout" },
  data: { path: "data.name", help: "data set name" },
  "clip-norm": { path: "clip.threshold", also: { "clip.kind": "globalNorm" }, help: "clip the global gradient norm to X" },
  "clip-value": { path: "clip.threshold", also: { "clip.kind": "value" }, help: "clip every gradient element to [−X, X]" },
  l2: { path: "regularization.l2", help: "L2 penalty (X/2)·Σw² on the weights" },
  engine: { path: "engine", help: "wasm, simd, relaxed-simd or reference" },
};
