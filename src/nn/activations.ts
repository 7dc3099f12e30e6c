import { GradscopeError } from "../core/errors.js";
import type { UnaryKind } from "../core/kernels/kernels.js";
import { unaryDerivative, unaryForward } from "../core/kernels/reference/unary-functions.js";
import { unary } from "../core/ops/unary.js";
import type { Tensor } from "../core/tensor.js";

/** An activation by name, with its parameter where it has one (leaky ReLU's slope, ELU's α). */
export interface ActivationSpec {
  name: ActivationName;
  /** Leaky ReLU: negative slope (default 0.01). ELU: α (default 1). Ignored otherwise. */
  alpha?: number;
}

/** What the table knows of one activation family. */
export interface ActivationEntry {
  /** The core kernel that evaluates it. */
  readonly kind: UnaryKind;
  /** Default parameter (leaky ReLU slope, ELU α; 0 where unused). */
  readonly alpha: number;
  /** sup |φ'|: the reference for "saturated" (|φ'(h)| below 1% of it). */
  readonly maxDerivative: (alpha: number) => number;
  /** True for the ReLU family, whose units can die (zero for every example). */
  readonly canDie: boolean;
  /** One line for learners: why it vanishes or not. */
  readonly note: string;
}

/**
 * The activation families by the names that the config file, the CLI and the web page use.
 * "swish" is an alias of "silu" and "identity" of "linear".
 */
export const activations = {
  sigmoid: { kind: "sigmoid", alpha: 0, maxDerivative: () => 0.25, canDie: false, note: "saturates at both ends; σ' ≤ 1/4, so the backprop signal shrinks by ≥ 4× a layer unless weights compensate" },
  tanh: { kind: "tanh", alpha: 0, maxDerivative: () => 1, canDie: false, note: "saturates at ±1; near 0 it passes gradients unchanged" },
  relu: { kind: "relu", alpha: 0, maxDerivative: () => 1, canDie: true, note: "does not saturate for positive inputs (φ' = 1); units with only negative inputs die" },
  leakyRelu: { kind: "leakyRelu", alpha: 0.01, maxDerivative: (a) => Math.max(1, Math.abs(a)), canDie: false, note: "ReLU with a small slope below 0, so no unit dies completely" },
  elu: { kind: "elu", alpha: 1, maxDerivative: (a) => Math.max(1, Math.abs(a)), canDie: false, note: "smooth, negative values push mean activations toward 0" },
  selu: { kind: "selu", alpha: 0, maxDerivative: () => 1.0507009873554805 * 1.6732632423543772, canDie: false, note: "self-normalizing with LeCun-normal init" },
  gelu: { kind: "gelu", alpha: 0, maxDerivative: () => 1.1289, canDie: false, note: "x·Φ(x): a smooth ReLU" },
  silu: { kind: "silu", alpha: 0, maxDerivative: () => 1.0998, canDie: false, note: "x·σ(x) (swish): a smooth ReLU" },
  swish: { kind: "silu", alpha: 0, maxDerivative: () => 1.0998, canDie: false, note: "alias of silu" },
  softplus: { kind: "softplus", alpha: 0, maxDerivative: () => 1, canDie: false, note: "log(1 + eˣ): a smooth ReLU whose derivative is σ(x)" },
  hardTanh: { kind: "hardTanh", alpha: 0, maxDerivative: () => 1, canDie: false, note: "clamp to [−1, 1]: zero gradient outside" },
  linear: { kind: "identity", alpha: 0, maxDerivative: () => 1, canDie: false, note: "no nonlinearity: a deep linear net, gains multiply exactly" },
  identity: { kind: "identity", alpha: 0, maxDerivative: () => 1, canDie: false, note: "alias of linear" },
} as const satisfies Record<string, ActivationEntry>;

/** The names accepted for an activation. */
export type ActivationName = keyof typeof activations;

/** All accepted activation names, in table order. */
export const activationNames = Object.keys(activations) as ActivationName[];

/** Looks a name up, throwing an error that names the field and lists what is allowed. */
export function activationEntry(name: string, field = "activation"): ActivationEntry {
  if (!Object.hasOwn(activations, name)) {
    throw new GradscopeError(`${field}: "${name}" is not a known activation; allowed: ${activationNames.join(", ")}`);
  }
  return activations[name as ActivationName];
}

/** Normalizes a name or spec into a full spec with its parameter resolved. */
export function resolveActivation(spec: ActivationName | ActivationSpec | string, field = "activation"): Required<ActivationSpec> {
  const s: { name: string; alpha?: number } = typeof spec === "string" ? { name: spec } : spec;
  const entry = activationEntry(s.name, field);
  const alpha = s.alpha ?? entry.alpha;
  if (!Number.isFinite(alpha)) throw new GradscopeError(`${field}.alpha: ${alpha} is not a finite number`);
  return { name: s.name as ActivationName, alpha };
}

/** a = φ(h) elementwise on the tape. */
export function applyActivation(spec: Required<ActivationSpec>, h: Tensor): Tensor {
  return unary(activations[spec.name].kind, h, spec.alpha);
}

/** φ(x) as a scalar function (float64), for theory and tests. */
export function activationFunction(spec: Required<ActivationSpec>): (x: number) => number {
  const kind = activations[spec.name].kind;
  return (x) => unaryForward(kind, x, spec.alpha);
}

/** φ'(x) as a scalar function (float64), for theory and the saturation probe. */
export function activationDerivative(spec: Required<ActivationSpec>): (x: number) => number {
  const kind = activations[spec.name].kind;
  return (x) => unaryDerivative(kind, x, unaryForward(kind, x, spec.alpha), spec.alpha);
}
