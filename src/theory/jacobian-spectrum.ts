import { GradscopeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { Tape } from "../core/tape.js";
import { tensor } from "../core/tensor.js";
import type { Network } from "../nn/network.js";
import type { NetworkSpec } from "../nn/network-spec.js";
import { chi1 } from "./depth-scales.js";
import { predictGains, withFrozenParameters } from "./gain-prediction.js";
import { networkMeanField } from "./init-variance.js";
import { singularValues } from "./svd.js";

/** J = ∂output/∂input at one input: [outputs, inputs], row-major, float64. */
export interface Jacobian {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * J = ∂y/∂x of a net at input x [inputs], measured by back-propagation: x is repeated into a
 * batch of `outputs` identical rows and the seed ∂L/∂y is the identity, so row k of ∂L/∂x is
 * ∂y_k/∂x (one forward and one backward pass). Evaluation mode; parameter gradients untouched.
 * Precision is the net's dtype (use a float64 net for checks).
 */
export function inputOutputJacobian(net: Network, x: ArrayLike<number>): Jacobian {
  const n = net.spec.inputs;
  const k = net.spec.outputs;
  if (x.length !== n) throw new GradscopeError(`inputOutputJacobian: the input has ${x.length} values, the net expects ${n}`);
  const xs = new Float64Array(k * n);
  for (let i = 0; i < k; i++) xs.set(Array.from(x), i * n);
  const eye = new Float64Array(k * k);
  for (let i = 0; i < k; i++) eye[i * k + i] = 1;
  return withFrozenParameters(net, () => {
    const tape = new Tape();
    try {
      const input = tape.run(() => tensor(xs, [k, n], net.dtype).trainable());
      const output = tape.run(() => net.forward(input, { training: false, rng: new Rng(0) }));
      tape.backward(output, tape.run(() => tensor(eye, [k, k], net.dtype)));
      return { rows: k, cols: n, data: Float64Array.from((input.grad as NonNullable<typeof input.grad>).data) };
    } finally {
      tape.dispose();
    }
  });
}

/** Singular values of a Jacobian and their summary. */
export interface JacobianSpectrum {
  /** Descending, min(rows, cols) of them. */
  singularValues: Float64Array;
  /** (1/k)·Σ s_i² = ‖J‖_F²/k: the mean squared singular value. */
  meanSquared: number;
  max: number;
  min: number;
  /** s_max/s_min (∞ when s_min = 0). */
  conditionNumber: number;
}

/** Summary statistics of a list of singular values. */
export function summarizeSpectrum(sv: Float64Array): JacobianSpectrum {
  const desc = Float64Array.from(sv).sort().reverse();
  let sq = 0;
  for (const s of desc) sq += s * s;
  const max = desc[0];
  const min = desc[desc.length - 1];
  return { singularValues: desc, meanSquared: sq / desc.length, max, min, conditionNumber: min === 0 ? Infinity : max / min };
}

/**
 * The singular value spectrum of the input–output Jacobian of a net at input x (default: a
 * seeded x ~ N(0, 1)). Dynamical isometry means all singular values near 1.
 *
 * @example
 * const s = jacobianSpectrum(new Network(spec, new Rng(1), "float64"));
 * s.meanSquared; s.conditionNumber;
 */
export function jacobianSpectrum(net: Network, x?: ArrayLike<number>): JacobianSpectrum {
  const input = x ?? new Rng(12345).normalArray(net.spec.inputs);
  const j = inputOutputJacobian(net, input);
  return summarizeSpectrum(singularValues(j.data, j.rows, j.cols));
}

/**
 * The mean-field mean squared singular value of J = W_head·D_L·W_L ⋯ D_1·W_1 for a spec at
 * input variance q_in: E‖J‖_F²/k = (outputs/k)·σ_head²·σ_{w,1}²·E[φ_L′(h_L)²]·Π_{l<L} χ_l, with
 * k = min(outputs, inputs) and χ_l as in predictGains (Π σ_w² for a deep linear net).
 */
export function predictedJacobianMeanSquared(spec: NetworkSpec, qIn = 1): number {
  const { layers, headSigmaW2 } = networkMeanField(spec);
  const { q, chi } = predictGains(layers, qIn);
  const last = layers.length - 1;
  const top = chi1({ activation: layers[last].activation, sigmaW2: headSigmaW2, sigmaB2: 0 }, q[last]);
  const product = chi.reduce((p, c) => p * c, top * layers[0].sigmaW2);
  return (spec.outputs / Math.min(spec.outputs, spec.inputs)) * product;
}
