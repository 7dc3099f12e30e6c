import { encodeModule, op, t, type FunctionDef, type Instr } from "./encoder.js";

// The probes' statistics as a WebAssembly SIMD module over float32 tensors in the backend's
// memory (pointers are byte offsets; n counts elements). Each function computes what its
// TypeScript definition in ../stat-kernels.ts computes: sums in float64 (in another order, over
// 8 elements a step with independent accumulators), counts and histogram bins identically.
// Further results are stored as f64 at the address `out`.

type Code = Instr[];

/** Sub-histograms of the activations kernel: element i of a step of 8 counts into sub-histogram i. */
export const SUB_HISTOGRAMS = 8;

/** Hands out local indices after the parameters. */
class Frame {
  readonly locals: number[] = [];
  constructor(private readonly params: number) {}
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }
  many(type: number, count: number): number[] {
    return Array.from({ length: count }, () => this.local(type));
  }
}

/** while (ptr < end) { body; bump each of `ptrs` by `step` bytes } */
function whileBelow(ptr: number, end: number, step: number, ptrs: number[], body: Code): Code {
  const bumps = ptrs.flatMap((p) => [op.get(p), op.i32Const(step), op.i32Add, op.set(p)]);
  return [op.block, op.loop, op.get(ptr), op.get(end), op.i32GeU, op.brIf(1), ...body, ...bumps, op.br(0), op.end, op.end];
}

/** end = p + 4n; vend = p + 4·(n rounded down to a multiple of 8): the SIMD part, then a scalar tail. */
function bounds(p: number, n: number, end: number, vend: number): Code {
  return [
    op.get(p), op.get(n), op.i32Const(2), op.i32Shl, op.i32Add, op.set(end),
    op.get(p), op.get(n), op.i32Const(-8), op.i32And, op.i32Const(2), op.i32Shl, op.i32Add, op.set(vend),
  ];
}

/** Two float32 at ptr + offset, as an f64x2. */
const pair = (ptr: number, offset: number): Code => [op.get(ptr), op.v128Load64Zero(offset), op.f64x2PromoteLowF32x4];
/** One float32 at ptr, as an f64. */
const scalar = (ptr: number): Code => [op.get(ptr), op.f32Load(), op.f64PromoteF32];
/** acc += v·v (f64x2), as one relaxed multiply-add when `fused` (the relaxed variant). */
const addSquare = (acc: number, v: number, fused: boolean): Code => (fused
  ? [op.get(v), op.get(v), op.get(acc), op.f64x2RelaxedMadd, op.set(acc)]
  : [op.get(acc), op.get(v), op.get(v), op.f64x2Mul, op.f64x2Add, op.set(acc)]);
/** s += x·x (f64). */
const addSquareScalar = (s: number, x: number): Code => [op.get(s), op.get(x), op.get(x), op.f64Mul, op.f64Add, op.set(s)];
/** The f64 sum of all lanes of the f64x2 accumulators. */
const sumLanes = (accs: number[]): Code => [
  ...accs.flatMap((a, j) => (j === 0 ? [op.get(a)] : [op.get(a), op.f64x2Add])), op.set(accs[0]),
  op.get(accs[0]), op.f64x2ExtractLane(0), op.get(accs[0]), op.f64x2ExtractLane(1), op.f64Add,
];
const quarters = [0, 1, 2, 3];

/** sumsq(p, n) → Σ x². */
function sumOfSquares(fused: boolean): FunctionDef {
  const [p, n] = [0, 1], f = new Frame(2);
  const [end, vend] = f.many(t.i32, 2), acc = f.many(t.v128, 4), v = f.local(t.v128), [s, x] = f.many(t.f64, 2);
  return {
    name: "sumsq", params: [t.i32, t.i32], results: [t.f64], locals: f.locals,
    body: [
      ...bounds(p, n, end, vend),
      ...whileBelow(p, vend, 32, [p], quarters.flatMap((j) => [...pair(p, 8 * j), op.set(v), ...addSquare(acc[j], v, fused)])),
      ...sumLanes(acc), op.set(s),
      ...whileBelow(p, end, 4, [p], [...scalar(p), op.set(x), ...addSquareScalar(s, x)]),
      op.get(s),
    ],
  };
}

/** change(after, before, n, out) → Σ (after − before)²; f64 at out = Σ before². */
function squaredChange(fused: boolean): FunctionDef {
  const [q, p, n, out] = [0, 1, 2, 3], f = new Frame(4);
  const [end, vend] = f.many(t.i32, 2), w = f.many(t.v128, 4), d = f.many(t.v128, 4), [b, e] = f.many(t.v128, 2);
  const [ws, ds, x, y] = f.many(t.f64, 4);
  return {
    name: "change", params: [t.i32, t.i32, t.i32, t.i32], results: [t.f64], locals: f.locals,
    body: [
      ...bounds(p, n, end, vend),
      ...whileBelow(p, vend, 32, [p, q], quarters.flatMap((j) => [
        ...pair(p, 8 * j), op.set(b), ...addSquare(w[j], b, fused),
        ...pair(q, 8 * j), op.get(b), op.f64x2Sub, op.set(e), ...addSquare(d[j], e, fused),
      ])),
      ...sumLanes(w), op.set(ws),
      ...sumLanes(d), op.set(ds),
      ...whileBelow(p, end, 4, [p, q], [
        ...scalar(p), op.set(x), ...scalar(q), op.get(x), op.f64Sub, op.set(y),
        ...addSquareScalar(ws, x), ...addSquareScalar(ds, y),
      ]),
      op.get(out), op.get(ws), op.f64Store(),
      op.get(ds),
    ],
  };
}

/** allFinite(p, n) → 1 when no element is NaN or ±Inf (Σ (x − x) over float32 lanes stays 0), else 0. */
function allFinite(): FunctionDef {
  const [p, n] = [0, 1], f = new Frame(2);
  const [end, vend] = f.many(t.i32, 2), [a0, a1, v, zero] = f.many(t.v128, 4), [ok, x] = [f.local(t.i32), f.local(t.f32)];
  const gap = (h: number, acc: number): Code => [op.get(acc), op.get(p), op.v128Load(16 * h), op.set(v), op.get(v), op.get(v), op.f32x4Sub, op.f32x4Add, op.set(acc)];
  return {
    name: "allFinite", params: [t.i32, t.i32], results: [t.i32], locals: f.locals,
    body: [
      ...bounds(p, n, end, vend),
      ...whileBelow(p, vend, 32, [p], [...gap(0, a0), ...gap(1, a1)]),
      op.get(a0), op.get(a1), op.f32x4Add, op.get(zero), op.f32x4Eq, op.i32x4AllTrue, op.set(ok),
      ...whileBelow(p, end, 4, [p], [op.get(p), op.f32Load(), op.set(x), op.get(ok), op.get(x), op.get(x), op.f32Sub, op.f32Const(0), op.f32Eq, op.i32And, op.set(ok)]),
      op.get(ok),
    ],
  };
}

/**
 * activations(p, n, shift, last, lo, scale, counts, satLo, satHi, out) → Σ (x − shift)²; f64s at out:
 * Σ (x − shift) and #{x : x ≤ satLo or x ≥ satHi} (the saturation band, compared in float32; NaN bounds count
 * nothing). In the same pass, the histogram: binOf of ../histogram.ts in float64,
 * k = ⌊pmin(pmax((x − lo)·scale, −1), last − 1)⌋ + 1, counted into SUB_HISTOGRAMS sub-histograms
 * of last + 1 u32 at `counts` (element i of a step of 8 goes to sub-histogram i, so that runs of
 * one bin do not wait on each other), which are then summed into the first. A NaN falls in bin 0
 * on the way and is taken back out at the end.
 */
function activations(fused: boolean): FunctionDef {
  const [p, n, shift, last, lo, scale, counts, satLo, satHi, out] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], f = new Frame(10);
  const [end, vend, stride, i, c, nan, sat] = f.many(t.i32, 7), base = f.many(t.i32, SUB_HISTOGRAMS);
  const [lov, sv, minusOne, lastv, loBand, hiBand, v, nanV, satV, shiftV, u, d, k, magic] = f.many(t.v128, 14);
  const baseV = f.many(t.v128, 4), sum = f.many(t.v128, 4), sq = f.many(t.v128, 4);
  const [satLo32, satHi32, x] = f.many(t.f32, 3), [a, b, y, tt] = f.many(t.f64, 4);
  /** NaN and saturation counts of the 4 floats at p + 16h. */
  const screen = (h: number): Code => [
    op.get(p), op.v128Load(16 * h), op.set(v),
    op.get(nanV), op.get(v), op.get(v), op.f32x4Ne, op.i32x4Sub, op.set(nanV),
    op.get(satV), op.get(v), op.get(loBand), op.f32x4Le, op.get(v), op.get(hiBand), op.f32x4Ge, op.v128Or, op.i32x4Sub, op.set(satV),
  ];
  const increment = (addr: Code): Code => [...addr, op.set(i), op.get(i), op.get(i), op.i32Load(), op.i32Const(1), op.i32Add, op.i32Store()];
  /** The pair of floats at p + 8j: Σ d and Σ d² with d = x − shift, and their bins counted into sub-histograms 2j, 2j + 1. */
  const pairOf = (j: number): Code => [
    ...pair(p, 8 * j), op.set(u),
    op.get(u), op.get(shiftV), op.f64x2Sub, op.set(d),
    op.get(sum[j]), op.get(d), op.f64x2Add, op.set(sum[j]), ...addSquare(sq[j], d, fused),
    op.get(u), op.get(lov), op.f64x2Sub, op.get(sv), op.f64x2Mul,
    // NOTE: pmax(−1, t) = (−1 < t ? t : −1) also turns NaN into −1 (bin 0, taken back out at the end), and
    // ⌊t⌋ + 1.5·2⁵² then holds the integer ⌊t⌋ ≥ −1 as two's complement in its low 32 bits (i32x4 lanes 0
    // and 2), cheaper than a conversion.
    op.set(d), op.get(minusOne), op.get(d), op.f64x2Pmax, op.get(lastv), op.f64x2Pmin, op.f64x2Floor, op.get(magic), op.f64x2Add,
    op.i32Const(2), op.i32x4Shl, op.get(baseV[j]), op.i32x4Add, op.set(k),
    ...increment([op.get(k), op.i32x4ExtractLane(0)]),
    ...increment([op.get(k), op.i32x4ExtractLane(2)]),
  ];
  const splat64 = (value: Code, into: number): Code => [...value, op.f64x2Splat, op.set(into)];
  const splat32 = (value: Code, into: number): Code => [...value, op.f32x4Splat, op.set(into)];
  const laneSum = (vec: number): Code => [0, 1, 2, 3].flatMap((l) => (l === 0 ? [op.get(vec), op.i32x4ExtractLane(0)] : [op.get(vec), op.i32x4ExtractLane(l), op.i32Add]));
  return {
    name: "activations", params: [t.i32, t.i32, t.f64, t.i32, t.f64, t.f64, t.i32, t.f64, t.f64, t.i32], results: [t.f64], locals: f.locals,
    body: [
      op.get(last), op.i32Const(1), op.i32Add, op.i32Const(2), op.i32Shl, op.set(stride),
      ...base.flatMap((bj, j) => [op.get(counts), op.get(stride), op.i32Const(j), op.i32Mul, op.i32Add, op.set(bj)]),
      // The address of bin k + 1 in sub-histogram s is base[s] + 4 + 4k: the "+ 1" of binOf goes into the base.
      ...quarters.flatMap((j) => [
        op.get(base[2 * j]), op.i32Const(4), op.i32Add, op.i32x4Splat,
        op.get(base[2 * j + 1]), op.i32Const(4), op.i32Add, op.i32x4ReplaceLane(2), op.set(baseV[j]),
      ]),
      op.get(counts), op.set(i),
      op.get(counts), op.get(stride), op.i32Const(SUB_HISTOGRAMS), op.i32Mul, op.i32Add, op.set(c),
      ...whileBelow(i, c, 4, [i], [op.get(i), op.i32Const(0), op.i32Store()]),
      op.get(satLo), op.f32DemoteF64, op.set(satLo32),
      op.get(satHi), op.f32DemoteF64, op.set(satHi32),
      ...splat64([op.f64Const(3 * 2 ** 51)], magic), ...splat64([op.get(lo)], lov), ...splat64([op.get(scale)], sv), ...splat64([op.f64Const(-1)], minusOne),
      ...splat64([op.get(last), op.i32Const(1), op.i32Sub, op.f64ConvertI32S], lastv), ...splat64([op.get(shift)], shiftV),
      ...splat32([op.get(satLo32)], loBand), ...splat32([op.get(satHi32)], hiBand),
      ...bounds(p, n, end, vend),
      ...whileBelow(p, vend, 32, [p], [...screen(0), ...screen(1), ...quarters.flatMap(pairOf)]),
      ...laneSum(nanV), op.set(nan),
      ...laneSum(satV), op.set(sat),
      ...sumLanes(sum), op.set(a),
      ...sumLanes(sq), op.set(b),
      ...whileBelow(p, end, 4, [p], [
        op.get(p), op.f32Load(), op.set(x),
        op.get(nan), op.get(x), op.get(x), op.f32Ne, op.i32Add, op.set(nan),
        op.get(sat), op.get(x), op.get(satLo32), op.f32Le, op.get(x), op.get(satHi32), op.f32Ge, op.i32Or, op.i32Add, op.set(sat),
        op.get(x), op.f64PromoteF32, op.set(y),
        op.get(y), op.get(lo), op.f64Sub, op.get(scale), op.f64Mul, op.set(tt),
        ...increment([
          op.get(tt), op.f64Const(-1), op.get(tt), op.f64Const(-1), op.f64Gt, op.select,
          op.get(last), op.i32Const(1), op.i32Sub, op.f64ConvertI32S, op.f64Min, op.f64Floor, op.i32TruncSatF64S,
          op.i32Const(2), op.i32Shl, op.get(base[0]), op.i32Add, op.i32Const(4), op.i32Add,
        ]),
        op.get(y), op.get(shift), op.f64Sub, op.set(y),
        op.get(a), op.get(y), op.f64Add, op.set(a), ...addSquareScalar(b, y),
      ]),
      // Sum the sub-histograms into the first, then take the NaNs back out of bin 0.
      op.i32Const(0), op.set(i),
      ...whileBelow(i, stride, 4, [i], [
        op.get(base[0]), op.get(i), op.i32Add,
        ...base.flatMap((bj, j) => [op.get(bj), op.get(i), op.i32Add, op.i32Load(), ...(j === 0 ? [] : [op.i32Add])]),
        op.i32Store(),
      ]),
      op.get(counts), op.get(counts), op.i32Load(), op.get(nan), op.i32Sub, op.i32Store(),
      op.get(out), op.get(a), op.f64Store(),
      op.get(out), op.get(sat), op.f64ConvertI32S, op.f64Store(8),
      op.get(b),
    ],
  };
}

/**
 * The module's bytes: sumsq, change, allFinite, activations; its memory imported (shared or not).
 * The relaxed variant accumulates squares with relaxed SIMD's multiply-add (about 1.5× faster
 * where fused; the sums stay float64, rounded once instead of twice).
 */
export function statModuleBytes(sharedMemory = false, relaxed = false): Uint8Array {
  return encodeModule([sumOfSquares(relaxed), squaredChange(relaxed), allFinite(), activations(relaxed)], sharedMemory);
}
