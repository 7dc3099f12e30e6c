// The statistics kernels: the WebAssembly SIMD set equals the TypeScript definitions on tensors
// of every length (tails of the 8-wide loops) and on adversarial values (NaN, ±Inf, histogram
// edges, denormals); histogram edges are exactly the boundaries of binOf; the saturation band is
// exactly the saturation test on every float32 near its ends.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, zeros } from "../../src/core/index.js";
import { resolveActivation } from "../../src/nn/index.js";
import { WasmAllocator } from "../../src/core/kernels/wasm/allocator.js";
import { wasmApi } from "../../src/core/kernels/wasm/webassembly.js";
import { getBackend, relaxedSimdSupported } from "../../src/core/index.js";
import {
  addToHistogram, binOf, binning, defaultHistogram, jsStatKernels, saturationRule, statKernelsFor, wasmStatKernels, type Binning,
} from "../../src/probes/index.js";
import { SUMSQ_RELATIVE_ERROR } from "../../src/probes/wasm/stat-module.js";
import { close, onBackend } from "./helpers.js";
import { wasmBackends } from "../helpers/backends.js";

const LENGTHS = [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257, 1000, 2500];

/** Values that stress the kernels: random normals of several scales, then specials spread over the array. */
function values(rng: Rng, n: number, bins: Binning): number[] {
  const specials = [0, -0, 1, -1, 4, -4, 1e-40, -1e-40, 3e38, -3e38, Infinity, -Infinity, ...Array.from(bins.edges.subarray(1, -1))];
  return Array.from({ length: n }, (_, i) => (i % 5 === 4 ? specials[(i * 7) % specials.length] : rng.normal() * [0.01, 1, 3, 100][i % 4]));
}

/** The bin of v by comparison with the edges: edges[k] ≤ v < edges[k + 1]. */
function naiveBin(v: number, edges: Float64Array): number {
  let k = 0;
  while (!(v >= edges[k] && v < edges[k + 1])) k++;
  return k;
}

test("histogram edges are exactly the boundaries of binOf, for doubles and float32 alike", () => {
  const rng = new Rng(3);
  for (const spec of [defaultHistogram, { bins: 7, lo: -1.3, hi: 2.9 }, { bins: 100, lo: 0, hi: 1 }, { bins: 1, lo: -1e-3, hi: 5e-4 }]) {
    const b = binning(spec);
    assert.equal(b.edges.length, spec.bins + 3);
    assert.equal(b.edges[1], spec.lo);
    for (let k = 1; k < b.edges.length; k++) assert.ok(b.edges[k] > b.edges[k - 1]);
    const probes: number[] = [];
    for (const e of b.edges.subarray(1, -1)) probes.push(e, Math.fround(e), e * (1 + 1e-16), e * (1 - 1e-16), e + 1e-300, e - 1e-300);
    for (let i = 0; i < 20000; i++) probes.push(spec.lo + (spec.hi - spec.lo) * (rng.uniform() * 1.4 - 0.2), Math.fround(rng.normal()));
    for (const v of probes) assert.equal(binOf(v, b.lo, b.scale, b.last), naiveBin(v, b.edges), `${v} in ${JSON.stringify(spec)}`);
    assert.equal(binOf(NaN, b.lo, b.scale, b.last), -1);
  }
});

test("the saturation band is exactly the saturation test on float32 outputs near its ends", () => {
  const f32 = new Float32Array(1), bits = new Int32Array(f32.buffer);
  for (const name of ["tanh", "sigmoid"]) {
    const rule = saturationRule(resolveActivation(name));
    assert.ok(rule.band !== null);
    const [lo, hi] = rule.band;
    const check = (v: number) => {
      const a = Float32Array.of(v);
      assert.equal(rule.count(a, a) === 1, v <= lo || v >= hi, `${name} at ${v}`);
    };
    for (const end of [lo, hi]) {
      f32[0] = end;
      const at = bits[0];
      for (let d = -20000; d <= 20000; d++) {
        bits[0] = at + d;
        check(f32[0]);
      }
    }
    const rng = new Rng(9);
    for (let i = 0; i < 20000; i++) check(Math.fround(rng.uniformIn(-1.5, 1.5)));
    for (const v of [0, -0, 0.5, 1, -1, 1e-30, Infinity, -Infinity]) check(v);
  }
  assert.deepEqual(saturationRule(resolveActivation("relu")).band, [0, NaN]);
  assert.equal(saturationRule(resolveActivation("gelu")).band, null);
});

const variants = relaxedSimdSupported() ? (["simd", "relaxed-simd"] as const) : (["simd"] as const);
for (const backend of wasmBackends()) for (const variant of variants) {
  test(`the ${variant} statistics equal the TypeScript definitions (${backend.name})`, () => {
    onBackend(backend, () => {
      const bins = binning(defaultHistogram);
      const allocator = getBackend().allocator;
      assert.ok(allocator instanceof WasmAllocator);
      const k = wasmStatKernels(allocator, bins.edges.length, variant);
      assert.ok(k !== null);
      assert.equal(k.name, `wasm-${variant}`);
      const js = jsStatKernels, rng = new Rng(17), bands: [number, number][] = [[-0.9, 0.9], [0, NaN], [NaN, NaN], [0.01, 0.99]];
      for (const n of LENGTHS) {
        const ta = zeros([n]), tb = zeros([n]);
        const a = ta.data, b = tb.data;
        a.set(values(rng, n, bins));
        b.set(Array.from(a, (v, i) => (i % 3 === 0 ? v : v + rng.normal() * 1e-3)));
        const finiteA = Float32Array.from(a, (v) => (Number.isFinite(v) ? v : 0.5)), finiteB = Float32Array.from(b, (v) => (Number.isFinite(v) ? v : 0.5));
        a.set(finiteA);
        b.set(finiteB);
        close(k.sumOfSquares(a), js.sumOfSquares(a), SUMSQ_RELATIVE_ERROR, `sumsq n=${n}`);
        const w = new Float64Array(2), j = new Float64Array(2);
        k.squaredChange(b, a, w);
        js.squaredChange(b, a, j);
        close(w[0], j[0], 1e-12, `Σ before² n=${n}`);
        close(w[1], j[1], 1e-12, `Σ Δ² n=${n}`);
        assert.equal(k.allFinite(a), true);
        a.set(values(rng, n, bins));
        for (const band of bands) {
          const cw = new Uint32Array(2 * bins.edges.length), cj = new Uint32Array(2 * bins.edges.length);
          const shift = n > 0 && Number.isFinite(a[0]) ? a[0] : 0;
          const sw = k.activations(a, shift, bins, cw, 3, band[0], band[1], w, null);
          const sj = js.activations(a, shift, bins, cj, 3, band[0], band[1], j, null);
          assert.equal(sw, sj, `band count n=${n} ${band}`);
          assert.deepEqual(cw, cj, `histogram n=${n}`);
          close(w[0], j[0], 1e-12, `Σ d n=${n}`);
          close(w[1], j[1], 1e-12, `Σ d² n=${n}`);
        }
        for (const at of n > 0 ? [0, n - 1, n >> 1] : []) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            const keep = a[at];
            a[at] = bad;
            assert.equal(k.allFinite(a), false, `allFinite n=${n} ${bad} at ${at}`);
            const cw = new Uint32Array(bins.edges.length - 1), cj = new Uint32Array(bins.edges.length - 1);
            k.activations(a, 0, bins, cw, 0, -0.5, 0.5, w, null);
            js.activations(a, 0, bins, cj, 0, -0.5, 0.5, j, null);
            assert.deepEqual(cw, cj, `histogram with ${bad} n=${n}`);
            a[at] = keep;
          }
        }
        ta.dispose();
        tb.dispose();
      }
      k.dispose();
    });
  });
}

// sumsq sums float32 blocks of 1024 in float32: checked where that is weakest (one sign, wide
// range) and where f32 squares leave their range (vanishing δ down to 1e-40, huge values), per block.
for (const backend of wasmBackends()) for (const variant of variants) {
  test(`the ${variant} sumsq stays within its bound where float32 squares overflow or underflow (${backend.name})`, () => {
    onBackend(backend, () => {
      const k = wasmStatKernels(getBackend().allocator as WasmAllocator, 3, variant);
      assert.ok(k !== null);
      const rng = new Rng(23), n = 3 * 1024 + 5;
      const t = zeros([n]), a = t.data;
      const f64 = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v * v, 0);
      for (const scale of [1, 1e-18, 1e-22, 1e-30, 1e-40, 1e19, 1e30]) {
        a.set(Array.from({ length: n }, (_, i) => scale * 2 ** (6 * rng.uniform() - 3) * (i % 2 === 0 ? 1 : -1)));
        const ours = k.sumOfSquares(a), ref = f64(a);
        assert.ok(ref > 0 && Number.isFinite(ref), `scale ${scale}: reference ${ref}`);
        assert.ok(Math.abs(ours - ref) <= SUMSQ_RELATIVE_ERROR * ref, `scale ${scale}: ${ours} vs float64 ${ref}`);
      }
      a.fill(0.5);
      a[1500] = 3e38;
      close(k.sumOfSquares(a), f64(a), SUMSQ_RELATIVE_ERROR, "one huge value in the second block");
      a[2049] = NaN;
      assert.ok(Number.isNaN(k.sumOfSquares(a)), "NaN in the third block");
      t.dispose();
      k.dispose();
    });
  });
}

// The byte-index histogram (activations8) works in blocks of 4080 elements and needs last ≤ 254;
// longer tensors span blocks, and finer histograms take the one-by-one kernel.
for (const backend of wasmBackends()) {
  test(`the wasm activation statistics equal the TypeScript definitions across blocks and bin counts (${backend.name})`, () => {
    onBackend(backend, () => {
      const rng = new Rng(23);
      for (const spec of [defaultHistogram, { bins: 253, lo: -2, hi: 3 }, { bins: 254, lo: -2, hi: 3 }, { bins: 600, lo: -3, hi: 3 }, { bins: 2, lo: 0, hi: 1 }]) {
        const bins = binning(spec);
        const k = wasmStatKernels(getBackend().allocator as WasmAllocator, bins.edges.length);
        assert.ok(k !== null);
        for (const n of [4079, 4080, 4081, 4096, 8160, 8161, 12345]) {
          const ta = zeros([n]), a = ta.data;
          a.set(values(rng, n, bins));
          if (n === 8161) a.fill(0.25, 100, 8000); // one bin for whole blocks: 255 per lane, the most a byte counts
          const w = new Float64Array(2), j = new Float64Array(2);
          const cw = new Uint32Array(bins.edges.length + 1), cj = new Uint32Array(bins.edges.length + 1);
          assert.equal(k.activations(a, 0.1, bins, cw, 2, -0.5, 0.75, w, null), jsStatKernels.activations(a, 0.1, bins, cj, 2, -0.5, 0.75, j, null), `band count n=${n}`);
          assert.deepEqual(cw, cj, `histogram n=${n} ${JSON.stringify(spec)}`);
          close(w[0], j[0], 1e-12, `Σ d n=${n}`);
          a[n >> 1] = NaN;
          cw.fill(0);
          cj.fill(0);
          k.activations(a, 0.1, bins, cw, 0, -0.5, 0.75, w, null);
          jsStatKernels.activations(a, 0.1, bins, cj, 0, -0.5, 0.75, j, null);
          assert.deepEqual(cw, cj, `histogram with a NaN n=${n}`);
          ta.dispose();
        }
        k.dispose();
      }
    });
  });
}

// activations(…, check) tests another tensor for NaN/±Inf in the same pass (fused into activations8 when it is a float32
// view of the same length; separately otherwise): out[2] is 0 when all are finite, else NaN, exactly as the TypeScript set.
for (const backend of wasmBackends()) {
  test(`the activations pass checks another tensor for NaN and ±Inf, fused or not (${backend.name})`, () => {
    onBackend(backend, () => {
      const rng = new Rng(29);
      for (const spec of [defaultHistogram, { bins: 600, lo: -3, hi: 3 }]) {
        const bins = binning(spec);
        const k = wasmStatKernels(getBackend().allocator as WasmAllocator, bins.edges.length);
        assert.ok(k !== null);
        for (const n of [1, 3, 16, 17, 63, 64, 65, 4081]) {
          const ta = zeros([n]), th = zeros([n]), tshort = zeros([Math.max(0, n - 1)]);
          const a = ta.data, h = th.data;
          a.set(Array.from({ length: n }, () => Math.tanh(rng.normal())));
          h.set(Array.from({ length: n }, () => rng.normal() * 3));
          const counts = new Uint32Array(bins.edges.length);
          const run = (kernels: typeof k | typeof jsStatKernels, check: Float32Array | Float64Array | null) => {
            const out = new Float64Array(3).fill(7);
            kernels.activations(a, 0, bins, counts, 0, -0.9, 0.9, out, check);
            return out[2];
          };
          for (const check of [h, a, Float32Array.from(h), tshort.data]) {
            assert.equal(run(k, check), 0, `finite check n=${n} length ${check.length}`);
            assert.equal(run(jsStatKernels, check), 0);
          }
          assert.equal(run(k, null), 7, "no check leaves out[2] alone");
          for (const at of [0, n - 1, n >> 1, n - 4 >= 0 ? n - 4 : 0]) {
            for (const bad of [NaN, Infinity, -Infinity]) {
              const keep = h[at];
              h[at] = bad;
              assert.ok(Number.isNaN(run(k, h)), `${bad} at ${at} of ${n} (wasm)`);
              assert.ok(Number.isNaN(run(jsStatKernels, h)), `${bad} at ${at} of ${n} (js)`);
              assert.ok(Number.isNaN(run(k, Float32Array.from(h))), `${bad} at ${at} of ${n} (JavaScript-heap check)`);
              h[at] = keep;
            }
          }
          assert.equal(run(k, h), 0, "finite again");
          ta.dispose(); th.dispose(); tshort.dispose();
        }
        k.dispose();
      }
    });
  });
}

test("statKernelsFor picks the wasm kernels on a wasm backend and TypeScript otherwise", () => {
  const edges = binning(defaultHistogram).edges.length;
  assert.equal(statKernelsFor("float32", edges).name, "js");
  for (const backend of wasmBackends()) {
    onBackend(backend, () => {
      const k = statKernelsFor("float32", edges);
      assert.match(k.name, /^wasm-/);
      assert.equal(statKernelsFor("float64", edges).name, "js");
      k.dispose();
    });
  }
});

test("the wasm statistics also run on a shared memory (the threaded backend's)", () => {
  const memory = new (wasmApi().Memory)({ initial: 2, maximum: 64, shared: true } as { initial: number });
  const allocator = new WasmAllocator(memory, 1024);
  const bins = binning(defaultHistogram);
  const k = wasmStatKernels(allocator, bins.edges.length);
  assert.ok(k !== null);
  const storage = allocator.allocate("float32", 1001);
  const a = storage.view();
  assert.ok(a.buffer instanceof SharedArrayBuffer);
  const rng = new Rng(5);
  a.set(values(rng, a.length, bins));
  const cw = new Uint32Array(bins.edges.length - 1), cj = new Uint32Array(bins.edges.length - 1), w = new Float64Array(2), j = new Float64Array(2);
  assert.equal(k.activations(a, 0, bins, cw, 0, -0.9, 0.9, w, null), jsStatKernels.activations(a, 0, bins, cj, 0, -0.9, 0.9, j, null));
  assert.deepEqual(cw, cj);
  close(k.sumOfSquares(a), jsStatKernels.sumOfSquares(a), SUMSQ_RELATIVE_ERROR, "sumsq");
  storage.release();
  k.dispose();
});

test("the TypeScript histogram counts every non-NaN value once", () => {
  const bins = binning({ bins: 4, lo: -1, hi: 1 });
  const counts = new Uint32Array(6);
  addToHistogram([-2, -1, -0.5, 0, 0.49, 0.5, 1, 2, NaN, Infinity, -Infinity], bins, counts, 0);
  assert.deepEqual(Array.from(counts), [2, 1, 1, 2, 1, 3]);
});
