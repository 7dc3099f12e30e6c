// The optimizers of src/nn/optim against torch.optim (1.13) in float64: 5 steps of a 2-layer tanh
// MLP, parameters after every step and the final state (test/fixtures/optim.json, written by
// scripts/fixtures_nn_optim.py).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Tape, add, matmul, mean, square, sub, tanh, tensor, type Tensor } from "../../src/core/index.js";
import { createOptimizer, type OptimizerSpec } from "../../src/nn/optim/index.js";
import type { Parameter } from "../../src/nn/parameter.js";
import { loadFixture, type Packed } from "../helpers/torch-fixtures.js";


interface Run {
  class: "SGD" | "RMSprop" | "Adam" | "AdamW";
  options: Record<string, number | boolean | number[]>;
  decoupled: boolean;
  lrs: number[];
  steps: { loss: number; grads: Record<string, Packed>; params: Record<string, Packed> }[];
  state: Record<string, Record<string, Packed | number>>;
}

interface Fixture {
  torch: string;
  problem: { params: Record<string, Packed>; decay: Record<string, boolean>; x: Packed; y: Packed };
  runs: Record<string, Run>;
}

const fixture = loadFixture<Fixture>("optim.json");

/** The gradscope spec of a PyTorch optimizer configuration. */
function specOf(run: Run): OptimizerSpec {
  const o = run.options;
  const weightDecay = o.weight_decay as number;
  switch (run.class) {
    case "SGD":
      return { name: "sgd", momentum: o.momentum as number, dampening: o.dampening as number, nesterov: o.nesterov as boolean, weightDecay, decoupledWeightDecay: run.decoupled };
    case "RMSprop":
      return { name: "rmsprop", alpha: o.alpha as number, eps: o.eps as number, momentum: o.momentum as number, centered: o.centered as boolean, weightDecay };
    default:
      return { name: run.class === "Adam" ? "adam" : "adamw", betas: o.betas as number[], eps: o.eps as number, amsgrad: o.amsgrad as boolean, weightDecay };
  }
}

function freshParams(): Parameter[] {
  return Object.entries(fixture.problem.params).map(([name, p]) => ({
    name, value: tensor(p.data, p.shape, "float64").trainable(), decay: fixture.problem.decay[name],
  }));
}

/** |a − b| ≤ rtol·max(|a|, |b|) element by element. */
function assertClose(what: string, actual: ArrayLike<number>, expected: number[], rtol: number): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], b = expected[i];
    const err = Math.abs(a - b);
    assert.ok(err <= rtol * Math.max(Math.abs(a), Math.abs(b)), `${what}[${i}]: ${a} vs PyTorch ${b} (|Δ| ${err.toExponential(2)})`);
  }
}

/** L = mean((tanh(x W1ᵀ + b1) W2ᵀ + b2 − y)²) with gradscope's tape; fills the parameters' .grad. */
function backprop(params: Parameter[]): number {
  const p = Object.fromEntries(params.map((q) => [q.name, q.value])) as Record<string, Tensor>;
  const x = tensor(fixture.problem.x.data, fixture.problem.x.shape, "float64");
  const y = tensor(fixture.problem.y.data, fixture.problem.y.shape, "float64");
  for (const q of params) q.value.grad = null; // "frozen" is not in the graph and keeps a null gradient
  const tape = new Tape();
  const loss = tape.run(() => {
    const h = tanh(add(matmul(x, p["layers.0.weight"], { transB: true }), p["layers.0.bias"]));
    const out = add(matmul(h, p["head.weight"], { transB: true }), p["head.bias"]);
    const l = mean(square(sub(out, y)));
    tape.backward(l);
    return l.item();
  });
  tape.dispose();
  return loss;
}

test(`optim fixtures come from PyTorch (${fixture.torch}) and cover every optimizer`, () => {
  assert.match(fixture.torch, /^1\.13/);
  assert.deepEqual(new Set(Object.values(fixture.runs).map((r) => r.class)), new Set(["SGD", "RMSprop", "Adam", "AdamW"]));
  assert.ok(Object.keys(fixture.runs).length >= 11);
});

for (const [name, run] of Object.entries(fixture.runs)) {
  test(`${name}: 5 steps on PyTorch's gradients reproduce torch.optim.${run.class} to 1e-12 relative, state included`, () => {
    const params = freshParams();
    const opt = createOptimizer(specOf(run));
    run.steps.forEach((step, k) => {
      for (const p of params) {
        const g = step.grads[p.name];
        p.value.grad = g === undefined ? null : tensor(g.data, g.shape, "float64");
      }
      opt.step(params, run.lrs[k]);
      for (const p of params) assertClose(`${name} step ${k + 1} ${p.name}`, p.value.data, step.params[p.name].data, 1e-12);
    });
    const ours = opt.stateDict();
    assert.equal(ours.name, specOf(run).name);
    assert.deepEqual(Object.keys(ours.state).sort(), Object.keys(run.state).sort(), "state only for parameters that had a gradient");
    for (const [pname, buffers] of Object.entries(run.state)) {
      const mine = ours.state[pname];
      for (const [bname, want] of Object.entries(buffers)) {
        if (typeof want === "number") {
          assert.equal(mine.step, want, `${pname}.${bname}`);
        } else {
          assert.ok(mine.buffers[bname] !== undefined, `${pname}: no buffer ${bname}`);
          assertClose(`${pname}.${bname}`, mine.buffers[bname], want.data, 1e-12);
        }
      }
      for (const bname of Object.keys(mine.buffers)) assert.ok(bname in buffers, `${pname}: extra buffer ${bname}`);
    }
  });

  test(`${name}: training with gradscope's own gradients follows PyTorch to 1e-10 relative`, () => {
    const params = freshParams();
    const opt = createOptimizer(specOf(run));
    run.steps.forEach((step, k) => {
      const loss = backprop(params);
      assert.ok(Math.abs(loss - step.loss) <= 1e-10 * Math.abs(step.loss), `${name} step ${k + 1}: loss ${loss} vs ${step.loss}`);
      opt.step(params, run.lrs[k]);
      for (const p of params) assertClose(`${name} step ${k + 1} ${p.name}`, p.value.data, step.params[p.name].data, 1e-10);
    });
  });
}
