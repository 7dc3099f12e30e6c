// ns per element of the wasm elementwise forward kernels (or, with --backward, the backward
// kernels dx = dy·f'(x), given x, the saved y = f(x) and dy) on 8192 float32 in [−3, 3]: the
// median of seven timed rounds of 2000 calls each, after 200 warm-up calls.
//
//   node --experimental-wasm-relaxed-simd bench/unary-speed.js [auto|simd|relaxed-simd] [--backward] [kind ...]
import { createWasmBackend } from "../dist/src/core/kernels/wasm/index.js";

const args = process.argv.slice(2);
const backward = args.includes("--backward");
const [variant = "auto", ...listed] = args.filter((a) => a !== "--backward");
const kinds = listed.length > 0 ? listed : ["tanh", "sigmoid", "exp", "relu", "identity"];
const wasm = createWasmBackend({ variant });
const n = 8192, reps = 2000;
const [xs, ys, dys, dxs] = [0, 1, 2, 3].map(() => wasm.allocator.allocate("float32", n));
const x = xs.view(), y = ys.view(), dy = dys.view(), dx = dxs.view();
for (let i = 0; i < n; i++) { x[i] = Math.sin(i) * 3; dy[i] = Math.cos(i); }
for (const kind of kinds) {
  const alpha = kind === "elu" ? 1 : 0;
  wasm.kernels.unary(kind, x, y, alpha);
  const call = backward
    ? () => wasm.kernels.unaryBackward(kind, x, y, dy, dx, alpha)
    : () => wasm.kernels.unary(kind, x, y, alpha);
  for (let i = 0; i < 200; i++) call();
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    rounds.push(((performance.now() - t0) * 1e6) / reps / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${wasm.variant} ${backward ? "bwd" : "fwd"} ${kind.padEnd(9)} ${rounds[3].toFixed(3)} ns/element`);
}
