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

/** end = p + 4n; vend = p + 4·(n rounded down to a multiple of `per`, a power of two): the SIMD part, then a scalar tail. */
function bounds(p: number, n: number, end: number, vend: number, per = 8): Code {
  return [
    op.get(p), op.get(n), op.i32Const(2), op.i32Shl, op.i32Add, op.set(end),
    op.get(p), op.get(n), op.i32Const(-per), op.i32And, op.i32Const(2), op.i32Shl, op.i32Add, op.set(vend),
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

/** Elements per block of sumsq: 64 per lane of its four f32x4 sums. */
export const SUMSQ_BLOCK = 1024;
/** sumsq's bound on its relative error: 64 f32 additions per lane, the rounded square, two to combine the four sums. */
export const SUMSQ_RELATIVE_ERROR = 67 * 2 ** -24;
/** The least f32 block sum sumsq takes as it is (2⁻¹⁰⁰): below it f32's subnormal rounding could exceed 2⁻⁴¹ of it. */
const TINY = 2 ** -100;

/**
 * sumsq(p, n) → Σ x²: per block of SUMSQ_BLOCK elements, squares summed in f32 (four f32x4
 * accumulators, relaxed multiply-add when `fused`), the block sum added in f64; within
 * SUMSQ_RELATIVE_ERROR of the f64 sum. A block whose sum is not finite or below TINY (squares that
 * overflow or underflow f32) is summed again in f64, so the result is finite exactly when every
 * x is and keeps f64's range.
 */
function sumOfSquares(fused: boolean): FunctionDef {
  const [p, n] = [0, 1], f = new Frame(2);
  const [end, vend, blockEnd, start] = f.many(t.i32, 4), acc = f.many(t.v128, 4), v = f.local(t.v128), [s, b, x] = f.many(t.f64, 3);
  const square = (j: number): Code => (fused
    ? [op.get(p), op.v128Load(16 * j), op.set(v), op.get(v), op.get(v), op.get(acc[j]), op.f32x4RelaxedMadd, op.set(acc[j])]
    : [op.get(acc[j]), op.get(p), op.v128Load(16 * j), op.set(v), op.get(v), op.get(v), op.f32x4Mul, op.f32x4Add, op.set(acc[j])]);
  const high = op.i8x16Shuffle(8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  return {
    name: "sumsq", params: [t.i32, t.i32], results: [t.f64], locals: f.locals,
    body: [
      ...bounds(p, n, end, vend, 16),
      ...whileBelow(p, vend, 0, [], [
        op.get(p), op.i32Const(4 * SUMSQ_BLOCK), op.i32Add, op.get(vend), op.get(p), op.i32Const(4 * SUMSQ_BLOCK), op.i32Add, op.get(vend), op.i32LtU, op.select, op.set(blockEnd),
        op.get(p), op.set(start),
        ...acc.flatMap((a) => [op.i32Const(0), op.i32x4Splat, op.set(a)]),
        ...whileBelow(p, blockEnd, 64, [p], [...square(0), ...square(1), ...square(2), ...square(3)]),
        op.get(acc[0]), op.get(acc[1]), op.f32x4Add, op.get(acc[2]), op.get(acc[3]), op.f32x4Add, op.f32x4Add, op.set(v),
        op.get(v), op.f64x2PromoteLowF32x4, op.get(v), op.get(v), high, op.f64x2PromoteLowF32x4, op.f64x2Add, op.set(v),
        op.get(v), op.f64x2ExtractLane(0), op.get(v), op.f64x2ExtractLane(1), op.f64Add, op.set(b),
        // A finite block sum of at least TINY is taken; otherwise (b − b ≠ 0 or b < TINY, NaN failing both) the block again in f64.
        op.get(b), op.get(b), op.f64Sub, op.f64Const(0), op.f64Eq, op.get(b), op.f64Const(TINY), op.f64Ge, op.i32And, op.if,
        op.get(s), op.get(b), op.f64Add, op.set(s),
        op.else,
        ...whileBelow(start, p, 4, [start], [...scalar(start), op.set(x), ...addSquareScalar(s, x)]),
        op.end,
      ]),
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

/** Elements per block of activations8 (255 chunks of 16): an i8 lane then counts at most 255 of a bin. */
export const BLOCK = 255 * 16;
/** Bytes of activations8's scratch: the block's bin indices (padded to 256 chunks), then two vectors. */
export const INDEX_SCRATCH_BYTES = 256 * 16 + 32;
/** The largest `last` (bins + 1) activations8 handles: indices 0 … last fit a byte, and 255 pads. */
export const MAX_LAST_U8 = 254;

/**
 * activations8(p, n, shift, last, lo, scale, counts, satLo, satHi, out, idx, h): what `activations`
 * computes, with the histogram counted without a load and store per element: for each block of
 * BLOCK elements, the bins (binOf's float64 arithmetic) go as bytes to `idx`, then each bin k
 * between the block's least and greatest is counted by comparing 16 bytes at a time, and added
 * to counts[k] (one histogram of last + 1 u32, cleared first). The n mod 16 last elements
 * are counted one by one. A NaN falls in bin 0 and, only when Σ (x − shift)² is not finite, is
 * counted and taken back out. Needs last ≤ MAX_LAST_U8 and INDEX_SCRATCH_BYTES at idx.
 * In the same pass it checks the n float32 at h (another tensor of a's size, or a itself) for
 * NaN/±Inf: Σ (hᵢ − hᵢ) in f32, stored at out + 16 as 0 when every hᵢ is finite, else NaN.
 */
function activations8(fused: boolean): FunctionDef {
  const [p, n, shift, last, lo, scale, counts, satLo, satHi, out, idx, h] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], f = new Frame(12);
  const [start, end, vend, blockEnd, q, r, bin, hi, sat, nan, cell] = f.many(t.i32, 11);
  const [lov, sv, minusOne, lastv, magic, shiftV, loBand, hiBand, v, u, d, e, satV, mn, mx, acc] = f.many(t.v128, 16);
  const accs = f.many(t.v128, 4), bvs = f.many(t.v128, 4), kp = f.many(t.v128, 2), kq = f.many(t.v128, 2), k16 = f.many(t.v128, 2), sum = f.many(t.v128, 2), sq = f.many(t.v128, 2);
  const [satLo32, satHi32, x, hs, hx] = f.many(t.f32, 5), [a, b, y, tt] = f.many(t.f64, 4), [hv, hacc] = f.many(t.v128, 2);
  const high = op.i8x16Shuffle(8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  /** hacc += h − h for the 4 floats at h + 16j: a lane turns NaN at the first non-finite value and stays NaN. */
  const checkH = (j: number): Code => [op.get(h), op.v128Load(16 * j), op.set(hv), op.get(hacc), op.get(hv), op.get(hv), op.f32x4Sub, op.f32x4Add, op.set(hacc)];
  /** ⌊clamp((u − lo)·scale, −1, last − 1)⌋ + 1 of the f64x2 u as the low i32 of each lane (see pairOf in activations). */
  const binPair = (into: number): Code => [
    op.get(minusOne), op.get(u), op.get(lov), op.f64x2Sub, op.get(sv), op.f64x2Mul, op.f64x2Pmax, op.get(lastv), op.f64x2Pmin,
    op.f64x2Floor, op.get(magic), op.f64x2Add, op.set(into),
  ];
  /** The 4 floats at p + 16h: saturation count, Σ d and Σ d² (d = x − shift) into accumulators h mod 2, bins into kq[h mod 2]. */
  const vectorOf = (h: number): Code => [
    op.get(p), op.v128Load(16 * h), op.set(v),
    op.get(satV), op.get(v), op.get(loBand), op.f32x4Le, op.get(v), op.get(hiBand), op.f32x4Ge, op.v128Or, op.i32x4Sub, op.set(satV),
    op.get(v), op.f64x2PromoteLowF32x4, op.set(u), op.get(u), op.get(shiftV), op.f64x2Sub, op.set(d), ...binPair(kp[0]),
    op.get(v), op.get(v), high, op.f64x2PromoteLowF32x4, op.set(u), op.get(u), op.get(shiftV), op.f64x2Sub, op.set(e), ...binPair(kp[1]),
    op.get(sum[h % 2]), op.get(d), op.get(e), op.f64x2Add, op.f64x2Add, op.set(sum[h % 2]),
    ...(fused
      ? [op.get(e), op.get(e), op.get(d), op.get(d), op.f64x2Mul, op.f64x2RelaxedMadd]
      : [op.get(d), op.get(d), op.f64x2Mul, op.get(e), op.get(e), op.f64x2Mul, op.f64x2Add]),
    op.get(sq[h % 2]), op.f64x2Add, op.set(sq[h % 2]),
    op.get(kp[0]), op.get(kp[1]), op.i8x16Shuffle(0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27), op.set(kq[h % 2]),
    ...(h % 2 === 1 ? [op.get(kq[0]), op.get(kq[1]), op.i16x8NarrowI32x4S, op.set(k16[h >> 1])] : []),
  ];
  /** The 16 floats at p: their bins as bytes at q, and the block's least and greatest bin. */
  const chunk: Code = [
    ...vectorOf(0), ...vectorOf(1), ...vectorOf(2), ...vectorOf(3),
    ...checkH(0), ...checkH(1), ...checkH(2), ...checkH(3),
    op.get(k16[0]), op.get(k16[1]), op.i8x16NarrowI16x8U, op.set(v),
    op.get(q), op.get(v), op.v128Store(),
    op.get(mn), op.get(v), op.i8x16MinU, op.set(mn), op.get(mx), op.get(v), op.i8x16MaxU, op.set(mx),
    op.get(q), op.i32Const(16), op.i32Add, op.set(q),
  ];
  /** The least (min) or greatest (max) byte of a vector. */
  const across = (vec: number, fold: Instr): Code => [8, 4, 2, 1].flatMap((w) => [
    op.get(vec), op.get(vec), op.get(vec), op.i8x16Shuffle(...Array.from({ length: 16 }, (_, j) => (j + w) % 16)), fold, op.set(vec),
  ]).concat([op.get(vec), op.i32x4ExtractLane(0), op.i32Const(255), op.i32And]);
  /** The 16 indices at r + offset compared with the 4 bins of this sweep: accs[j] counts bin + j in each byte lane. */
  const count = (offset: number): Code => [
    op.get(r), op.v128Load(offset), op.set(v),
    ...accs.flatMap((aj, j) => [op.get(aj), op.get(v), op.get(bvs[j]), op.i8x16Eq, op.i8x16Sub, op.set(aj)]),
  ];
  /** counts[bin + j] += the lanes of accs[j], where bin + j is below hi (a bin beyond the block's greatest counts nothing real). */
  const addSweep = (j: number): Code => [
    op.get(bin), op.i32Const(j), op.i32Add, op.get(hi), op.i32LtU, op.if,
    op.get(counts), op.get(bin), op.i32Const(j), op.i32Add, op.i32Const(2), op.i32Shl, op.i32Add, op.set(cell),
    op.get(cell), op.get(cell), op.i32Load(),
    op.get(accs[j]), op.i16x8ExtaddPairwiseI8x16U, op.i32x4ExtaddPairwiseI16x8U, op.set(acc),
    ...[0, 1, 2, 3].flatMap((l) => [op.get(acc), op.i32x4ExtractLane(l), op.i32Add]),
    op.i32Store(),
    op.end,
  ];
  /** counts[k] += the indices equal to k, for k from the block's least to its greatest, four bins per sweep over the indices (padded to 64 bytes with 255). */
  const countBins: Code = [
    ...whileBelow(q, hi, 16, [q], [op.get(q), op.i32Const(-1), op.i32x4Splat, op.v128Store()]),
    ...across(mn, op.i8x16MinU), op.set(bin),
    ...across(mx, op.i8x16MaxU), op.i32Const(1), op.i32Add, op.set(hi),
    ...whileBelow(bin, hi, 4, [bin], [
      ...bvs.flatMap((bj, j) => [op.get(bin), op.i32Const(j), op.i32Add, op.i8x16Splat, op.set(bj)]),
      ...accs.flatMap((aj) => [op.i32Const(0), op.i32x4Splat, op.set(aj)]),
      op.get(idx), op.set(r),
      ...whileBelow(r, q, 64, [r], [...count(0), ...count(16), ...count(32), ...count(48)]),
      ...[0, 1, 2, 3].flatMap(addSweep),
    ]),
  ];
  const splat64 = (value: Code, into: number): Code => [...value, op.f64x2Splat, op.set(into)];
  const splat32 = (value: Code, into: number): Code => [...value, op.f32x4Splat, op.set(into)];
  const laneSum = (vec: number): Code => [0, 1, 2, 3].flatMap((l) => (l === 0 ? [op.get(vec), op.i32x4ExtractLane(0)] : [op.get(vec), op.i32x4ExtractLane(l), op.i32Add]));
  return {
    name: "activations8", params: [t.i32, t.i32, t.f64, t.i32, t.f64, t.f64, t.i32, t.f64, t.f64, t.i32, t.i32, t.i32], results: [t.f64], locals: f.locals,
    body: [
      op.get(counts), op.set(cell),
      op.get(counts), op.get(last), op.i32Const(1), op.i32Add, op.i32Const(2), op.i32Shl, op.i32Add, op.set(hi),
      ...whileBelow(cell, hi, 4, [cell], [op.get(cell), op.i32Const(0), op.i32Store()]),
      op.get(satLo), op.f32DemoteF64, op.set(satLo32),
      op.get(satHi), op.f32DemoteF64, op.set(satHi32),
      ...splat64([op.f64Const(3 * 2 ** 51 + 1)], magic), ...splat64([op.get(lo)], lov), ...splat64([op.get(scale)], sv), ...splat64([op.f64Const(-1)], minusOne),
      ...splat64([op.get(last), op.i32Const(1), op.i32Sub, op.f64ConvertI32S], lastv), ...splat64([op.get(shift)], shiftV),
      ...splat32([op.get(satLo32)], loBand), ...splat32([op.get(satHi32)], hiBand),
      op.get(p), op.set(start),
      ...bounds(p, n, end, vend, 16),
      ...whileBelow(p, vend, 0, [], [
        // One block: at most BLOCK elements, ending at vend.
        op.get(p), op.i32Const(4 * BLOCK), op.i32Add, op.get(vend), op.get(p), op.i32Const(4 * BLOCK), op.i32Add, op.get(vend), op.i32LtU, op.select, op.set(blockEnd),
        op.get(idx), op.set(q), op.i32Const(-1), op.i32x4Splat, op.set(mn), op.i32Const(0), op.i32x4Splat, op.set(mx),
        ...whileBelow(p, blockEnd, 64, [p, h], chunk),
        op.get(q), op.get(idx), op.i32Sub, op.i32Const(63), op.i32Add, op.i32Const(-64), op.i32And, op.get(idx), op.i32Add, op.set(hi),
        ...countBins,
      ]),
      ...laneSum(satV), op.set(sat),
      ...sumLanes(sum), op.set(a),
      ...sumLanes(sq), op.set(b),
      ...whileBelow(p, end, 4, [p, h], [
        op.get(h), op.f32Load(), op.set(hx), op.get(hs), op.get(hx), op.get(hx), op.f32Sub, op.f32Add, op.set(hs),
        op.get(p), op.f32Load(), op.set(x),
        op.get(sat), op.get(x), op.get(satLo32), op.f32Le, op.get(x), op.get(satHi32), op.f32Ge, op.i32Or, op.i32Add, op.set(sat),
        op.get(x), op.f64PromoteF32, op.set(y),
        op.get(y), op.get(lo), op.f64Sub, op.get(scale), op.f64Mul, op.set(tt),
        op.get(tt), op.f64Const(-1), op.get(tt), op.f64Const(-1), op.f64Gt, op.select,
        op.get(last), op.i32Const(1), op.i32Sub, op.f64ConvertI32S, op.f64Min, op.f64Floor, op.i32TruncSatF64S,
        op.i32Const(2), op.i32Shl, op.get(counts), op.i32Add, op.i32Const(4), op.i32Add, op.set(cell),
        op.get(cell), op.get(cell), op.i32Load(), op.i32Const(1), op.i32Add, op.i32Store(),
        op.get(y), op.get(shift), op.f64Sub, op.set(y),
        op.get(a), op.get(y), op.f64Add, op.set(a), ...addSquareScalar(b, y),
      ]),
      // Only a non-finite Σ d² can hide a NaN: count them then and take them back out of bin 0.
      op.get(b), op.get(b), op.f64Sub, op.f64Const(0), op.f64Ne, op.if,
      ...whileBelow(start, end, 4, [start], [op.get(nan), op.get(start), op.f32Load(), op.set(x), op.get(x), op.get(x), op.f32Ne, op.i32Add, op.set(nan)]),
      op.get(counts), op.get(counts), op.i32Load(), op.get(nan), op.i32Sub, op.i32Store(),
      op.end,
      op.get(out), op.get(a), op.f64Store(),
      op.get(out), op.get(sat), op.f64ConvertI32S, op.f64Store(8),
      op.get(out), op.f64Const(0), op.f64Const(NaN),
      op.get(hacc), op.get(hacc), op.f32x4Eq, op.i32x4AllTrue, op.get(hs), op.get(hs), op.f32Eq, op.i32And, op.select, op.f64Store(16),
      op.get(b),
    ],
  };
}

/**
 * The module's bytes: sumsq, change, allFinite, activations, activations8; its memory imported (shared or not).
 * The relaxed variant accumulates squares with relaxed SIMD's multiply-add (about 1.5× faster
 * where fused; the sums stay float64, rounded once instead of twice).
 */
export function statModuleBytes(sharedMemory = false, relaxed = false): Uint8Array {
  return encodeModule([sumOfSquares(relaxed), squaredChange(relaxed), allFinite(), activations(relaxed), activations8(relaxed)], sharedMemory);
}
