import type { UnaryKind } from "../../../src/core/kernels/kernels.js";
import { createWasmBackend, relaxedSimdSupported, type WasmBackend, type WasmVariant } from "../../../src/core/kernels/wasm/index.js";

/** mulberry32: a small seeded PRNG returning uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `a` with uniform values in [lo, hi) from `rand`. */
export function fillUniform(a: Float32Array | Float64Array, rand: () => number, lo = -1, hi = 1): void {
  for (let i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rand();
}

/** The spacing of float32 numbers at |v| (2^-149 in the subnormal range and at 0; Infinity for non-finite v). */
export function ulp32(v: number): number {
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return Infinity;
  if (a < 2 ** -126) return 2 ** -149;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // guard log2 rounding
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 23);
}

/** Every UnaryKind, in the order of the type. */
export const UNARY_KINDS: readonly UnaryKind[] = [
  "identity", "neg", "exp", "log", "sqrt", "abs", "square", "reciprocal", "sigmoid", "tanh", "relu",
  "leakyRelu", "elu", "selu", "gelu", "silu", "softplus", "hardTanh",
];

/** The alpha each kind is tested with (leakyRelu's slope, elu's scale; ignored by the rest). */
export function alphaFor(kind: UnaryKind): number {
  return kind === "leakyRelu" ? 0.01 : kind === "elu" ? 1.3 : 0;
}

/** Both wasm builds; the relaxed one carries a skip message where the engine lacks relaxed SIMD. */
export function variants(): { variant: WasmVariant; skip: string | false }[] {
  return [
    { variant: "simd", skip: false },
    {
      variant: "relaxed-simd",
      skip: relaxedSimdSupported() ? false
        : "relaxed SIMD unsupported here (run node with --experimental-wasm-relaxed-simd)",
    },
  ];
}

/** A wasm backend of the variant plus a helper that copies numbers into a fresh float32 storage of its memory. */
export function backendWithArrays(variant: WasmVariant): {
  backend: WasmBackend;
  /** A float32 storage holding `values` (or `values` zeros when a number); take `.view()` right before use. */
  array: (values: ArrayLike<number> | number) => { view: () => Float32Array; release: () => void };
} {
  const backend = createWasmBackend({ variant });
  return {
    backend,
    array(values) {
      const size = typeof values === "number" ? values : values.length;
      const s = backend.allocator.allocate("float32", size);
      if (typeof values !== "number") s.view().set(values);
      return { view: () => s.view() as Float32Array, release: () => s.release() };
    },
  };
}
