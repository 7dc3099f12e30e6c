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
