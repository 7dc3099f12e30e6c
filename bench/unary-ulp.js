// Exhaustive accuracy scan of the wasm elementwise forward kernels: runs a kind over EVERY float32
// bit pattern (or a range of them) through the plain-SIMD and the relaxed-SIMD builds, checks
// that both builds give bit-identical results, and reports the largest error in ulps of the
// exact float64 value (ulp as in test/core/kernels/helpers.ts: 2^-149 in the subnormal range),
// where it occurs, and NaN/Inf mismatches against the float64 reference.
//
//   node --experimental-wasm-relaxed-simd bench/unary-ulp.js tanh [sigmoid ...] [--from X --to Y] [--stride K] [--alpha A]
//
// Without --from/--to every one of the 2^32 patterns is scanned (about seven minutes a kind on a
// shared 2-core machine); --stride K takes every K-th pattern; --alpha A is elu's alpha (default 1).
import { createWasmBackend } from "../dist/src/core/kernels/wasm/index.js";
import { unaryForward } from "../dist/src/core/kernels/reference/index.js";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const kinds = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
if (kinds.length === 0) throw new Error("usage: bench/unary-ulp.js <kind> [...] [--from X --to Y] [--stride K]");
const stride = option("--stride", 1);
const alpha = (kind) => (kind === "elu" ? option("--alpha", 1) : 0);

const f64 = new Float64Array(1), f64Words = new Uint32Array(f64.buffer); // [low, high] on little-endian hosts
/** The f32 ulp of an exact value v: 2^(floor(log2|v|) − 23) from v's f64 exponent bits, 2^-149 below 2^-126. */
function ulp32(v) {
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return Infinity;
  if (a < 2 ** -126) return 2 ** -149;
  f64[0] = a;
  f64Words[1] = (f64Words[1] & 0x7ff00000) - (23 << 20); // the power of two of a, divided by 2^23
  f64Words[0] = 0;
  return f64[0];
}

/** Bit-pattern ranges [lo, hi) of the scan: all of them, or the float32 values in [from, to] of one sign. */
function ranges() {
  if (!args.includes("--from")) return [[0, 2 ** 32]];
  const bits = (v) => new Uint32Array(Float32Array.of(v).buffer)[0];
  const from = option("--from", 0), to = option("--to", 0);
  if (from >= 0) return [[bits(from), bits(to) + 1]];
  if (to <= 0) return [[bits(to), bits(from) + 1]];
  return [[bits(0), bits(to) + 1], [bits(-0), bits(from) + 1]];
}

const CHUNK = 1 << 20;
const simd = createWasmBackend({ variant: "simd" });
const relaxed = createWasmBackend({ variant: "relaxed-simd" });
const buffers = [simd, relaxed].map((w) => ({
  x: w.allocator.allocate("float32", CHUNK), y: w.allocator.allocate("float32", CHUNK),
}));

for (const kind of kinds) {
  const started = performance.now();
  const a = alpha(kind);
  let worst = 0, worstAt = NaN, scanned = 0, buildMismatch = 0, specialMismatch = 0, firstProblem = "";
  const hist = new Float64Array(9); // [0, .5), [.5, 1), ... [3.5, 4), ≥ 4
  for (const [lo, hi] of ranges()) {
    for (let start = lo; start < hi; start += CHUNK * stride) {
      const count = Math.min(CHUNK, Math.ceil((hi - start) / stride));
      const xs = new Float32Array(count);
      const xb = new Uint32Array(xs.buffer);
      for (let i = 0; i < count; i++) xb[i] = (start + i * stride) >>> 0;
      const out = [simd, relaxed].map((w, k) => {
        const x = buffers[k].x.view().subarray(0, count), y = buffers[k].y.view().subarray(0, count);
        x.set(xs);
        w.kernels.unary(kind, x, y, a);
        return y;
      });
      const ya = new Uint32Array(out[0].buffer, out[0].byteOffset, count);
      const yb = new Uint32Array(out[1].buffer, out[1].byteOffset, count);
      for (let i = 0; i < count; i++) {
        if (ya[i] !== yb[i] && !(Number.isNaN(out[0][i]) && Number.isNaN(out[1][i]))) {
          if (buildMismatch++ === 0) firstProblem ||= `builds differ at x = ${xs[i]}`;
        }
        const ours = out[0][i];
        const exact = unaryForward(kind, xs[i], a);
        const ref32 = Math.fround(exact);
        if (Number.isNaN(exact) || Number.isNaN(ours) || !Number.isFinite(ref32) || !Number.isFinite(ours)) {
          const same = Number.isNaN(exact) ? Number.isNaN(ours) : ours === ref32;
          if (!same && specialMismatch++ === 0) firstProblem ||= `${kind}(${xs[i]}) = ${ours}, reference ${ref32}`;
          continue;
        }
        const err = Math.abs(ours - exact) / ulp32(exact);
        hist[Math.min(8, Math.floor(err * 2))]++;
        if (err > worst) { worst = err; worstAt = xs[i]; }
      }
      scanned += count;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(JSON.stringify({
    kind, alpha: a, scanned, stride, maxUlp: Number(worst.toFixed(3)), at: worstAt, buildMismatch, specialMismatch,
    firstProblem, histogramHalfUlp: Array.from(hist), seconds,
  }));
}
