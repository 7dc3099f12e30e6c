// Tape semantics: what is recorded, what backward fills, how leaf gradients accumulate, and
// what dispose releases.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  GradscopeError, Tape, activeTape, add, exp, getBackend, matmul, mul, recordOp, referenceBackend, sum, tanh, zeroGrad, zeros, type Tensor,
} from "../../src/core/index.js";
import { assertClose, clearGrad, f32, f64 } from "../helpers/core.js";

/** L = Σ tanh(x·w + b) ⊙ c with every intermediate returned. */
function forward(x: Tensor, w: Tensor, b: Tensor) {
  const h = matmul(x, w);
  const z = add(h, b);
  const a = tanh(z);
  const loss = sum(mul(a, a));
  return { h, z, a, loss };
}

function fixture() {
  const x = f64([0.5, -1, 2, 0.25, 1, -0.5], [2, 3]);
  const w = f64([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [3, 2]).trainable();
  const b = f64([0.05, 0.1]).trainable(); // no z near 0: relative comparisons stay meaningful
  return { x, w, b };
}

/** The same gradients by hand: ∂L/∂a = 2a, ∂L/∂z = 2a(1 − a²), ∂L/∂w = xᵀ·∂z, ∂L/∂b = Σ_rows ∂z. */
function byHand(x: Tensor, w: Tensor, b: Tensor) {
  const [n, k] = x.shape, m = w.shape[1];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b.data[j];
      for (let p = 0; p < k; p++) s += x.data[i * k + p] * w.data[p * m + j];
      z.push(s);
    }
  }
  const a = z.map(Math.tanh);
  const da = a.map((v) => 2 * v);
  const dz = a.map((v) => 2 * v * (1 - v * v));
  const dw: number[] = [];
  for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x.data[i * k + p] * dz[i * m + j];
    dw.push(s);
  }
  const db = [0, 1].map((j) => dz[j] + dz[m + j]);
  return { da, dz, dw, db };
}

describe("tape: recording and backward", () => {
  test("after backward every intermediate holds ∂L/∂itself, and the leaves hold theirs", () => {
    const { x, w, b } = fixture();
    const tape = new Tape();
    const t = tape.run(() => forward(x, w, b));
    tape.backward(t.loss);
    const want = byHand(x, w, b);
    assert.deepEqual(t.loss.grad?.toArray(), [1]);
    assertClose(t.a.grad?.data ?? [], want.da, "∂L/∂a");
    assertClose(t.z.grad?.data ?? [], want.dz, "∂L/∂z");
    assertClose(t.h.grad?.data ?? [], want.dz, "∂L/∂h = ∂L/∂z");
    assertClose(w.grad?.data ?? [], want.dw, "∂L/∂w");
    assertClose(b.grad?.data ?? [], want.db, "∂L/∂b");
    assert.equal(x.grad, null, "x does not require a gradient");
    for (const g of [t.a.grad, t.z.grad, w.grad, b.grad]) assert.equal(g?.dtype, "float64");
    tape.dispose();
  });

  test("a tensor used twice (x·x) gets the summed gradient", () => {
    const x = f64([1.5, -2, 3]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(mul(x, x))));
    assert.deepEqual(x.grad?.toArray(), [3, -4, 6]);
    const y = f64([0.5, 1]).trainable();
    const t2 = new Tape();
    // y used on three paths: y·y + exp(y)
    t2.backward(t2.run(() => sum(add(mul(y, y), exp(y)))));
    assertClose(y.grad?.data ?? [], [1 + Math.exp(0.5), 2 + Math.E], "y·y + eʸ");
    tape.dispose();
    t2.dispose();
  });

  test("ops outside any tape record nothing", () => {
    assert.equal(activeTape(), null);
    const x = f64([1, 2]).trainable();
    const y = tanh(mul(x, x));
    assert.equal(y.node, null);
    assert.equal(y.requiresGrad, false);
    const tape = new Tape();
    assert.throws(() => tape.backward(y), GradscopeError);
    tape.dispose();
  });

  test("ops on tensors that need no gradient are not recorded, even inside a tape", () => {
    const tape = new Tape();
    const y = tape.run(() => tanh(f64([1, 2])));
    assert.equal(y.node, null);
    assert.equal(y.requiresGrad, false);
    tape.dispose();
  });

  test("activeTape is the innermost running tape and is restored afterwards, also after a throw", () => {
    const outer = new Tape(), inner = new Tape();
    outer.run(() => {
      assert.equal(activeTape(), outer);
      inner.run(() => assert.equal(activeTape(), inner));
      assert.equal(activeTape(), outer);
      assert.throws(() => inner.run(() => {
        throw new Error("boom");
      }));
      assert.equal(activeTape(), outer);
    });
    assert.equal(activeTape(), null);
    outer.dispose();
    inner.dispose();
  });

  test("backward with a seed computes the vector–Jacobian product", () => {
    const x = f64([1, 2, 3]).trainable();
    const tape = new Tape();
    const y = tape.run(() => mul(x, x));
    tape.backward(y, f64([1, 10, 100]));
    assert.deepEqual(x.grad?.toArray(), [2, 40, 600]);
    tape.dispose();
  });

  test("backward on a non-scalar without a seed throws", () => {
    const x = f64([1, 2, 3]).trainable();
    const tape = new Tape();
    const y = tape.run(() => mul(x, 2));
    assert.throws(() => tape.backward(y), (e: unknown) => e instanceof GradscopeError && /not a scalar/.test(e.message));
    tape.dispose();
  });

  test("float32 graphs get float32 gradients", () => {
    const x = f32([1, 2]).trainable();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(mul(x, 3))));
    assert.equal(x.grad?.dtype, "float32");
    assert.deepEqual(x.grad?.toArray(), [3, 3]);
    tape.dispose();
  });

  test("a custom op made with recordOp takes part in backward", () => {
    const cube = (t: Tensor): Tensor => {
      const y = zeros(t.shape, t.dtype);
      y.data.set(Array.from(t.data, (v) => v ** 3));
      return recordOp("cube", [t], y, (dy) => {
        const dx = zeros(t.shape, t.dtype);
        dx.data.set(Array.from(t.data, (v, i) => 3 * v * v * dy.data[i]));
        return [dx];
      });
    };
    const x = f64([1, -2]).trainable();
    const tape = new Tape();
    const y = tape.run(() => cube(x));
    assert.equal(y.node?.op, "cube");
    tape.backward(tape.run(() => sum(y)));
    assert.deepEqual(x.grad?.toArray(), [3, 12]);
    tape.dispose();
  });

  test("a backward that returns a gradient of the wrong shape is reported", () => {
    const bad = (t: Tensor): Tensor => recordOp("bad", [t], zeros(t.shape, t.dtype), () => [zeros([1], t.dtype)]);
    const x = f64([1, 2]).trainable();
    const tape = new Tape();
    const y = tape.run(() => sum(bad(x)));
    assert.throws(() => tape.backward(y), (e: unknown) => e instanceof GradscopeError && /bad backward/.test(e.message) && e.message.includes("[1]") && e.message.includes("[2]"));
    tape.dispose();
  });
});

describe("tape: gradient accumulation", () => {
  test("leaf gradients accumulate across two tapes, and zeroGrad releases them (set to none)", () => {
    const { x, w, b } = fixture();
    const want = byHand(x, w, b);
    for (let pass = 0; pass < 2; pass++) {
      const tape = new Tape();
      tape.backward(tape.run(() => forward(x, w, b).loss));
      tape.dispose();
    }
    assertClose(w.grad?.data ?? [], want.dw.map((v) => 2 * v), "2·∂L/∂w");
    assertClose(b.grad?.data ?? [], want.db.map((v) => 2 * v), "2·∂L/∂b");
    const before = w.grad;
    zeroGrad([w, b]);
    assert.equal(w.grad, null);
    assert.equal(b.grad, null);
    assert.ok(before?.isDisposed, "the old gradient's memory is released");
    const tape = new Tape();
    tape.backward(tape.run(() => forward(x, w, b).loss));
    tape.dispose();
    assertClose((w.grad as Tensor | null)?.data ?? [], want.dw, "∂L/∂w after zeroGrad");
    zeroGrad([f64([1]).trainable()]); // a tensor without gradient is fine
  });

  test("two backward passes on one tape add the leaf gradients exactly twice (intermediates are per pass)", () => {
    const { x, w, b } = fixture();
    const want = byHand(x, w, b);
    const tape = new Tape();
    const t = tape.run(() => forward(x, w, b));
    tape.backward(t.loss);
    tape.backward(t.loss);
    assertClose(w.grad?.data ?? [], want.dw.map((v) => 2 * v), "2·∂L/∂w");
    assertClose(b.grad?.data ?? [], want.db.map((v) => 2 * v), "2·∂L/∂b");
    assertClose(t.z.grad?.data ?? [], want.dz, "∂L/∂z of the latest pass");
    tape.dispose();
  });

  test("a second loss on the same tape does not re-send the first loss's gradient", () => {
    const x = f64([1, 2, 3]).trainable();
    const tape = new Tape();
    const first = tape.run(() => sum(mul(x, 5)));
    tape.backward(first);
    clearGrad(x);
    const second = tape.run(() => sum(mul(x, x)));
    tape.backward(second);
    assert.deepEqual(x.grad?.toArray(), [2, 4, 6]);
    tape.dispose();
  });
});

describe("tape: shared pass-through gradients", () => {
  test("x + b passes ∂h on to an intermediate x read by no other op without a copy, and copies it for one read twice", () => {
    const w = f64([0.5, -1, 2, 0.25], [2, 2]).trainable(), b = f64([0.1, -0.2]).trainable();
    const x = f64([1, 2, 3, 4], [2, 2]);
    const tape = new Tape();
    const once = tape.run(() => {
      const u = matmul(x, w), h = add(u, b);
      return { u, h, loss: sum(mul(tanh(h), 3)) };
    });
    tape.backward(once.loss);
    assert.equal(once.u.grad, once.h.grad, "the one reader's gradient serves as u's");
    const twice = tape.run(() => {
      const u = matmul(x, w), h1 = add(u, b), h2 = add(u, b);
      return { u, h1, h2, loss: add(sum(mul(tanh(h1), 3)), sum(mul(h2, h2))) };
    });
    const w0 = Float64Array.from(w.grad?.data ?? []);
    tape.backward(twice.loss);
    assert.notEqual(twice.u.grad, twice.h1.grad);
    assert.notEqual(twice.u.grad, twice.h2.grad);
    // ∂L/∂h1 = 3(1 − tanh²h1), ∂L/∂h2 = 2·h2, untouched by what was added into ∂L/∂u.
    const h1 = twice.h1.data, h2 = twice.h2.data;
    assertClose(twice.h1.grad?.data ?? [], Array.from(h1, (v) => 3 * (1 - Math.tanh(v) ** 2)), "∂L/∂h1");
    assertClose(twice.h2.grad?.data ?? [], Array.from(h2, (v) => 2 * v), "∂L/∂h2");
    assertClose(twice.u.grad?.data ?? [], Array.from(h1, (v, i) => 3 * (1 - Math.tanh(v) ** 2) + 2 * h2[i]), "∂L/∂u = ∂L/∂h1 + ∂L/∂h2");
    assert.ok((w.grad?.data ?? []).some((v, i) => v !== w0[i]), "w's gradient accumulated the second loss");
    tape.dispose();
  });
});

describe("tape: dispose", () => {
  test("releases intermediates and their gradients, keeps leaves, their gradients and kept tensors", () => {
    const allocator = referenceBackend.allocator; // float64 always lives on the JavaScript heap
    const { x, w, b } = fixture();
    const start = allocator.bytesInUse();
    const tape = new Tape();
    const t = tape.run(() => forward(x, w, b));
    const kept = tape.keep(t.a);
    tape.backward(t.loss);
    const zGrad = t.z.grad as Tensor;
    tape.dispose();
    tape.dispose(); // idempotent
    for (const gone of [t.h, t.z, t.loss, zGrad]) {
      assert.ok(gone.isDisposed);
      assert.throws(() => gone.data, GradscopeError);
      assert.throws(() => gone.toArray(), (e: unknown) => e instanceof GradscopeError && /after dispose/.test(e.message));
    }
    assert.ok(!kept.isDisposed);
    assert.equal(kept.node, null, "a kept tensor is cut from the released graph");
    assertClose(kept.data, t.a.data, "kept values");
    for (const leaf of [x, w, b, w.grad as Tensor, b.grad as Tensor]) assert.ok(!leaf.isDisposed);
    assertClose(w.grad?.data ?? [], byHand(x, w, b).dw, "∂L/∂w survives");
    assert.throws(() => tape.run(() => 1), GradscopeError, "run after dispose");
    // Still allocated: the leaf gradients (float64) plus the kept tensor, nothing else.
    assert.equal(allocator.bytesInUse() - start, (w.size + b.size + kept.size) * 8);
    assert.throws(() => add(t.z, 1), GradscopeError, "an op on a disposed tensor throws");
  });

  test("float32 intermediates are returned to the allocator", () => {
    const allocator = getBackend().allocator;
    const x = f32([1, 2, 3, 4], [2, 2]).trainable();
    const start = allocator.bytesInUse();
    const tape = new Tape();
    tape.backward(tape.run(() => sum(tanh(matmul(x, x)))));
    assert.ok(allocator.bytesInUse() > start);
    tape.dispose();
    assert.equal(allocator.bytesInUse() - start, x.size * 4, "only x.grad remains");
  });

  test("a leaf created inside the tape is the tape's: released with it", () => {
    const tape = new Tape();
    const inner = tape.run(() => f64([1, 2]).trainable());
    tape.backward(tape.run(() => sum(mul(inner, 3))));
    assert.deepEqual(inner.grad?.toArray(), [3, 3]);
    tape.dispose();
    assert.ok(inner.isDisposed);
  });
});
