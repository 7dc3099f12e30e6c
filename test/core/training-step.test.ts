// Whole training steps (forward, backward, SGD update) built from core ops: the same seed
// gives bit-identical numbers, and a step leaks no memory on any backend.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Rng, Tape, add, kernelsFor, logSoftmax, matmul, mean, neg, pickPerRow, referenceBackend, tanh, tensor,
  zeroGrad, type Tensor,
} from "../../src/core/index.js";
import { onBackend, wasmBackends } from "../helpers/backends.js";

/** A tanh MLP's shape: inputs → depth × width → classes, trained on one fixed batch. */
interface NetShape { inputs: number; depth: number; width: number; classes: number; batch: number }

/** Parameters (PyTorch layout: weight [out, in], bias [out]) and one batch, all drawn from Rng(seed). */
function makeNet(shape: NetShape, seed: number): { params: Tensor[]; x: Tensor; labels: number[] } {
  const rng = new Rng(seed);
  const widths = [shape.inputs, ...new Array<number>(shape.depth).fill(shape.width), shape.classes];
  const params: Tensor[] = [];
  for (let l = 1; l < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l - 1], widths[l]];
    params.push(tensor(rng.normalArray(fanOut * fanIn, 0, 1.2 / Math.sqrt(fanIn)), [fanOut, fanIn]).trainable());
    params.push(tensor(rng.normalArray(fanOut, 0, 0.1), [fanOut]).trainable());
  }
  const x = tensor(rng.normalArray(shape.batch * shape.inputs), [shape.batch, shape.inputs]);
  const labels = Array.from({ length: shape.batch }, () => rng.int(shape.classes));
  return { params, x, labels };
}

/** One SGD step: L = mean cross-entropy of the tanh MLP, p ← p − lr·∂L/∂p. Calls inspect before the update. */
function sgdStep(params: Tensor[], x: Tensor, labels: number[], lr: number, inspect?: (loss: number) => void): void {
  const tape = new Tape();
  const loss = tape.run(() => {
    let a = x;
    for (let i = 0; i < params.length; i += 2) {
      const h = add(matmul(a, params[i], { transB: true }), params[i + 1]);
      a = i + 2 < params.length ? tanh(h) : h;
    }
    return neg(mean(pickPerRow(logSoftmax(a), labels)));
  });
  tape.backward(loss);
  inspect?.(loss.item());
  const k = kernelsFor("float32");
  for (const p of params) if (p.grad) k.axpy(-lr, p.grad.data, p.data);
  zeroGrad(params);
  tape.dispose();
}

function release(params: Tensor[], x: Tensor): void {
  for (const p of params) {
    p.grad?.dispose();
    p.dispose();
  }
  x.dispose();
}

/** Trains `steps` steps; returns every loss and every gradient of every step, as raw float32 bits. */
function train(shape: NetShape, seed: number, steps: number): { losses: Float64Array; grads: Float32Array } {
  const { params, x, labels } = makeNet(shape, seed);
  const perStep = params.reduce((n, p) => n + p.size, 0);
  const losses = new Float64Array(steps);
  const grads = new Float32Array(steps * perStep);
  for (let s = 0; s < steps; s++) {
    sgdStep(params, x, labels, 0.05, (loss) => {
      losses[s] = loss;
      let o = s * perStep;
      for (const p of params) {
        grads.set(p.grad?.data ?? new Float32Array(p.size), o);
        o += p.size;
      }
    });
  }
  release(params, x);
  return { losses, grads };
}

/** Asserts two arrays hold the same bits, naming the first element that differs. */
function assertSameBits(what: string, a: Float32Array | Float64Array, b: Float32Array | Float64Array): void {
  const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), v = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  assert.equal(u.length, v.length, `${what}: lengths differ`);
  const at = u.findIndex((byte, i) => byte !== v[i]);
  if (at >= 0) {
    const i = Math.floor(at / a.BYTES_PER_ELEMENT);
    assert.fail(`${what}: element ${i} differs between runs: ${a[i]} vs ${b[i]}`);
  }
}


const wasm = wasmBackends();
const deep: NetShape = { inputs: 16, depth: 8, width: 32, classes: 4, batch: 16 };
const small: NetShape = { inputs: 8, depth: 3, width: 16, classes: 3, batch: 8 };

for (const backend of [referenceBackend, ...wasm]) {
  test(`${backend.name}: two 20-step trainings of an 8 × 32 tanh MLP give bit-identical losses and gradients`, () => {
    const [first, second] = onBackend(backend, () => [train(deep, 2024, 20), train(deep, 2024, 20)]);
    assert.ok(first.losses.every(Number.isFinite), "losses must be finite");
    assert.ok(first.losses[19] < first.losses[0], `SGD should lower the loss: ${first.losses[0]} → ${first.losses[19]}`);
    assertSameBits("losses", first.losses, second.losses);
    assertSameBits("gradients", first.grads, second.grads);
  });
}

/** Runs `steps` training steps after one warm-up step; returns the step at which `probe` first changed, or −1. */
function firstGrowth(probe: () => number[], steps: number): { at: number; before: number[]; after: number[] } {
  const { params, x, labels } = makeNet(small, 7);
  try {
    sgdStep(params, x, labels, 0.1);
    const before = probe();
    for (let s = 1; s <= steps; s++) {
      sgdStep(params, x, labels, 0.1);
      const after = probe();
      if (after.some((v, i) => v !== before[i])) return { at: s, before, after };
    }
    return { at: -1, before, after: before };
  } finally {
    release(params, x);
  }
}

for (const backend of wasm) {
  test(`${backend.name}: bytesInUse and the memory size stay constant over 2,000 training steps`, () => {
    const probe = () => [backend.allocator.bytesInUse(), backend.memory.buffer.byteLength];
    const r = onBackend(backend, () => firstGrowth(probe, 2000));
    assert.equal(r.at, -1, `[bytesInUse, memory bytes] went from [${r.before}] to [${r.after}] at step ${r.at}`);
  });
}

test("reference: bytesInUse stays constant over 2,000 training steps", () => {
  const r = onBackend(referenceBackend, () => firstGrowth(() => [referenceBackend.allocator.bytesInUse()], 2000));
  assert.equal(r.at, -1, `bytesInUse went from ${r.before} to ${r.after} at step ${r.at}`);
});
