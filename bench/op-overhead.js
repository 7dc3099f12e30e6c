// The fixed cost of one op through the tape: 10 tanh and a sum of a 4-element tensor, forward and
// backward, on the wasm backend; the arithmetic is negligible, so the figure is the per-op
// overhead (tensor, storage, view, tape node, kernel call) that small networks such as W2 pay ~40
// times a step. Median of 7 rounds.
//
//   npx tsc -p tsconfig.json && node --experimental-wasm-relaxed-simd bench/op-overhead.js
const core = await import("../dist/src/core/index.js");
const { createWasmBackend } = await import("../dist/src/core/kernels/wasm/index.js");

const wasm = createWasmBackend();
core.setBackend({ name: `wasm-${wasm.variant}`, kernels: wasm.kernels, allocator: wasm.allocator });
const a = core.tensor([1, 2, 3, 4], [4]).trainable();
const OPS = 11, ITERATIONS = 20_000;

function round() {
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const tape = new core.Tape();
    const y = tape.run(() => {
      let z = a;
      for (let j = 0; j < OPS - 1; j++) z = core.tanh(z);
      return core.sum(z);
    });
    tape.backward(y);
    core.zeroGrad([a]);
    tape.dispose();
  }
  return ((performance.now() - t0) * 1000) / ITERATIONS / OPS;
}

round(); // warm-up
const rounds = Array.from({ length: 7 }, round).sort((x, y) => x - y);
console.log(`${rounds[3].toFixed(2)} µs per op, forward + backward (${core.getBackend().name}; rounds ${rounds.map((r) => r.toFixed(2)).join(" ")})`);
