// ns per element of the wasm elementwise forward kernels on 8192 float32 in [−3, 3]: the median of
// seven timed rounds of 2000 calls each, after 200 warm-up calls.
//
//   node --experimental-wasm-relaxed-simd bench/unary-speed.js [auto|simd|relaxed-simd] [kind ...]
import { createWasmBackend } from "../dist/src/core/kernels/wasm/index.js";

const [variant = "auto", ...listed] = process.argv.slice(2);
const kinds = listed.length > 0 ? listed : ["tanh", "sigmoid", "exp", "relu", "identity"];
const wasm = createWasmBackend({ variant });
const n = 8192, reps = 2000;
const xs = wasm.allocator.allocate("float32", n), ys = wasm.allocator.allocate("float32", n);
const x = xs.view(), y = ys.view();
for (let i = 0; i < n; i++) x[i] = Math.sin(i) * 3;
for (const kind of kinds) {
  for (let i = 0; i < 200; i++) wasm.kernels.unary(kind, x, y, 0);
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) wasm.kernels.unary(kind, x, y, 0);
    rounds.push(((performance.now() - t0) * 1e6) / reps / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${wasm.variant} ${kind.padEnd(9)} ${rounds[3].toFixed(3)} ns/element`);
}
