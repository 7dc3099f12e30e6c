// Loss and every gradient of small nets built from core ops, against PyTorch's float64
// numbers in test/fixtures/ (written by scripts/make_fixtures.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  Tape, add, elu, gelu, hardTanh, leakyRelu, logSoftmax, matmul, mean, mul, neg, pickPerRow, referenceBackend, scale,
  selu, sigmoid, silu, softplus, square, sub, sum, tanh, tensor,
  type DType, type Tensor,
} from "../../src/core/index.js";
import { onBackend, wasmBackends } from "../helpers/backends.js";

/** A tensor as the fixture script writes it. */
interface Packed { shape: number[]; data: number[] }

/** A net fixture: inputs, parameters ([out, in] weights), loss, grad.P and delta.h = ∂L/∂h. */
interface NetFixture {
  torch: string;
  config: Record<string, number | string>;
  inputs: Record<string, Packed>;
  params: Record<string, Packed>;
  loss: number;
  grads: Record<string, Packed>;
}

interface ActivationFixture {
  torch: string;
  config: { "elu.alpha": number; "leakyRelu.slope": number; order: string[] };
  inputs: { x: Packed; r: Packed };
  activations: Record<string, { y: Packed; grad: Packed }>;
  composite: { logSoftmax: Packed; loss: number; grad: Packed };
}

/** Tolerance |a−b| ≤ rtol·max(|a|,|b|) + atol per element. */
interface Tolerance { rtol: number; atol: number }

const FLOAT64: Tolerance = { rtol: 1e-10, atol: 1e-14 };
// NOTE: float32 runs are compared with the float64 truth. A gradient entry that is a sum of
// cancelling terms keeps float32's absolute error (≈ 1e-7 of the largest term) but not its
// relative one, so the floor scales with the largest entry of the same tensor.
const FLOAT32: Tolerance = { rtol: 1e-4, atol: 1e-5 };

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), "utf8")) as T;
}

const mlp = load<NetFixture>("mlp-tanh.json");
const residual = load<NetFixture>("residual.json");
const acts = load<ActivationFixture>("activations.json");

function tensorOf(p: Packed, dtype: DType): Tensor {
  return tensor(p.data, p.shape, dtype);
}

/** Asserts actual ≈ expected element by element; the float32 floor is atol·max|expected|. */
function assertClose(what: string, actual: ArrayLike<number>, expected: Packed | number[], tol: Tolerance, dtype: DType): void {
  const want = Array.isArray(expected) ? expected : expected.data;
  assert.equal(actual.length, want.length, `${what}: ${actual.length} values, expected ${want.length}`);
  const scaleMax = dtype === "float32" ? want.reduce((m, v) => Math.max(m, Math.abs(v)), 0) : 1;
  for (let i = 0; i < want.length; i++) {
    const a = actual[i], b = want[i];
    const bound = tol.rtol * Math.max(Math.abs(a), Math.abs(b)) + tol.atol * scaleMax;
    if (!(Math.abs(a - b) <= bound)) {
      assert.fail(`${what}[${i}] (${dtype}): got ${a}, PyTorch ${b}, |diff| ${Math.abs(a - b)} > ${bound}`);
    }
  }
}

/** h = x Wᵀ + b with PyTorch's nn.Linear layout W [out, in]. */
function dense(x: Tensor, p: Record<string, Tensor>, name: string): Tensor {
  return add(matmul(x, p[`${name}.weight`], { transB: true }), p[`${name}.bias`]);
}

/** A forward pass: the scalar loss and the intermediates whose ∂L/∂h the fixture holds. */
type Forward = (p: Record<string, Tensor>, fx: NetFixture, dtype: DType) => { loss: Tensor; watched: Record<string, Tensor> };

const mlpForward: Forward = (p, fx, dtype) => {
  const watched: Record<string, Tensor> = {};
  let a = tensorOf(fx.inputs.x, dtype);
  for (let i = 0; i < Number(fx.config.depth); i++) {
    const h = dense(a, p, `layers.${i}`);
    watched[String(i)] = h;
    a = tanh(h);
  }
  const logits = dense(a, p, "head");
  watched.logits = logits;
  return { loss: neg(mean(pickPerRow(logSoftmax(logits), fx.inputs.y.data))), watched };
};

const residualForward: Forward = (p, fx, dtype) => {
  const watched: Record<string, Tensor> = {};
  let r = dense(tensorOf(fx.inputs.x, dtype), p, "stem");
  watched.stem = r;
  for (let i = 0; i < Number(fx.config.blocks); i++) {
    const u = dense(r, p, `blocks.${i}.fc1`);
    watched[`blocks.${i}.inner`] = u;
    r = add(r, dense(tanh(u), p, `blocks.${i}.fc2`));
    watched[`blocks.${i}.out`] = r;
  }
  const out = dense(r, p, "head");
  watched.head = out;
  return { loss: mean(square(sub(out, tensorOf(fx.inputs.target, dtype)))), watched };
};

/** Runs forward and backward once; returns the loss and a copy of every gradient the fixture names. */
function evaluate(fx: NetFixture, forward: Forward, dtype: DType): { loss: number; grads: Map<string, Float64Array> } {
  const params: Record<string, Tensor> = {};
  for (const [name, p] of Object.entries(fx.params)) params[name] = tensorOf(p, dtype).trainable();
  const tape = new Tape();
  const grads = new Map<string, Float64Array>();
  let loss = NaN;
  try {
    const out = tape.run(() => forward(params, fx, dtype));
    tape.backward(out.loss);
    loss = out.loss.item();
    for (const [name, p] of Object.entries(params)) if (p.grad) grads.set(`grad.${name}`, Float64Array.from(p.grad.data));
    for (const [name, h] of Object.entries(out.watched)) if (h.grad) grads.set(`delta.${name}`, Float64Array.from(h.grad.data));
  } finally {
    tape.dispose();
    for (const p of Object.values(params)) {
      p.grad?.dispose();
      p.dispose();
    }
  }
  return { loss, grads };
}

function checkNet(label: string, fx: NetFixture, forward: Forward, dtype: DType, tol: Tolerance): void {
  const { loss, grads } = evaluate(fx, forward, dtype);
  assertClose(`${label} loss`, [loss], [fx.loss], tol, dtype);
  for (const [name, want] of Object.entries(fx.grads)) {
    const got = grads.get(name);
    assert.ok(got, `${label}: no gradient ${name} after backward`);
    assertClose(`${label} ${name}`, got, want, tol, dtype);
  }
}

/** The activation under test, as core ops with the fixture's parameters. */
function activation(name: string, x: Tensor): Tensor {
  const table: Record<string, (t: Tensor) => Tensor> = {
    gelu, sigmoid, softplus, selu, silu, hardTanh, tanh,
    elu: (t) => elu(t, acts.config["elu.alpha"]),
    leakyRelu: (t) => leakyRelu(t, acts.config["leakyRelu.slope"]),
  };
  const f = table[name];
  assert.ok(f, `no core op for fixture activation ${name}`);
  return f(x);
}

/** Checks y = f(x) and ∂(Σ r⊙f(x))/∂x per activation, then the log-softmax composite. */
function checkActivations(dtype: DType, tol: Tolerance): void {
  const tape = new Tape();
  try {
    tape.run(() => {
      const r = tensorOf(acts.inputs.r, dtype);
      for (const name of acts.config.order) {
        const x = tensorOf(acts.inputs.x, dtype).trainable();
        const y = activation(name, x);
        tape.backward(y, r);
        assertClose(`${name}(x)`, y.data, acts.activations[name].y, tol, dtype);
        assertClose(`∂${name}`, x.grad?.data ?? [], acts.activations[name].grad, tol, dtype);
      }
      const x = tensorOf(acts.inputs.x, dtype).trainable();
      const mixed = acts.config.order.map((name) => activation(name, x)).reduce((s, t) => add(s, t));
      const z = logSoftmax(scale(mixed, 0.25), 1);
      const loss = sum(mul(r, z));
      tape.backward(loss);
      assertClose("composite logSoftmax", z.data, acts.composite.logSoftmax, tol, dtype);
      assertClose("composite loss", [loss.item()], [acts.composite.loss], tol, dtype);
      assertClose("composite ∂x", x.grad?.data ?? [], acts.composite.grad, tol, dtype);
    });
  } finally {
    tape.dispose();
  }
}


test(`fixtures were written by PyTorch (${mlp.torch})`, () => {
  for (const fx of [mlp, residual, acts]) assert.match(fx.torch, /^\d+\.\d+/);
});

test("deep tanh MLP, float64: loss, ∂L/∂W, ∂L/∂b and every ∂L/∂h match PyTorch to 1e-10", () => {
  checkNet("mlp", mlp, mlpForward, "float64", FLOAT64);
});

test("residual blocks + MSE, float64: loss and every gradient match PyTorch to 1e-10", () => {
  checkNet("residual", residual, residualForward, "float64", FLOAT64);
});

test("activations and log-softmax composite, float64: values and gradients match PyTorch to 1e-10", () => {
  checkActivations("float64", FLOAT64);
});

const wasm = wasmBackends();
for (const backend of [referenceBackend, ...wasm]) {
  test(`float32 on ${backend.name}: MLP, residual and activations match PyTorch to 1e-4`, () => {
    onBackend(backend, () => {
      checkNet("mlp", mlp, mlpForward, "float32", FLOAT32);
      checkNet("residual", residual, residualForward, "float32", FLOAT32);
      checkActivations("float32", FLOAT32);
    });
  });
}
