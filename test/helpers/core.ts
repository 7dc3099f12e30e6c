// Shared helpers of the core op tests: float64 tensors, random test points away from kinks,
// gradient-check and closeness assertions, ShapeError assertions.
import assert from "node:assert/strict";
import {
  Rng, ShapeError, gradCheck, tensor, type GradCheckOptions, type Tensor,
} from "../../src/core/index.js";

/** A float64 tensor from flat row-major values (default shape: a vector). */
export function f64(values: ArrayLike<number>, shape?: readonly number[]): Tensor {
  return tensor(values, shape, "float64");
}

/** A float32 tensor from flat row-major values (default shape: a vector). */
export function f32(values: ArrayLike<number>, shape?: readonly number[]): Tensor {
  return tensor(values, shape, "float32");
}

/** Number of elements of a shape. */
export function count(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * Uniform values in [lo, hi) that keep a distance > `margin` from every point of `avoid`
 * (kinks of relu, abs, clamp …): each draw too close is drawn again.
 */
export function awayFrom(rng: Rng, n: number, lo: number, hi: number, avoid: readonly number[] = [], margin = 1e-2): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const v = rng.uniformIn(lo, hi);
    if (avoid.every((k) => Math.abs(v - k) > margin)) out.push(v);
  }
  return out;
}

/** A float64 tensor of uniform values in [lo, hi) kept away from `avoid` (see awayFrom). */
export function randomF64(rng: Rng, shape: readonly number[], lo = -2, hi = 2, avoid: readonly number[] = [], margin = 1e-2): Tensor {
  return f64(awayFrom(rng, count(shape), lo, hi, avoid, margin), shape);
}

/** Values of magnitude in [lo, hi) with a random sign (e.g. divisors kept away from 0). */
export function signedMagnitudes(rng: Rng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * rng.uniformIn(lo, hi));
}

/**
 * n values, pairwise at least `gap` apart, in shuffled order: the grid k·gap·2 plus a jitter
 * below gap/2, shifted to be centred on 0. For max and maximum: no ties anywhere.
 */
export function distinctValues(rng: Rng, n: number, gap = 0.05): number[] {
  const perm = rng.permutation(n);
  return Array.from(perm, (k) => (k - n / 2) * 2 * gap + rng.uniformIn(0, gap / 2));
}

/** Asserts gradCheck passes; on failure the message shows the worst element. */
export function assertGradOk(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], label: string, options: GradCheckOptions = {}): void {
  const r = gradCheck(f, inputs, options);
  assert.ok(r.checked > 0 || inputs.every((x) => x.size === 0), `${label}: nothing was checked`);
  assert.ok(r.ok, `${label}: gradient check failed, max rel error ${r.maxRelError}, worst ${JSON.stringify(r.worst)}`);
}

/** Tolerances of assertClose: an element passes when |a−e| ≤ abs or |a−e| ≤ rel·|e|. */
export interface Tolerance {
  rel?: number;
  abs?: number;
}

/**
 * Elementwise closeness, with NaN matching NaN and infinities matching exactly
 * (default: rel 1e-12, abs 0).
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, tol: Tolerance = {}): void {
  const rel = tol.rel ?? 1e-12;
  const abs = tol.abs ?? 0;
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${label}[${i}]: got ${a}, expected NaN`);
      continue;
    }
    if (!Number.isFinite(e)) {
      assert.equal(a, e, `${label}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    const err = Math.abs(a - e);
    assert.ok(err <= abs || err <= rel * Math.abs(e), `${label}[${i}]: got ${a}, expected ${e} (error ${err})`);
  }
}

/** Asserts a tensor's shape and its elements (see assertClose). */
export function assertTensor(t: Tensor, shape: readonly number[], expected: ArrayLike<number>, label: string, tol: Tolerance = {}): void {
  assert.deepEqual([...t.shape], [...shape], `${label}: shape`);
  assertClose(t.data, expected, label, tol);
}

/** Asserts fn throws a ShapeError whose message contains every one of `parts`. */
export function assertShapeError(fn: () => unknown, parts: readonly string[], label = parts.join(" ")): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== null, `${label}: did not throw`);
  assert.ok(caught instanceof ShapeError, `${label}: threw ${String(caught)}, not a ShapeError`);
  for (const p of parts) {
    assert.ok(caught.message.includes(p), `${label}: message "${caught.message}" does not mention "${p}"`);
  }
}

/** Forgets the gradients of the given tensors (t.grad = null) so a test can start over. */
export function clearGrad(...ts: Tensor[]): void {
  for (const t of ts) t.grad = null;
}
