import type { DType } from "../core/dtype.js";
import { Rng } from "../core/rng.js";
import { Tape } from "../core/tape.js";
import { tensor } from "../core/tensor.js";
import { Network } from "../nn/network.js";
import type { NetworkSpec } from "../nn/network-spec.js";
import { chi1 } from "./depth-scales.js";
import { networkMeanField, type LayerMeanField } from "./init-variance.js";
import type { ExpectationOptions } from "./quadrature.js";
import { varianceMap } from "./variance-map.js";

/** The mean-field prediction along the actual depth of a net, from the input's variance. */
export interface GainPrediction {
  /** q_l = E[h_l²] per unit, l = 1…L: q₁ = σ_{w,1}²·q_in + σ_{b,1}², then the variance map. */
  q: number[];
  /** χ_l = σ_{w,l+1}²·E[φ_l′(√q_l·z)²] = predicted ‖δ_l‖²/‖δ_{l+1}‖², l = 1…L−1. */
  chi: number[];
  /** √χ_l = predicted per-layer gain ‖δ_l‖/‖δ_{l+1}‖, l = 1…L−1. */
  gain: number[];
  /** (Π gain_l)^(1/(L−1)): the geometric-mean per-layer gain. */
  geometricMeanGain: number;
}

/**
 * Predicted per-layer gains of the backprop signal: with δ_l = φ′(h_l) ⊙ W_{l+1}ᵀδ_{l+1} and
 * W_{l+1} independent of δ_{l+1} (the mean-field gradient-independence assumption),
 * E‖δ_l‖² = σ_{w,l+1}²·E[φ_l′(√q_l·z)²]·‖δ_{l+1}‖², evaluated at each layer's own q_l (not at q*).
 * Valid when ∂L/∂output does not depend on the net (e.g. a fixed random linear read-out).
 */
export function predictGains(layers: readonly LayerMeanField[], qIn: number, quadrature?: ExpectationOptions): GainPrediction {
  // q_l = σ_{w,l}²·E[φ_{l−1}(√q_{l−1}·z)²] + σ_{b,l}²: layer l's weights and biases, layer l−1's φ.
  const q: number[] = [];
  layers.forEach((layer, l) => {
    const { sigmaW2, sigmaB2 } = layer;
    q.push(l === 0 ? sigmaW2 * qIn + sigmaB2 : varianceMap({ activation: layers[l - 1].activation, sigmaW2, sigmaB2, quadrature }, q[l - 1]));
  });
  const chi = q.slice(0, -1).map((ql, l) => chi1({ activation: layers[l].activation, sigmaW2: layers[l + 1].sigmaW2, sigmaB2: 0, quadrature }, ql));
  const gain = chi.map(Math.sqrt);
  return { q, chi, gain, geometricMeanGain: geometricMean(gain) };
}

/** (Π x_i)^(1/n) via the mean of logs (NaN for an empty list). */
export function geometricMean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/**
 * The predicted depth profile ‖δ_l‖, l = 1…L, anchored at ‖δ_L‖ = lastDelta on the output side:
 * ‖δ_l‖ = ‖δ_L‖ · Π_{k=l}^{L−1} gain_k.
 */
export function predictedProfile(gain: readonly number[], lastDelta: number): number[] {
  const out = new Array<number>(gain.length + 1);
  out[gain.length] = lastDelta;
  for (let l = gain.length - 1; l >= 0; l--) out[l] = out[l + 1] * gain[l];
  return out;
}

/** What one backward pass measured at initialization. */
export interface GainMeasurement {
  /** ‖δ_l‖ = ‖∂L/∂h_l‖ over the whole batch, l = 1…L. */
  deltaNorms: number[];
  /** ‖δ_l‖/‖δ_{l+1}‖, l = 1…L−1. */
  gain: number[];
  /** Mean of h_l² over batch and units, l = 1…L (the measured q_l). */
  q: number[];
  geometricMeanGain: number;
}

/**
 * Measures ‖δ_l‖ of a net on a Gaussian batch x ~ N(0, q_in) [batch, inputs] with the loss
 * L = Σ r ⊙ output, r ~ N(0, 1) [batch, outputs] fixed (a random linear read-out, whose
 * gradient r does not depend on the net, as the theory assumes). Evaluation mode; the
 * parameters' gradients are left untouched.
 */
export function measureGains(net: Network, options: { batch?: number; qIn?: number; seed?: number } = {}): GainMeasurement {
  const batch = options.batch ?? 256;
  const rng = new Rng(options.seed ?? 0);
  const x = rng.normalArray(batch * net.spec.inputs, 0, Math.sqrt(options.qIn ?? 1));
  const r = rng.normalArray(batch * net.spec.outputs);
  return withFrozenParameters(net, () => {
    const tape = new Tape();
    try {
      const trace = tape.run(() => net.forwardTrace(tensor(x, [batch, net.spec.inputs], net.dtype).trainable(), { training: false, rng }));
      tape.backward(trace.output, tape.run(() => tensor(r, trace.output.shape, net.dtype)));
      const deltaNorms = trace.layers.map((t) => Math.sqrt(sumOfSquares((t.pre.grad as NonNullable<typeof t.pre.grad>).data)));
      const q = trace.layers.map((t) => sumOfSquares(t.pre.data) / t.pre.size);
      const gain = deltaNorms.slice(0, -1).map((d, l) => d / deltaNorms[l + 1]);
      return { deltaNorms, gain, q, geometricMeanGain: geometricMean(gain) };
    } finally {
      tape.dispose();
    }
  });
}

/** Runs fn with every parameter's requiresGrad off (so backward leaves their .grad alone), then restores it. */
export function withFrozenParameters<T>(net: Network, fn: () => T): T {
  const params = net.parameters().map((p) => p.value);
  const saved = params.map((p) => p.requiresGrad);
  params.forEach((p) => (p.requiresGrad = false));
  try {
    return fn();
  } finally {
    params.forEach((p, i) => (p.requiresGrad = saved[i]));
  }
}

function sumOfSquares(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

/** One hidden layer l of the side-by-side table. */
export interface GainRow {
  layer: number;
  qPredicted: number;
  qMeasured: number;
  /** ‖δ_l‖/‖δ_{l+1}‖ predicted and measured; null for the last hidden layer. */
  gainPredicted: number | null;
  gainMeasured: number | null;
}

/** Predicted vs measured per-layer gains of one freshly initialized net. */
export interface GainComparison {
  rows: GainRow[];
  geometricMeanGain: { predicted: number; measured: number };
  /** measured/predicted − 1 of the geometric-mean gain. */
  relativeError: number;
  /** The loss the measurement used. */
  readout: string;
}

/**
 * Builds the net of `spec` at initialization (seeded), measures its per-layer gains on a
 * Gaussian batch under a fixed random linear read-out, and puts the mean-field prediction
 * (from the spec's σ_w², σ_b² and the input variance q_in) beside them.
 *
 * @example
 * const cmp = predictVsMeasured({ ...defaultNetworkSpec, inputs: 256, outputs: 10, widths: uniformWidths(30, 256), activation: "relu", init: "heNormal" });
 * cmp.geometricMeanGain; // { predicted: 1, measured: ≈ 1 }
 */
export function predictVsMeasured(
  spec: NetworkSpec,
  options: { seed?: number; batch?: number; qIn?: number; dtype?: DType; quadrature?: ExpectationOptions } = {},
): GainComparison {
  const qIn = options.qIn ?? 1;
  const { layers } = networkMeanField(spec);
  const predicted = predictGains(layers, qIn, options.quadrature);
  const seed = options.seed ?? 0;
  const net = new Network(spec, new Rng(seed), options.dtype ?? "float32");
  try {
    const measured = measureGains(net, { batch: options.batch, qIn, seed: seed + 1 });
    const rows = predicted.q.map((q, l) => ({
      layer: l + 1,
      qPredicted: q,
      qMeasured: measured.q[l],
      gainPredicted: l < predicted.gain.length ? predicted.gain[l] : null,
      gainMeasured: l < measured.gain.length ? measured.gain[l] : null,
    }));
    const geometricMeanGain = { predicted: predicted.geometricMeanGain, measured: measured.geometricMeanGain };
    return {
      rows,
      geometricMeanGain,
      relativeError: geometricMeanGain.measured / geometricMeanGain.predicted - 1,
      readout: "L = Σ r ⊙ output with fixed r ~ N(0, 1): ∂L/∂output = r does not depend on the net",
    };
  } finally {
    net.dispose();
  }
}
