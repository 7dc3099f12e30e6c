import { GradscopeError } from "./errors.js";
import { Rng } from "./rng.js";
import { Tape } from "./tape.js";
import { copyOf, type Tensor } from "./tensor.js";

/** Settings of gradCheck: finite-difference step and pass tolerances. */
export interface GradCheckOptions {
  /** Central-difference step h: n = (f(x+h) − f(x−h)) / 2h. Default 1e-6. */
  eps?: number;
  /** Largest relative error |a−n| / max(1e-12, |a|+|n|) accepted. Default 1e-6. */
  rtol?: number;
  /** An element also passes when |a−n| ≤ atol (gradients that are ~0). Default 1e-9. */
  atol?: number;
  /** Seed of the random projection r that turns a tensor output into the scalar Σ r·f(x). */
  seed?: number;
}

/** The worst element found by gradCheck. */
export interface GradCheckWorst {
  input: number;
  index: number;
  analytic: number;
  numeric: number;
  relError: number;
}

/** Outcome of gradCheck: pass/fail, the largest errors, and the element that produced them. */
export interface GradCheckResult {
  ok: boolean;
  maxRelError: number;
  maxAbsError: number;
  checked: number;
  worst: GradCheckWorst | null;
}

/**
 * Compares the tape's gradient of L = Σ r ⊙ f(inputs) (r a fixed random tensor) with central
 * differences, element by element, in float64. Inputs must be float64 and away from kinks.
 *
 * @example
 * const x = tensor([0.3, -0.7], [2], "float64");
 * gradCheck((t) => tanh(t), [x]).ok; // true
 */
export function gradCheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradCheckOptions = {}): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  for (const x of inputs) {
    if (x.dtype !== "float64") throw new GradscopeError(`gradCheck: inputs must be float64, got ${x.dtype}`);
  }
  const rng = new Rng(options.seed ?? 12345);
  let weights: Float64Array | null = null;
  const project = (out: Tensor): number => {
    if (weights === null) weights = rng.uniformArray(out.size, -1, 1);
    const d = out.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += weights[i] * d[i];
    return s;
  };

  const tape = new Tape();
  const leaves = inputs.map((x) => copyOf(x).trainable());
  const analytic = tape.run(() => {
    const out = f(...leaves);
    project(out);
    const seed = copyOf(out);
    seed.data.set(weights as Float64Array);
    if (!out.requiresGrad) return leaves.map((l) => new Float64Array(l.size));
    tape.backward(out, seed);
    return leaves.map((l) => Float64Array.from(l.grad?.data ?? new Float64Array(l.size)));
  });
  tape.dispose();

  const result: GradCheckResult = { ok: true, maxRelError: 0, maxAbsError: 0, checked: 0, worst: null };
  const probe = new Tape();
  probe.run(() => {
    const work = inputs.map((x) => copyOf(x));
    work.forEach((w, i) => {
      for (let j = 0; j < w.size; j++) {
        const x0 = w.data[j];
        w.data[j] = x0 + eps;
        const up = project(f(...work));
        w.data[j] = x0 - eps;
        const down = project(f(...work));
        w.data[j] = x0;
        const numeric = (up - down) / (2 * eps);
        const a = analytic[i][j];
        const abs = Math.abs(a - numeric);
        const rel = abs / Math.max(1e-12, Math.abs(a) + Math.abs(numeric));
        result.checked++;
        result.maxAbsError = Math.max(result.maxAbsError, abs);
        // NOTE: written so that a NaN anywhere (analytic or numeric) fails and is reported as the worst.
        const failed = !(rel <= rtol || abs <= atol);
        if (failed) result.ok = false;
        if (rel > result.maxRelError || (Number.isNaN(rel) && !Number.isNaN(result.maxRelError))) {
          result.maxRelError = rel;
          result.worst = { input: i, index: j, analytic: a, numeric, relError: rel };
        }
      }
    });
  });
  probe.dispose();
  leaves.forEach((l) => {
    l.grad?.dispose();
    l.dispose();
  });
  return result;
}
