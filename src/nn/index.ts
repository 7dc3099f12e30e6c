export type { Parameter, Buffer, ForwardContext, Module } from "./parameter.js";
export { activations, activationNames, activationEntry, resolveActivation, applyActivation, activationFunction, activationDerivative, type ActivationName, type ActivationSpec, type ActivationEntry } from "./activations.js";
export { initializers, initNames, initialize, validateInit, varianceScaling, type InitSpec, type InitName, type Initializer } from "./initializers.js";
export { Dense } from "./dense.js";
export { BatchNorm, LayerNorm, type Norm, type NormOptions } from "./normalization.js";
export { dropout } from "./dropout.js";
export { defaultNetworkSpec, uniformWidths, validateNetworkSpec, residualBlocks, type NetworkSpec, type NormSpec, type ResidualSpec, type NormPlacement } from "./network-spec.js";
export { Network, type LayerTrace, type ForwardTrace } from "./network.js";
export { losses, lossFunction, type LossName, type Targets } from "./losses.js";
