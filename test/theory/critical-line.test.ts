import assert from "node:assert/strict";
import { test } from "node:test";
import { chi1, criticalLine, criticalSigmaW2, varianceFixedPoint } from "../../src/theory/index.js";

/**
 * An independent evaluation of the tanh critical point at one σ_b²: trapezoid rule on
 * z ∈ [−12, 12] with h = 2e-3 (spectrally accurate: the integrands are analytic in a strip),
 * q* by bisection on V(q) − q, σ_w² by bisection on χ₁ − 1. No code shared with src/theory.
 */
function tanhCriticalByTrapezoid(sigmaB2: number): number {
  const h = 2e-3, n = Math.round(12 / h);
  const mean = (f: (u: number) => number, q: number) => {
    let s = 0;
    for (let i = -n; i <= n; i++) s += f(Math.sqrt(q) * i * h) * Math.exp(-0.5 * (i * h) ** 2);
    return (s * h) / Math.sqrt(2 * Math.PI);
  };
  const bisect = (f: (x: number) => number, lo: number, hi: number) => {
    const flo = f(lo);
    for (let k = 0; k < 60; k++) {
      const mid = 0.5 * (lo + hi);
      if (f(mid) * flo > 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  const qStar = (w: number) => bisect((q) => w * mean((u) => Math.tanh(u) ** 2, q) + sigmaB2 - q, 1e-6, 10);
  return bisect((w) => w * mean((u) => 1 / Math.cosh(u) ** 4, qStar(w)) - 1, 1.01, 3);
}

test("tanh critical line: σ_w² = 1 at σ_b² = 0", () => {
  const p = criticalSigmaW2("tanh", 0);
  // NOTE: above σ_w² = 1, χ₁ − 1 grows only like (σ_w² − 1)², so the root is located to ~1e-7.
  assert.ok(Math.abs(p.sigmaW2 - 1) < 1e-6, `σ_w² = ${p.sigmaW2}`);
  assert.equal(p.kind, "crossing");
  assert.ok(Math.abs(chi1({ activation: "tanh", sigmaW2: 1, sigmaB2: 0 }, 0) - 1) < 1e-15);
});

test("tanh critical line at σ_b² = 0.05: ≈ 1.76 (Schoenholz et al. 2017, Fig. 1) and equal to an independent evaluation", () => {
  const p = criticalSigmaW2("tanh", 0.05);
  assert.ok(p.sigmaW2 > 1.7 && p.sigmaW2 < 1.82, `σ_w² = ${p.sigmaW2}`);
  const reference = tanhCriticalByTrapezoid(0.05);
  assert.ok(Math.abs(p.sigmaW2 - reference) < 1e-10, `${p.sigmaW2} vs trapezoid ${reference}: Δ = ${p.sigmaW2 - reference}`);
  assert.ok(Math.abs(p.residual) < 1e-12);
  const q = varianceFixedPoint({ activation: "tanh", sigmaW2: p.sigmaW2, sigmaB2: 0.05 }).value;
  assert.ok(Math.abs(chi1({ activation: "tanh", sigmaW2: p.sigmaW2, sigmaB2: 0.05 }, q) - 1) < 1e-12);
});

test("the tanh critical line rises with σ_b²", () => {
  const line = criticalLine("tanh", [0.01, 0.05, 0.1, 0.5, 1]);
  for (let i = 1; i < line.length; i++) assert.ok(line[i].sigmaW2 > line[i - 1].sigmaW2, JSON.stringify(line));
  assert.ok(line.every((p) => p.kind === "crossing"));
});

test("closed-form critical points: ReLU σ_w² = 2, leaky ReLU 2/(1 + α²), linear 1, at every σ_b²", () => {
  for (const sigmaB2 of [0, 0.1, 1]) {
    assert.ok(Math.abs(criticalSigmaW2("relu", sigmaB2).sigmaW2 - 2) < 1e-11);
    assert.ok(Math.abs(criticalSigmaW2({ name: "leakyRelu", alpha: 0.2 }, sigmaB2).sigmaW2 - 2 / 1.04) < 1e-11);
    assert.ok(Math.abs(criticalSigmaW2("linear", sigmaB2).sigmaW2 - 1) < 1e-11);
  }
});

test("no sign change on the grid is an error that says so", () => {
  assert.throws(() => criticalSigmaW2("tanh", 0.05, { grid: [0.1, 0.2, 0.5] }), /does not change sign/);
});
