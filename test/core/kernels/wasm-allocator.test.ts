import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWasmBackend } from "../../../src/core/kernels/wasm/index.js";

describe("wasm allocator", () => {
  it("hands out zero-filled, 16-byte-aligned blocks of the backend's memory, both dtypes", () => {
    const { allocator, memory } = createWasmBackend({ variant: "simd" });
    for (const size of [0, 1, 3, 4, 5, 17, 1000]) for (const dtype of ["float32", "float64"] as const) {
      const s = allocator.allocate(dtype, size);
      const v = s.view();
      assert.equal(v.length, size);
      assert.equal(v.buffer, memory.buffer);
      assert.equal(v.byteOffset % 16, 0);
      assert.ok(v.every((e) => e === 0));
      assert.ok(dtype === "float32" ? v instanceof Float32Array : v instanceof Float64Array);
    }
  });

  it("reuses a released block of the same size, zero-filled again", () => {
    const { allocator } = createWasmBackend({ variant: "simd" });
    const a = allocator.allocate("float32", 100);
    const offset = a.view().byteOffset;
    a.view().fill(7);
    a.release();
    const b = allocator.allocate("float32", 100);
    assert.equal(b.view().byteOffset, offset);
    assert.ok(b.view().every((e) => e === 0));
    const c = allocator.allocate("float32", 100); // the free list is empty again: a new block
    assert.notEqual(c.view().byteOffset, offset);
  });

  it("a reused block's view is the released one only for the same dtype and length, and never a detached one", () => {
    const { allocator, memory } = createWasmBackend({ variant: "simd" });
    const a = allocator.allocate("float32", 100);
    const va = a.view();
    va.fill(3);
    a.release();
    const b = allocator.allocate("float32", 100);
    assert.equal(b.view(), va, "same dtype and length: the view serves again");
    assert.ok(b.view().every((e) => e === 0), "and the block is zero-filled again");
    b.release();
    const c = allocator.allocate("float64", 50); // the same 400-byte block
    assert.ok(c.view() instanceof Float64Array && c.view().length === 50);
    assert.equal(c.view().byteOffset, va.byteOffset);
    c.release();
    const d = allocator.allocate("float32", 99); // the same block again, another length
    assert.equal(d.view().length, 99);
    d.release();
    // after the memory grew, a released block's old (detached) view is never handed out
    const e = allocator.allocate("float32", 100);
    const ve = e.view();
    e.release();
    allocator.allocate("float32", 4_000_000); // 16 MB: forces memory.grow
    assert.equal(ve.length, 0, "the old view is detached");
    const f = allocator.allocate("float32", 100);
    assert.equal(f.view().buffer, memory.buffer);
    assert.equal(f.view().length, 100);
  });

  it("the kernels take views made before and after a growth of the memory", () => {
    const { allocator, kernels } = createWasmBackend({ variant: "simd" });
    const x = allocator.allocate("float32", 8), y = allocator.allocate("float32", 8);
    x.view().fill(2);
    kernels.axpy(1, x.view(), y.view());
    assert.deepEqual(Array.from(y.view()), new Array(8).fill(2));
    allocator.allocate("float32", 4_000_000); // grows: the kernels' remembered buffer is now detached
    kernels.axpy(0.5, x.view(), y.view());
    assert.deepEqual(Array.from(y.view()), new Array(8).fill(3));
  });

  it("keeps storages valid across memory growth (views are rebuilt, old views detach)", () => {
    const { allocator, memory } = createWasmBackend({ variant: "simd" });
    const a = allocator.allocate("float32", 1000);
    const before = a.view();
    before.set(Array.from({ length: 1000 }, (_, i) => i * 0.5));
    const pages = memory.buffer.byteLength;
    const big = allocator.allocate("float32", 4_000_000); // 16 MB: forces memory.grow
    assert.ok(memory.buffer.byteLength > pages);
    assert.equal(before.length, 0, "the old view is detached by growth");
    const after = a.view();
    assert.equal(after.buffer, memory.buffer);
    assert.equal(after[999], 999 * 0.5);
    assert.ok(big.view().every((e) => e === 0));
  });

  it("bytesInUse returns to its baseline after releasing everything; release twice is harmless", () => {
    const { allocator } = createWasmBackend({ variant: "simd" });
    const baseline = allocator.bytesInUse();
    const storages = [allocator.allocate("float32", 10), allocator.allocate("float64", 7), allocator.allocate("float32", 3)];
    assert.equal(allocator.bytesInUse(), baseline + 40 + 56 + 12);
    for (const s of storages) s.release();
    storages[0].release();
    assert.equal(allocator.bytesInUse(), baseline);
    assert.throws(() => storages[1].view(), /released/);
  });
});
