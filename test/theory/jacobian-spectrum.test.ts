import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, tensor } from "../../src/core/index.js";
import { Network, defaultNetworkSpec, uniformWidths, type NetworkSpec } from "../../src/nn/index.js";
import { inputOutputJacobian, jacobianSpectrum, predictedJacobianMeanSquared, singularValues } from "../../src/theory/index.js";

test("one-sided Jacobi recovers the singular values of U·diag(s)·Vᵀ, tall and wide", () => {
  const rng = new Rng(3);
  for (const [m, n] of [[7, 7], [12, 5], [5, 12], [64, 64]]) {
    const k = Math.min(m, n);
    const u = rng.orthogonal(m, k); // [m, k], orthonormal columns
    const v = rng.orthogonal(n, k); // [n, k]
    const s = Array.from({ length: k }, (_, i) => 10 ** (-6 * i / Math.max(1, k - 1))); // condition number 1e6
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let t = 0; t < k; t++) a[i * n + j] += u[i * k + t] * s[t] * v[j * k + t];
    const sv = singularValues(a, m, n);
    assert.equal(sv.length, k);
    // One-sided Jacobi keeps relative accuracy even for the smallest singular values.
    s.forEach((x, i) => assert.ok(Math.abs(sv[i] - x) <= 1e-12 * x + 1e-15, `[${m}×${n}] s${i} = ${sv[i]} vs ${x}`));
  }
  // A rank-deficient matrix: zero singular values come out as (near) zero.
  const r = singularValues([1, 2, 2, 4], 2, 2);
  assert.ok(Math.abs(r[0] - 5) < 1e-14 && r[1] < 1e-15);
});

test("the Jacobian by back-propagation equals central differences (float64 tanh net)", () => {
  const spec: NetworkSpec = { ...defaultNetworkSpec, inputs: 5, outputs: 3, widths: [7, 6], activation: "tanh", init: "xavierNormal", biasInit: { name: "normal", std: 0.1 } };
  const net = new Network(spec, new Rng(11), "float64");
  const x = [0.3, -0.8, 0.1, 1.2, -0.4];
  const j = inputOutputJacobian(net, x);
  assert.deepEqual([j.rows, j.cols], [3, 5]);
  const f = (xs: number[]) => net.forward(tensorOf(xs), { training: false, rng: new Rng(0) }).toArray();
  const h = 1e-6;
  for (let c = 0; c < 5; c++) {
    const up = [...x], down = [...x];
    up[c] += h;
    down[c] -= h;
    const fu = f(up), fd = f(down);
    for (let r = 0; r < 3; r++) {
      const numeric = (fu[r] - fd[r]) / (2 * h);
      assert.ok(Math.abs(j.data[r * 5 + c] - numeric) < 1e-8, `J[${r},${c}] = ${j.data[r * 5 + c]} vs ${numeric}`);
    }
  }
  // Measuring leaves the parameters' gradients alone.
  for (const p of net.parameters()) assert.equal(p.value.grad, null, p.name);
});

test("dynamical isometry: a deep linear net with orthogonal weights has every singular value 1 (float64, 1e-8)", () => {
  const spec: NetworkSpec = { ...defaultNetworkSpec, inputs: 64, outputs: 64, widths: uniformWidths(20, 64), activation: "linear", init: "orthogonal", bias: false };
  const s = jacobianSpectrum(new Network(spec, new Rng(5), "float64"));
  assert.equal(s.singularValues.length, 64);
  for (const v of s.singularValues) assert.ok(Math.abs(v - 1) < 1e-8, `singular value ${v}`);
  assert.ok(Math.abs(s.conditionNumber - 1) < 1e-8 && Math.abs(s.meanSquared - 1) < 1e-8);
});

test("a deep linear Gaussian net: mean squared singular value ≈ Π σ_w², while the spectrum spreads", () => {
  // NOTE: 10 hidden layers + head = 11 Gaussian 128×128 factors with σ_w² = 1.2. The spread of
  // ln(‖J‖_F²/N / Π σ_w²) over 16 seeds is 6.5% for one net (mean −0.2%); the mean of 4 nets
  // spreads ≈ 3.3%, so the tolerance is 15% (the per-net ratios are printed on failure).
  const depth = 10, width = 128, sigmaW2 = 1.2;
  const spec: NetworkSpec = { ...defaultNetworkSpec, inputs: width, outputs: width, widths: uniformWidths(depth, width), activation: "linear", init: { name: "meanField", sigmaW2 }, bias: false };
  const expected = sigmaW2 ** (depth + 1);
  assert.ok(Math.abs(predictedJacobianMeanSquared(spec) - expected) < 1e-12 * expected);
  const ratios: number[] = [];
  let condition = 0;
  for (const seed of [1, 2, 3, 4]) {
    const s = jacobianSpectrum(new Network(spec, new Rng(seed), "float64"));
    ratios.push(s.meanSquared / expected);
    condition = s.conditionNumber;
  }
  const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
  assert.ok(Math.abs(geo - 1) < 0.15, `mean s² / Π σ_w² per net: ${ratios.map((r) => r.toFixed(3)).join(", ")}`);
  // Gaussian products are far from isometric: the condition number is large.
  assert.ok(condition > 100, `condition number ${condition}`);
});

function tensorOf(xs: number[]) {
  return tensor(xs, [1, xs.length], "float64");
}
