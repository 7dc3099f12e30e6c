import { GradscopeError } from "../core/errors.js";
import type { UnaryKind } from "../core/kernels/kernels.js";
import { activationDerivative, activationFunction, activations, resolveActivation, type ActivationName, type ActivationSpec } from "../nn/activations.js";
import { gaussianExpectation, type ExpectationOptions } from "./quadrature.js";

/**
 * A mean-field fully connected net (Poole et al. 2016; Schoenholz et al. 2017): weights
 * W_ij ~ N(0, σ_w²/N_in), biases b_i ~ N(0, σ_b²), h_l = W_l·φ(h_{l−1}) + b_l, in the limit of
 * infinite width, where each unit of h_l is Gaussian with variance q_l.
 */
export interface MeanFieldParams {
  /** φ: any name or spec of the activation table in nn/activations. */
  activation: ActivationName | ActivationSpec | string;
  /** σ_w²: the weight variance times fan-in. */
  sigmaW2: number;
  /** σ_b²: the bias variance. */
  sigmaB2: number;
  /** How the Gaussian expectations are computed (default: adaptive Gauss–Kronrod split at φ's kinks). */
  quadrature?: ExpectationOptions;
}

/** MeanFieldParams with φ, φ′ and the quadrature options resolved. */
export interface MeanField {
  readonly sigmaW2: number;
  readonly sigmaB2: number;
  readonly activation: Required<ActivationSpec>;
  /** φ(u), float64. */
  readonly phi: (u: number) => number;
  /** φ′(u), float64. */
  readonly dphi: (u: number) => number;
  /** Expectation options with φ's kinks as breakpoints. */
  readonly quadrature: ExpectationOptions;
}

/** Where φ or φ′ is not smooth, by kernel kind: the adaptive rule splits the integral there. */
const kinks: Partial<Record<UnaryKind, readonly number[]>> = {
  relu: [0], leakyRelu: [0], elu: [0], selu: [0], hardTanh: [-1, 1],
};

/**
 * q below which a Gaussian is treated as its q → 0⁺ limit in derivative quantities (χ₁, χ_q,
 * χ_c): at q* = 0 they are the limits a vanishing-variance net sees, e.g. ReLU χ₁ = σ_w²/2.
 */
export const Q_FLOOR = 1e-200;

/** Resolves an activation and checks σ_w², σ_b² ≥ 0. */
export function meanField(params: MeanFieldParams | MeanField): MeanField {
  if ("phi" in params) return params;
  const { sigmaW2, sigmaB2 } = params;
  if (!(sigmaW2 >= 0 && Number.isFinite(sigmaW2))) throw new GradscopeError(`theory.sigmaW2: ${sigmaW2} must be a finite number ≥ 0`);
  if (!(sigmaB2 >= 0 && Number.isFinite(sigmaB2))) throw new GradscopeError(`theory.sigmaB2: ${sigmaB2} must be a finite number ≥ 0`);
  const activation = resolveActivation(params.activation, "theory.activation");
  const breakpoints = [...(kinks[activations[activation.name].kind] ?? []), ...(params.quadrature?.breakpoints ?? [])];
  return {
    sigmaW2,
    sigmaB2,
    activation,
    phi: activationFunction(activation),
    dphi: activationDerivative(activation),
    quadrature: { ...params.quadrature, breakpoints },
  };
}

/** E[g(√q·z)], z ~ N(0, 1), with the model's quadrature. */
export function expectAt(model: MeanField, q: number, g: (u: number) => number): number {
  if (!(q >= 0)) throw new GradscopeError(`theory: variance q = ${q} must be ≥ 0`);
  return gaussianExpectation(g, 0, Math.sqrt(q), model.quadrature);
}

/** The variance map q_l = σ_w²·E[φ(√q_{l−1}·z)²] + σ_b². */
export function varianceMap(params: MeanFieldParams | MeanField, q: number): number {
  const model = meanField(params);
  const { phi } = model;
  return model.sigmaW2 * expectAt(model, q, (u) => phi(u) ** 2) + model.sigmaB2;
}

/** The first hidden layer's variance q₁ = σ_w²·q_in + σ_b², with q_in = ‖x‖²/N₀ (φ is not applied to the input). */
export function inputVariance(params: MeanFieldParams | MeanField, qIn: number): number {
  const model = meanField(params);
  return model.sigmaW2 * qIn + model.sigmaB2;
}

/** [q₁, …, q_L]: the pre-activation variance of each hidden layer, from the input's mean square q_in. */
export function varianceTrajectory(params: MeanFieldParams | MeanField, qIn: number, depth: number): number[] {
  const model = meanField(params);
  const q = [inputVariance(model, qIn)];
  for (let l = 1; l < depth; l++) q.push(varianceMap(model, q[l - 1]));
  return q;
}
