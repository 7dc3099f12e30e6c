import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { decodeBase64 } from "../../../src/core/kernels/wasm/base64.js";
import { compileWasmBackend, createWasmBackend, relaxedSimdSupported } from "../../../src/core/kernels/wasm/index.js";
import { mulberry32 } from "./helpers.js";

describe("wasm loader", () => {
  it("decodes base64 exactly like Buffer, with and without padding", () => {
    const rand = mulberry32(11);
    for (let len = 0; len < 70; len++) {
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
      const text = Buffer.from(bytes).toString("base64");
      assert.deepEqual(decodeBase64(text), bytes);
      assert.deepEqual(decodeBase64(text.replace(/=+$/, "")), bytes);
    }
    assert.throws(() => decodeBase64("ab$d"), /invalid base64/);
  });

  it("builds the plain SIMD backend and names its kernels", () => {
    const backend = createWasmBackend({ variant: "simd" });
    assert.equal(backend.variant, "simd");
    assert.equal(backend.kernels.name, "wasm-simd");
    assert.equal(backend.allocator.name, "wasm");
  });

  it("'auto' picks relaxed SIMD exactly when the engine validates it", () => {
    const backend = createWasmBackend();
    assert.equal(backend.variant, relaxedSimdSupported() ? "relaxed-simd" : "simd");
  });

  it("compiles asynchronously too", async () => {
    const backend = await compileWasmBackend({ variant: "simd" });
    const s = backend.allocator.allocate("float32", 4);
    s.view().set([1, 2, 3, 4]);
    backend.kernels.unary("square", s.view(), s.view(), 0);
    assert.deepEqual(Array.from(s.view()), [1, 4, 9, 16]);
  });

  it("without relaxed SIMD: 'relaxed-simd' throws a clear error and 'auto' falls back to plain SIMD", (t) => {
    // a child Node without --experimental-wasm-relaxed-simd
    const loader = fileURLToPath(new URL("../../../src/core/kernels/wasm/index.js", import.meta.url));
    const script = `
      const m = await import(${JSON.stringify(loader)});
      let message = "";
      try { m.createWasmBackend({ variant: "relaxed-simd" }); } catch (e) { message = e.message; }
      console.log(JSON.stringify({ supported: m.relaxedSimdSupported(), auto: m.createWasmBackend().variant, message }));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as { supported: boolean; auto: string; message: string };
    if (result.supported) {
      t.skip("this Node enables relaxed SIMD by default; the unsupported path cannot be exercised");
      return;
    }
    assert.equal(result.auto, "simd");
    assert.match(result.message, /does not support WebAssembly relaxed SIMD/);
  });

  it("rejects an unknown variant", () => {
    assert.throws(() => createWasmBackend({ variant: "avx" as "simd" }), /unknown wasm variant/);
  });
});
