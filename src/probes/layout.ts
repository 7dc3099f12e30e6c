import type { Tensor } from "../core/tensor.js";
import { activations } from "../nn/activations.js";
import type { Network } from "../nn/network.js";
import type { Optimizer } from "../nn/optim/optimizer.js";
import type { Parameter } from "../nn/parameter.js";
import type { LayerInfo } from "./recording.js";

/**
 * What the probes observe: a network and the parameters its optimizer updates, in the optimizer's
 * order, and that optimizer where it can report its update sums (a Trainer is one).
 */
export interface Observed {
  readonly net: Network;
  readonly parameters: readonly Parameter[];
  readonly optimizer?: Optimizer;
}

/** A parameter as the probes see it: hidden layer l (1-based; 0 outside the hidden layers) and its role there. */
export interface ProbedParameter {
  readonly name: string;
  /** "grad." + name: the sentinel's name of its gradient. */
  readonly gradName: string;
  readonly value: Tensor;
  readonly layer: number;
  /** "weight" = W_l, "bias" = b_l of hidden layer l's dense map; "other" (norms, projections, head). */
  readonly role: "weight" | "bias" | "other";
}

/** Per hidden layer: activation name, sup|φ'| and whether its units can die. */
export function layerInfoOf(net: Network): LayerInfo[] {
  return net.layers.map(({ activation }) => {
    const entry = activations[activation.name];
    return { activation: activation.name, maxDerivative: entry.maxDerivative(activation.alpha), canDie: entry.canDie };
  });
}

/** The parameters in optimizer order, each tagged with its hidden layer and role (from the tensors, not the names). */
export function probedParameters({ net, parameters }: Observed): ProbedParameter[] {
  return parameters.map(({ name, value }) => {
    const gradName = `grad.${name}`;
    const l = net.layers.findIndex(({ dense }) => dense.weight === value || dense.bias === value);
    if (l >= 0) return { name, gradName, value, layer: l + 1, role: net.layers[l].dense.weight === value ? "weight" : "bias" };
    const m = /^layers\.(\d+)\./.exec(name);
    return { name, gradName, value, layer: m === null ? 0 : Number(m[1]) + 1, role: "other" };
  });
}
