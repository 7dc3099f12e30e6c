import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chi1, chiC, chiQ, correlationFixedPoint, correlationMap, depthScales, varianceFixedPoint, varianceMap, varianceTrajectory,
} from "../../src/theory/index.js";

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected}: |Δ| = ${Math.abs(actual - expected)} > ${tol}`);

test("ReLU closed forms: χ₁ = σ_w²/2 at any q, q* = σ_b²/(1 − σ_w²/2) for σ_w² < 2, no finite q* beyond", () => {
  for (const sigmaW2 of [0.5, 1, 1.5, 1.9, 2, 3]) {
    for (const q of [1e-8, 0.3, 1, 50]) close(chi1({ activation: "relu", sigmaW2, sigmaB2: 0.1 }, q), sigmaW2 / 2, 1e-14, `σ_w²=${sigmaW2} q=${q}`);
  }
  for (const [sigmaW2, sigmaB2] of [[1, 0.1], [1.5, 0.3], [1.9, 0.05], [0.2, 1]]) {
    const fp = varianceFixedPoint({ activation: "relu", sigmaW2, sigmaB2 });
    assert.equal(fp.status, "converged");
    const expected = sigmaB2 / (1 - sigmaW2 / 2);
    close(fp.value, expected, 1e-12 * expected, `q* σ_w²=${sigmaW2} σ_b²=${sigmaB2}`);
  }
  const runaway = varianceFixedPoint({ activation: "relu", sigmaW2: 2.5, sigmaB2: 0.1 });
  assert.equal(runaway.status, "diverged");
  assert.match(runaway.note ?? "", /no finite fixed point/);
  // He init without bias: every q is a fixed point; the one reached is the start.
  close(varianceFixedPoint({ activation: "relu", sigmaW2: 2, sigmaB2: 0 }, { q0: 0.7 }).value, 0.7, 1e-15);
  // σ_b² = 0 and σ_w² < 2: the variance dies away, q* = 0, and χ₁ is still σ_w²/2 (the q → 0⁺ limit).
  const dying = varianceFixedPoint({ activation: "relu", sigmaW2: 1, sigmaB2: 0 });
  assert.equal(dying.value, 0);
  close(chi1({ activation: "relu", sigmaW2: 1, sigmaB2: 0 }, dying.value), 0.5, 1e-15);
});

test("linear closed forms: χ₁ = σ_w², q* = σ_b²/(1 − σ_w²), q_l = σ_w²^l·q_in + σ_b²·Σ σ_w²^k", () => {
  for (const sigmaW2 of [0.3, 0.9, 1, 1.7]) close(chi1({ activation: "linear", sigmaW2, sigmaB2: 0 }, 2), sigmaW2, 1e-14);
  close(varianceFixedPoint({ activation: "linear", sigmaW2: 0.6, sigmaB2: 0.2 }).value, 0.5, 1e-14);
  const traj = varianceTrajectory({ activation: "identity", sigmaW2: 1.3, sigmaB2: 0.1 }, 2, 6);
  let q = 2;
  traj.forEach((ql, l) => {
    q = 1.3 * q + 0.1;
    close(ql, q, 1e-13 * q, `q_${l + 1}`);
  });
});

test("tanh: q* = 0 and χ₁ = σ_w² for σ_w² ≤ 1 at σ_b² = 0 (critical at 1); q* > 0 and χ₁ > 1 beyond", () => {
  for (const sigmaW2 of [0.5, 0.9, 1]) {
    const fp = varianceFixedPoint({ activation: "tanh", sigmaW2, sigmaB2: 0 });
    assert.equal(fp.value, 0);
    close(chi1({ activation: "tanh", sigmaW2, sigmaB2: 0 }, fp.value), sigmaW2, 1e-15);
  }
  const fp = varianceFixedPoint({ activation: "tanh", sigmaW2: 1.5, sigmaB2: 0 });
  assert.ok(fp.value > 0.1 && Math.abs(fp.residual) < 1e-14, JSON.stringify(fp));
  assert.ok(chi1({ activation: "tanh", sigmaW2: 1.5, sigmaB2: 0 }, fp.value) > 1);
});

test("fixed points are fixed: V(q*) = q* and C(c*) = c*, for every activation", () => {
  const names = ["tanh", "sigmoid", "relu", "leakyRelu", "elu", "selu", "gelu", "silu", "softplus", "hardTanh", "linear"];
  for (const activation of names) {
    const p = { activation, sigmaW2: 0.8, sigmaB2: 0.2 };
    const fp = varianceFixedPoint(p);
    assert.equal(fp.status, "converged", activation);
    close(varianceMap(p, fp.value), fp.value, 1e-13 * fp.value, `${activation} q*`);
    close(correlationMap(p, 1, fp.value), 1, 1e-15, `${activation} C(1)`);
  }
  const chaotic = { activation: "tanh", sigmaW2: 4, sigmaB2: 0.3 };
  const q = varianceFixedPoint(chaotic).value;
  const c = correlationFixedPoint(chaotic, q);
  assert.ok(c.value > 0 && c.value < 1, `c* = ${c.value}`);
  close(correlationMap(chaotic, c.value, q), c.value, 1e-12, "C(c*)");
  // Odd φ without bias in the chaotic phase: c* = 0 by symmetry.
  const odd = { activation: "tanh", sigmaW2: 4, sigmaB2: 0 };
  close(correlationFixedPoint(odd, varianceFixedPoint(odd).value).value, 0, 1e-12, "c* (σ_b² = 0)");
});

test("ReLU correlation map equals the arc-cosine kernel; χ_c equals its slope σ_w²(π − arccos c)/(2π)", () => {
  const p = { activation: "relu", sigmaW2: 1.5, sigmaB2: 0.3 };
  const q = varianceFixedPoint(p).value;
  for (const c of [0, 0.2, 0.7, 0.99]) {
    const kernel = (q / (2 * Math.PI)) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
    close(correlationMap(p, c, q), (1.5 * kernel + 0.3) / q, 1e-13, `C(${c})`);
    close(chiC(p, q, c), (1.5 * (Math.PI - Math.acos(c))) / (2 * Math.PI), 1e-13, `χ_c(${c})`);
  }
});

test("χ_q is the slope of the variance map and χ_c the slope of the correlation map (central differences)", () => {
  for (const activation of ["tanh", "sigmoid", "hardTanh", "elu", "gelu", "softplus", "selu"]) {
    const p = { activation, sigmaW2: 1.3, sigmaB2: 0.1 };
    for (const q of [0.2, 1, 3]) {
      const h = 1e-5 * q;
      const slope = (varianceMap(p, q + h) - varianceMap(p, q - h)) / (2 * h);
      close(chiQ(p, q), slope, 1e-8, `${activation} χ_q at q=${q}`);
    }
  }
  const p = { activation: "tanh", sigmaW2: 3, sigmaB2: 0.2 };
  const q = varianceFixedPoint(p).value;
  for (const c of [0.1, 0.5, 0.9]) {
    const h = 1e-5;
    const slope = (correlationMap(p, c + h, q) - correlationMap(p, c - h, q)) / (2 * h);
    close(chiC(p, q, c), slope, 1e-8, `χ_c at c=${c}`);
  }
});

test("depth scales (Schoenholz et al. 2017): ξ = −1/ln χ, trainable depth 6ξ_c, the phase from χ₁", () => {
  // ReLU: φφ″ = 0, so χ_q = χ_c = χ₁ = σ_w²/2.
  const relu = depthScales({ activation: "relu", sigmaW2: 1.5, sigmaB2: 0.3 });
  const xi = -1 / Math.log(0.75);
  close(relu.xiQ, xi, 1e-12);
  close(relu.xiC, xi, 1e-12);
  close(relu.trainableDepth, 6 * xi, 1e-11);
  assert.equal(relu.phase, "ordered");
  assert.equal(relu.cStar.value, 1);
  // tanh in the ordered phase: c* = 1 and χ_c = χ₁; in the chaotic phase c* < 1 and χ_c < 1 < χ₁.
  const ordered = depthScales({ activation: "tanh", sigmaW2: 1.2, sigmaB2: 0.1 });
  assert.equal(ordered.phase, "ordered");
  assert.equal(ordered.chiC, ordered.chi1);
  assert.ok(ordered.xiQ < ordered.xiC, "ξ_q < ξ_c: the variance settles before the correlation");
  const chaotic = depthScales({ activation: "tanh", sigmaW2: 4, sigmaB2: 0.3 });
  assert.equal(chaotic.phase, "chaotic");
  assert.ok(chaotic.cStar.value < 1 && chaotic.chiC < 1 && chaotic.chi1 > 1);
  close(chaotic.xiC, -1 / Math.log(chaotic.chiC), 1e-12);
  // Close to the critical line the correlation depth scale grows without bound.
  const near = depthScales({ activation: "tanh", sigmaW2: 1.76, sigmaB2: 0.05 });
  assert.ok(near.xiC > 100 * ordered.xiC, `ξ_c near criticality = ${near.xiC}`);
});
