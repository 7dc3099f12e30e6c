// The optimizer name table, option validation, the decay flag, skipped parameters, state
// save/restore, float32 and the wasm axpy path of plain SGD.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, setBackend, tensor, type DType, type Kernels } from "../../src/core/index.js";
import { createWasmBackend } from "../../src/core/kernels/wasm/index.js";
import { Adam, AdamW, Rmsprop, Sgd, createOptimizer, optimizerNames, optimizers, type OptimizerSpec } from "../../src/nn/optim/index.js";
import type { Parameter } from "../../src/nn/parameter.js";

function param(name: string, values: number[], grad: number[] | null, decay = true, dtype: DType = "float64"): Parameter {
  const value = tensor(values, [values.length], dtype).trainable();
  value.grad = grad === null ? null : tensor(grad, [grad.length], dtype);
  return { name, value, decay };
}

/** Asserts fn throws a GradscopeError whose message contains every fragment. */
function throwsNaming(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GradscopeError, `expected a GradscopeError, got ${String(e)}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" does not mention ${f}`);
    return true;
  });
}

test("the name table holds sgd, rmsprop, adam and adamw, and builds each class", () => {
  assert.deepEqual(optimizerNames, ["sgd", "rmsprop", "adam", "adamw"]);
  assert.deepEqual(Object.keys(optimizers), optimizerNames);
  assert.ok(createOptimizer("sgd") instanceof Sgd);
  assert.ok(createOptimizer("rmsprop") instanceof Rmsprop);
  assert.ok(createOptimizer({ name: "adam" }) instanceof Adam);
  const adamw = createOptimizer("adamw");
  assert.ok(adamw instanceof AdamW);
  for (const name of optimizerNames) assert.equal(createOptimizer(name).name, name);
});

test("defaults are PyTorch's", () => {
  assert.deepEqual(createOptimizer("sgd").options, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, decoupledWeightDecay: false });
  assert.deepEqual(createOptimizer("rmsprop").options, { alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 });
  assert.deepEqual(createOptimizer("adam").options, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
  assert.deepEqual(createOptimizer("adamw").options, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false });
});

test("an unknown optimizer name is an error naming the field and listing the allowed names", () => {
  throwsNaming(() => createOptimizer("adagrad" as "sgd"), "optimizer.name", "adagrad", "sgd, rmsprop, adam, adamw");
  throwsNaming(() => createOptimizer({ name: "Adam" } as unknown as OptimizerSpec, "train.optimizer"), "train.optimizer.name", "sgd, rmsprop, adam, adamw");
  throwsNaming(() => createOptimizer({} as OptimizerSpec), "optimizer.name", "allowed");
});

test("options out of range are errors naming the field", () => {
  throwsNaming(() => createOptimizer({ name: "adam", betas: [1, 0.999] }), "optimizer.betas[0]", "[0, 1)");
  throwsNaming(() => createOptimizer({ name: "adamw", betas: [0.9, -0.1] }), "optimizer.betas[1]", "[0, 1)");
  throwsNaming(() => createOptimizer({ name: "adam", betas: [0.9, 1.5] }), "optimizer.betas[1]");
  throwsNaming(() => createOptimizer({ name: "adam", betas: [0.9] }), "optimizer.betas", "two numbers");
  throwsNaming(() => createOptimizer({ name: "adam", eps: -1e-8 }), "optimizer.eps");
  throwsNaming(() => createOptimizer({ name: "adam", amsgrad: "yes" as unknown as boolean }), "optimizer.amsgrad", "true or false");
  throwsNaming(() => createOptimizer({ name: "sgd", momentum: -0.9 }), "optimizer.momentum", "≥ 0");
  throwsNaming(() => createOptimizer({ name: "sgd", weightDecay: -1 }), "optimizer.weightDecay");
  throwsNaming(() => createOptimizer({ name: "sgd", nesterov: true }), "optimizer.nesterov", "momentum > 0");
  throwsNaming(() => createOptimizer({ name: "sgd", nesterov: true, momentum: 0.9, dampening: 0.1 }), "optimizer.nesterov", "dampening 0");
  throwsNaming(() => createOptimizer({ name: "rmsprop", alpha: 1.2 }), "optimizer.alpha", "[0, 1]");
  throwsNaming(() => createOptimizer({ name: "rmsprop", momentum: Number.NaN }), "optimizer.momentum");
});

test("a negative or non-finite lr is an error naming the field", () => {
  for (const name of optimizerNames) {
    const opt = createOptimizer(name);
    const p = param("w", [1, 2], [0.1, 0.2]);
    throwsNaming(() => opt.step([p], -0.1), "optimizer.lr", "-0.1", "≥ 0");
    throwsNaming(() => opt.step([p], Number.NaN), "optimizer.lr");
    throwsNaming(() => opt.step([p], Infinity), "optimizer.lr");
    assert.deepEqual(Array.from(p.value.data), [1, 2], `${name}: nothing moved`);
  }
});

test("a parameter whose gradient is null is skipped: unchanged, no state", () => {
  for (const name of optimizerNames) {
    const opt = createOptimizer(name === "sgd" ? { name, momentum: 0.9, weightDecay: 0.1 } : { name, weightDecay: 0.1 } as OptimizerSpec);
    const frozen = param("frozen", [3, -4], null);
    const live = param("live", [1, 2], [0.5, -0.5]);
    opt.step([frozen, live], 0.1);
    opt.step([frozen, live], 0.1);
    assert.deepEqual(Array.from(frozen.value.data), [3, -4], name);
    assert.notDeepEqual(Array.from(live.value.data), [1, 2], name);
    assert.deepEqual(Object.keys(opt.stateDict().state), ["live"], name);
    assert.equal(opt.stateDict().state.live.step, 2);
  }
});

test("weight decay touches only parameters with decay: true", () => {
  const specs: OptimizerSpec[] = [
    { name: "sgd", weightDecay: 0.5 },
    { name: "sgd", weightDecay: 0.5, decoupledWeightDecay: true },
    { name: "rmsprop", weightDecay: 0.5 },
    { name: "adam", weightDecay: 0.5 },
    { name: "adamw", weightDecay: 0.5 },
  ];
  for (const spec of specs) {
    const opt = createOptimizer(spec);
    const w = param("w", [2, -2], [0, 0], true);
    const b = param("b", [2, -2], [0, 0], false);
    opt.step([w, b], 0.1);
    assert.deepEqual(Array.from(b.value.data), [2, -2], `${spec.name}: bias moved`);
    assert.ok(Math.abs(w.value.data[0]) < 2 && Math.abs(w.value.data[1]) < 2, `${spec.name}: weight did not decay`);
  }
  // Plain SGD, coupled: θ − lr·λθ; decoupled: θ·(1 − lr·λ), the same number here.
  const sgd = createOptimizer({ name: "sgd", weightDecay: 0.5 });
  const w = param("w", [2], [0]);
  sgd.step([w], 0.1);
  assert.equal(w.value.data[0], 2 - 0.1 * 0.5 * 2);
});

test("decoupled SGD: θ ← θ·(1 − lr·λ) − lr·g, the decay never enters the momentum buffer", () => {
  const opt = createOptimizer({ name: "sgd", momentum: 0.9, weightDecay: 0.1, decoupledWeightDecay: true });
  const w = param("w", [1], [0.5]);
  opt.step([w], 0.2);
  assert.equal(w.value.data[0], 1 * (1 - 0.2 * 0.1) - 0.2 * 0.5);
  assert.deepEqual(Array.from(opt.stateDict().state.w.buffers.momentum_buffer), [0.5]);
});

test("parameter names must be unique within a step", () => {
  const opt = createOptimizer("adam");
  throwsNaming(() => opt.step([param("w", [1], [1]), param("w", [2], [1])], 0.1), "\"w\"", "twice");
});

test("stateDict is a deep copy, and loadStateDict resumes exactly", () => {
  const grads = [[0.3, -0.2, 0.1], [0.25, -0.1, 0.05], [-0.2, 0.3, 0.0], [0.1, 0.1, -0.4], [0.05, -0.3, 0.2]];
  const run = (opt: ReturnType<typeof createOptimizer>, p: Parameter, gs: number[][]) => {
    for (const g of gs) {
      p.value.grad = tensor(g, [3], "float64");
      opt.step([p], 0.05);
    }
  };
  const specs: OptimizerSpec[] = [{ name: "sgd", momentum: 0.9, nesterov: true }, { name: "rmsprop", centered: true, momentum: 0.5 }, { name: "adam", amsgrad: true }, { name: "adamw" }];
  for (const spec of specs) {
    const straight = param("w", [1, -1, 0.5], null);
    run(createOptimizer(spec), straight, grads);

    const first = createOptimizer(spec);
    const p = param("w", [1, -1, 0.5], null);
    run(first, p, grads.slice(0, 2));
    const saved = first.stateDict();
    const savedValues = Array.from(p.value.data);
    const copy = structuredClone(saved);
    run(first, p, grads.slice(2, 3));
    assert.deepEqual(saved, copy, `${spec.name}: stateDict shares memory with the optimizer`);

    const resumed = createOptimizer(spec);
    resumed.loadStateDict(saved);
    const q = param("w", savedValues, null);
    run(resumed, q, grads.slice(2));
    assert.deepEqual(Array.from(q.value.data), Array.from(straight.value.data), `${spec.name}: resumed run differs`);
    assert.equal(resumed.stateDict().state.w.step, 5);
  }
  throwsNaming(() => createOptimizer("adam").loadStateDict(createOptimizer("sgd").stateDict()), "sgd");
});

test("a state whose size does not match the parameter is an error", () => {
  const opt = createOptimizer("adam");
  opt.step([param("w", [1, 2], [1, 1])], 0.1);
  assert.throws(() => opt.step([param("w", [1, 2, 3], [1, 1, 1])], 0.1), /exp_avg.*2 elements.*3/);
});

test("float32 parameters: every optimizer keeps float32 state and agrees with float64 to float32 precision", () => {
  for (const name of optimizerNames) {
    const spec = { name, weightDecay: 0.01, ...(name === "sgd" || name === "rmsprop" ? { momentum: 0.9 } : {}) } as OptimizerSpec;
    const o32 = createOptimizer(spec), o64 = createOptimizer(spec);
    const p32 = param("w", [0.5, -1.5, 2], null, true, "float32");
    const p64 = param("w", [0.5, -1.5, 2], null, true, "float64");
    for (let k = 0; k < 4; k++) {
      const g = [0.3 - 0.1 * k, -0.2 * k, 0.05];
      p32.value.grad = tensor(g, [3], "float32");
      p64.value.grad = tensor(g, [3], "float64");
      o32.step([p32], 0.01);
      o64.step([p64], 0.01);
    }
    for (const buf of Object.values(o32.stateDict().state.w.buffers)) assert.ok(buf instanceof Float32Array, name);
    p64.value.data.forEach((v, i) => assert.ok(Math.abs(p32.value.data[i] - v) <= 1e-6 * Math.max(1, Math.abs(v)), `${name}[${i}]`));
  }
});

test("plain SGD runs the backend's axpy: θ ← θ − lr·g on the wasm backend matches the reference", () => {
  const ref = param("w", [0.5, -1.25, 3, 7, -2, 0.125, 9, 1], [1, 2, -3, 0.5, 0.25, -8, 4, 0], true, "float32");
  createOptimizer("sgd").step([ref], 0.1);
  const wasm = createWasmBackend({ variant: "simd" });
  let calls = 0;
  const kernels = { ...wasm.kernels, axpy: (...args: Parameters<Kernels["axpy"]>) => { calls++; wasm.kernels.axpy(...args); } };
  const previous = setBackend({ name: "wasm-simd-spy", kernels, allocator: wasm.allocator });
  try {
    const w = param("w", [0.5, -1.25, 3, 7, -2, 0.125, 9, 1], [1, 2, -3, 0.5, 0.25, -8, 4, 0], true, "float32");
    createOptimizer("sgd").step([w], 0.1);
    assert.equal(calls, 1);
    ref.value.data.forEach((v, i) => assert.ok(Math.abs(w.value.data[i] - v) <= 1e-6 * Math.abs(v), `[${i}] ${w.value.data[i]} vs ${v}`));
  } finally {
    setBackend(previous);
  }
});

test("a parameter name twice is refused, also when it appears in a list that already stepped", () => {
  const p = (name: string): Parameter => param(name, [1, 2], [0.5, 0.5]);
  const opt = createOptimizer("sgd");
  const params = [p("a"), p("b")];
  opt.step(params, 0.5);
  opt.step(params, 0.5);
  assert.deepEqual(Array.from(params[0].value.data), [0.5, 1.5]);
  params[1] = p("a"); // same list, same length, an element replaced
  throwsNaming(() => opt.step(params, 0.5), 'parameter name "a" appears twice');
  params[1] = p("b");
  params.push(p("b"));
  throwsNaming(() => opt.step(params, 0.5), 'parameter name "b" appears twice');
  throwsNaming(() => createOptimizer("adam").step([p("w"), p("w")], 0.1), 'parameter name "w" appears twice');
});
