import { activationNames } from "../../nn/activations.js";
import { clipKinds } from "../../nn/clipping.js";
import { initNames } from "../../nn/initializers.js";
import { losses } from "../../nn/losses.js";
import { optimizerNames, type OptimizerName } from "../../nn/optim/index.js";
import { scheduleNames, type ScheduleName } from "../../nn/schedules.js";
import { dataFields } from "./data-fields.js";
import { engineNames, optimizerDefaults, scheduleDefaults } from "./defaults.js";
import type { BooleanField, Field, ListField, NameField, NumberField, ObjectField, TaggedField, UnionField } from "./fields.js";
import { layerShape, trainLength } from "./groups.js";

const num = (description: string, rule: Omit<NumberField, "kind" | "description"> = {}): NumberField => ({ kind: "number", description, ...rule });
const int = (description: string, min: number): NumberField => num(description, { integer: true, min });
const bool = (description: string): BooleanField => ({ kind: "boolean", description });
const names = (description: string, list: readonly string[]): NameField => ({ kind: "name", description, names: list });
const obj = (description: string, fields: Record<string, Field>, rest: Partial<ObjectField> = {}): ObjectField => ({ kind: "object", description, fields, ...rest });
const union = (description: string, ...options: Field[]): UnionField => ({ kind: "union", description, options });
const list = (description: string, item: Field, rest: Partial<ListField> = {}): ListField => ({ kind: "list", description, item, ...rest });

const rate = (description: string) => num(description, { min: 0, max: 1, maxOpen: true });
const nonNegative = (description: string) => num(description, { min: 0 });

const activationName = names("An activation by name (see the activation table).", activationNames);
const activationObject = obj("An activation with its parameter.", {
  name: activationName,
  alpha: num("Leaky ReLU: the negative slope (default 0.01); ELU: α (default 1); ignored otherwise."),
}, { required: ["name"] });
const activation = union("The hidden layers' activation: one for all, or a list with one per hidden layer.",
  activationName, activationObject, list("One activation per hidden layer, first to last.", union("An activation.", activationName, activationObject), { minItems: 1 }));

const initName = names("An initializer by name (see the initializer table).", initNames);
const initObject = obj("An initializer with its arguments; each argument has the initializer's default.", {
  name: initName,
  std: nonNegative("normal: standard deviation (default 1)."),
  limit: nonNegative("uniform: draws from [−limit, limit] (default 1)."),
  value: num("constant: the value; identity: c in W = c·I (default 1)."),
  gain: num("xavier*, orthogonal: multiplies the scale (default 1)."),
  mode: names("he*: the fan that sets the variance (default fanIn).", ["fanIn", "fanOut"]),
  slope: num("he*: the leaky-ReLU slope a in the gain √(2/(1+a²)) (default 0)."),
  sigmaW2: nonNegative("meanField: σ_w², the weight variance times fan_in (default 1)."),
  sigmaB2: nonNegative("meanField as biasInit: σ_b², the bias variance (default 0)."),
}, { required: ["name"] });
const init = (description: string) => union(description, initName, initObject);

const model = obj("The network: hidden layers as depth × width or a widths list, and how they are built and initialized.", {
  depth: int("Number of hidden layers (with width; leave out when giving widths).", 1),
  width: int("Units in each hidden layer (with depth; leave out when giving widths).", 1),
  widths: list("Hidden layer widths, first to last; replaces depth and width.", int("Units in one hidden layer.", 1), { minItems: 1 }),
  activation,
  init: init("Initializer of the hidden layers' weights."),
  headInit: union("Initializer of the output layer's weight; null: the same as init.", { kind: "null", description: "The same as init." }, initName, initObject),
  biasInit: init("Initializer of the biases."),
  bias: bool("Whether the layers have biases."),
  norm: obj("Normalization in every hidden layer.", {
    kind: names("none, batch or layer normalization.", ["none", "batch", "layer"]),
    placement: names("On the pre-activation h (before) or on φ(h) (after).", ["before", "after"]),
    eps: num("ε added to the variance.", { min: 0, minOpen: true }),
    momentum: num("Batch norm's running-average momentum.", { min: 0, max: 1 }),
    affine: bool("Learned scale and shift after normalizing."),
  }),
  residual: obj("Skip connections around blocks of hidden layers: out = P·u + scale·F(u).", {
    every: int("Hidden layers per residual block (0: no skip connections).", 0),
    scale: union("The branch scale.", num("A fixed branch scale."), names("1/√(number of blocks).", ["invSqrtDepth"])),
    norm: names("One normalization per block: none, pre (of the branch input) or post (of the sum).", ["none", "pre", "post"]),
    projection: bool("Project the skip with a bias-free linear map where a block changes width."),
  }),
  dropout: rate("Dropout rate after each hidden layer."),
}, { groups: layerShape });

const momentum = nonNegative("Momentum μ.");
const weightDecay = nonNegative("Weight decay λ, applied to weights only.");
const adamFields = {
  betas: list("(β₁, β₂), the moment decay rates.", rate("A decay rate."), { minItems: 2, maxItems: 2 }),
  eps: nonNegative("ε added to the root."),
  weightDecay,
  amsgrad: bool("Normalize by the running maximum of the second moment (AMSGrad)."),
};
const optimizerVariants: Record<OptimizerName, { description: string; fields: Record<string, Field> }> = {
  sgd: {
    description: "Stochastic gradient descent, as torch.optim.SGD.",
    fields: {
      momentum,
      dampening: num("Dampening τ of the momentum buffer.", { min: 0, max: 1 }),
      nesterov: bool("Nesterov momentum (needs momentum > 0 and dampening 0)."),
      weightDecay,
      decoupledWeightDecay: bool("Decoupled weight decay (SGDW) instead of PyTorch's coupled one."),
    },
  },
  rmsprop: {
    description: "RMSprop, as torch.optim.RMSprop.",
    fields: { alpha: num("Smoothing constant α of the squared-gradient average.", { min: 0, max: 1 }), eps: nonNegative("ε added to the root."), momentum, centered: bool("Divide by the estimated std instead of the RMS."), weightDecay },
  },
  adam: { description: "Adam, as torch.optim.Adam (coupled weight decay).", fields: adamFields },
  adamw: { description: "AdamW, as torch.optim.AdamW (decoupled weight decay).", fields: adamFields },
};

const optimizer: TaggedField = {
  kind: "tagged",
  description: "The update rule by name with its options (PyTorch's defaults), and the base learning rate.",
  tag: "name",
  common: { lr: nonNegative("Base learning rate, shaped over the steps by the schedule.") },
  variants: Object.fromEntries(optimizerNames.map((n) => [n, { ...optimizerVariants[n], defaults: optimizerDefaults[n] }])),
};

const scheduleVariants: Record<ScheduleName, { description: string; fields: Record<string, Field>; required?: string[] }> = {
  constant: { description: "lr = base lr (after the warm-up).", fields: {} },
  linearWarmup: { description: "The warm-up alone (needs warmupSteps ≥ 1), then the base lr.", fields: {} },
  step: { description: "StepLR: multiply by gamma every stepSize steps.", fields: { stepSize: int("Steps between decays.", 1), gamma: nonNegative("The decay factor γ.") }, required: ["stepSize"] },
  cosine: { description: "Cosine annealing from the base lr to minLr at totalSteps.", fields: { totalSteps: int("The step at which the lr reaches minLr (counted from 0, including the warm-up).", 1), minLr: nonNegative("The final lr.") }, required: ["totalSteps"] },
};

const schedule: TaggedField = {
  kind: "tagged",
  description: "The learning-rate schedule by name, optionally after a linear warm-up.",
  tag: "name",
  common: {
    warmupSteps: int("Linear warm-up steps before the schedule (0: none).", 0),
    warmupStartFactor: num("The warm-up starts at this fraction of the base lr.", { min: 0, max: 1 }),
  },
  variants: Object.fromEntries(scheduleNames.map((n) => [n, { ...scheduleVariants[n], defaults: scheduleDefaults[n] }])),
};

/** The field tree of the experiment config: what every field accepts, with a description. */
export const experimentFields: ObjectField = obj("A gradscope experiment: data, model, training and probes, every field with a default.", {
  seed: num("Seed of the data, the weights, the batches and dropout: the same config gives the same run.", { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }),
  data: dataFields,
  model,
  loss: names("The loss (see the loss table).", Object.keys(losses)),
  optimizer,
  schedule,
  clip: union("Gradient clipping, or null for none.", { kind: "null", description: "No clipping." }, obj("A clipping rule.", {
    kind: names("value: each element to [−threshold, threshold]; norm: each tensor's L2 norm; globalNorm: the L2 norm of all gradients.", clipKinds),
    threshold: nonNegative("The clipping threshold."),
  }, { required: ["kind", "threshold"] })),
  regularization: obj("Penalties on the weights (never biases or normalization parameters).", {
    l1: nonNegative("λ₁ of the L1 term λ₁·Σ|w|."),
    l2: nonNegative("λ₂ of the L2 term (λ₂/2)·Σw²."),
  }),
  train: obj("How long to train (steps or epochs, one only), the batch size and the evaluation cadence.", {
    steps: int("Training steps (one minibatch each).", 1),
    epochs: int("Passes over the training split; replaces steps.", 1),
    batch: int("Minibatch size.", 1),
    evalEvery: int("Evaluate on the test split every this many steps (0: only at the end).", 0),
  }, { groups: trainLength }),
  probes: obj("What the probes record and how often.", {
    every: int("Record step 1 and every step divisible by this.", 1),
    histogram: obj("Activation histograms: bins equal bins over [lo, hi), plus under- and overflow.", {
      bins: int("Number of inner bins.", 1),
      lo: num("Lower edge."),
      hi: num("Upper edge (> lo)."),
    }),
    sentinel: bool("Stop the run at the first NaN or ±Inf."),
  }),
  engine: names("The compute engine: WebAssembly (auto, simd, relaxed-simd) or the TypeScript reference kernels.", engineNames),
});
