import assert from "node:assert/strict";
import { test } from "node:test";
import { bivariateExpectation, gaussHermite, gaussianExpectation, integrate } from "../../src/theory/index.js";

/** An independent reference: the trapezoid rule for E[f(√q·z)] on z ∈ [−12, 12] (spectrally accurate for analytic f). */
function trapezoid(f: (u: number) => number, q: number, h = 1e-3): number {
  const n = Math.round(12 / h);
  let sum = 0;
  for (let i = -n; i <= n; i++) {
    const z = i * h;
    sum += (i === -n || i === n ? 0.5 : 1) * f(Math.sqrt(q) * z) * Math.exp(-0.5 * z * z);
  }
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected}: |Δ| = ${Math.abs(actual - expected)} > ${tol}`);

const doubleFactorial = (k: number): number => (k <= 1 ? 1 : k * doubleFactorial(k - 2));

test("Gauss–Hermite: weights sum to 1, moments E[z^2k] = (2k−1)!! up to degree 2n − 1, odd moments 0", () => {
  for (const n of [1, 2, 5, 16, 64, 128, 250, 400]) {
    const { nodes, weights } = gaussHermite(n);
    close(weights.reduce((s, w) => s + w, 0), 1, 1e-13, `n=${n} Σw`);
    for (let k = 1; 2 * k <= Math.min(2 * n - 1, 16); k++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += weights[i] * nodes[i] ** (2 * k);
      close(m / doubleFactorial(2 * k - 1), 1, 1e-12, `n=${n} E[z^${2 * k}]`);
    }
    let odd = 0;
    for (let i = 0; i < n; i++) odd += weights[i] * nodes[i] ** 3;
    close(odd, 0, 1e-13, `n=${n} E[z³]`);
    for (let i = 1; i < n; i++) assert.ok(nodes[i] > nodes[i - 1], `n=${n}: nodes ascending and distinct`);
  }
});

test("closed forms: E[z²] = 1, E[z⁴] = 3, E[cos(az)] = e^(−a²/2), under both rules", () => {
  for (const method of ["adaptive", "hermite"] as const) {
    close(gaussianExpectation((z) => z * z, 0, 1, { method }), 1, 1e-14, `${method} E[z²]`);
    close(gaussianExpectation((z) => z ** 4, 0, 1, { method }), 3, 1e-13, `${method} E[z⁴]`);
    for (const a of [0.5, 1, 2, 3, 5]) close(gaussianExpectation((z) => Math.cos(a * z), 0, 1, { method }), Math.exp(-0.5 * a * a), 1e-14, `${method} E[cos(${a}z)]`);
  }
  // Mean and scale: E[(m + s·z)²] = m² + s².
  close(gaussianExpectation((u) => u * u, 0.7, 1.3), 0.49 + 1.69, 1e-14);
  // A variance of zero is the point mass.
  assert.equal(gaussianExpectation((u) => u + 1, 2, 0), 3);
});

test("Gauss–Hermite agrees with a finer rule on smooth integrands", () => {
  const fs = [(u: number) => Math.tanh(u) ** 2, (u: number) => 1 / Math.cosh(u) ** 4, (u: number) => 1 / (1 + Math.exp(-u))];
  for (const f of fs) {
    // NOTE: tanh's poles at u = ±iπ/2 limit Gauss–Hermite as q grows (sech⁴ at q = 1: 7e-10 with
    // 96 nodes); at q ≤ 0.3 it is at rounding level.
    for (const q of [0.05, 0.1, 0.3]) {
      const coarse = gaussianExpectation(f, 0, Math.sqrt(q), { method: "hermite", nodes: 96 });
      const fine = gaussianExpectation(f, 0, Math.sqrt(q), { method: "hermite", nodes: 300 });
      close(coarse, fine, 1e-14, `q=${q}`);
    }
  }
});

test("adaptive rule: kinks split exactly (ReLU), narrow features resolved, matches a fine trapezoid rule", () => {
  const relu = (u: number) => Math.max(u, 0);
  for (const q of [1e-6, 0.3, 1, 7, 1e4]) {
    close(gaussianExpectation(relu, 0, Math.sqrt(q), { breakpoints: [0] }), Math.sqrt(q / (2 * Math.PI)), 1e-15 * Math.max(1, Math.sqrt(q)), `E[ReLU] q=${q}`);
    close(gaussianExpectation((u) => (u > 0 ? 1 : 0), 0, Math.sqrt(q), { breakpoints: [0] }), 0.5, 1e-15, `E[1{u>0}] q=${q}`);
  }
  // Without the breakpoint the adaptive rule still converges (the kink sits on a split at u = 0 anyway).
  close(gaussianExpectation(relu, 0, 1), 1 / Math.sqrt(2 * Math.PI), 1e-15);
  // A kink off-centre (hardTanh at ±1) and a mean shift.
  const hardTanh = (u: number) => Math.min(1, Math.max(-1, u));
  const p = (x: number) => 0.5 * (1 + erfApprox(x / Math.SQRT2));
  // E[hardTanh(u)²] = E[u²; |u|<1] + P(|u|≥1), u ~ N(0, 1).
  const inside = 2 * p(1) - 1 - 2 * Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
  close(gaussianExpectation((u) => hardTanh(u) ** 2, 0, 1, { breakpoints: [-1, 1] }), inside + 2 * (1 - p(1)), 1e-13, "hardTanh²");
  const sig = (u: number) => 1 / (1 + Math.exp(-u));
  const sigD2 = (u: number) => (sig(u) * (1 - sig(u))) ** 2;
  for (const [f, q] of [[(u: number) => Math.tanh(u) ** 2, 2.12], [(u: number) => Math.tanh(u) ** 2, 10], [sigD2, 128], [sigD2, 1e4]] as const) {
    const ref = trapezoid(f, q, 1e-4);
    close(gaussianExpectation(f, 0, Math.sqrt(q)), ref, 2e-15 + 1e-13 * ref, `q=${q}`);
  }
});

test("the Gauss–Kronrod panel integrates polynomials of degree ≤ 22 exactly", () => {
  for (let k = 0; k <= 22; k++) {
    const r = integrate((x) => x ** k, -1, 1, { maxPanels: 1 });
    close(r.value, k % 2 === 0 ? 2 / (k + 1) : 0, 1e-15, `∫x^${k}`);
  }
  // And adaptively: ∫₀^π sin = 2, ∫₀¹ √x = 2/3 (an endpoint singularity of the derivative).
  close(integrate(Math.sin, 0, Math.PI).value, 2, 1e-14);
  close(integrate(Math.sqrt, 0, 1, { epsRel: 1e-12 }).value, 2 / 3, 1e-12);
});

test("bivariate expectations match closed forms (Gaussian moments, orthant probability, the arc-cosine kernel)", () => {
  for (const c of [-0.9, -0.3, 0, 0.4, 0.95, 0.9999, 1]) {
    close(bivariateExpectation((a, b) => a * b, 1.7, 0.6, c), c * Math.sqrt(1.7 * 0.6), 1e-14, `E[u1u2] c=${c}`);
    close(bivariateExpectation((a, b) => (a > 0 && b > 0 ? 1 : 0), 2, 2, c, { breakpoints: [0] }), 0.25 + Math.asin(c) / (2 * Math.PI), 1e-12, `orthant c=${c}`);
    const q = 1.3;
    const arcCos = (q / (2 * Math.PI)) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
    close(bivariateExpectation((a, b) => Math.max(a, 0) * Math.max(b, 0), q, q, c, { breakpoints: [0] }), arcCos, 1e-13, `ReLU kernel c=${c}`);
  }
});

/** erf(x) by its Maclaurin series (converges fast for |x| ≤ 1, all this test needs). */
function erfApprox(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
