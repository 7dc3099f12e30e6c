// A minimal WebAssembly binary encoder: just what the probes' statistics module needs (one
// imported memory, functions with locals, the scalar and SIMD instructions below). Instruction helpers return byte arrays that a function body concatenates.

/** Value types: i32, f32, f64 and v128. */
export const t = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const utf8 = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const f64Bytes = (v: number): number[] => Array.from(new Uint8Array(new Float64Array([v]).buffer));
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** memarg: alignment exponent and offset. */
const mem = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

/** The instructions used, by WebAssembly text-format name. */
export const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], else: [0x05], end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  return: [0x0f],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32Load: (offset = 0) => [0x28, ...mem(2, offset)],
  f32Load: (offset = 0) => [0x2a, ...mem(2, offset)],
  f64Load: (offset = 0) => [0x2b, ...mem(3, offset)],
  i32Store: (offset = 0) => [0x36, ...mem(2, offset)],
  f64Store: (offset = 0) => [0x39, ...mem(3, offset)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  f64Const: (v: number) => [0x44, ...f64Bytes(v)],
  i32GeU: [0x4f], i32GeS: [0x4e], i32Eq: [0x46],
  f64Eq: [0x61], f64Ne: [0x62], f64Lt: [0x63], f64Gt: [0x64], f64Le: [0x65], f64Ge: [0x66],
  select: [0x1b],
  i64Add: [0x7c], i32WrapI64: [0xa7],
  i32Add: [0x6a], i32Sub: [0x6b], i32Mul: [0x6c], i32And: [0x71], i32Shl: [0x74],
  f64Add: [0xa0], f64Sub: [0xa1], f64Mul: [0xa2], f64Min: [0xa4], f64Max: [0xa5], f64Floor: [0x9c],
  f64ConvertI32S: [0xb7],
  f32Const: (v: number) => [0x43, ...Array.from(new Uint8Array(new Float32Array([v]).buffer))],
  f32Eq: [0x5b], f32Ne: [0x5c], f32Le: [0x5f], f32Ge: [0x60], i32Or: [0x72], f32Add: [0x92], f32Sub: [0x93], f32Mul: [0x94], f32Min: [0x96], f32Max: [0x97],
  f32ConvertI32S: [0xb2], f32DemoteF64: [0xb6],
  i32TruncSatF32S: [0xfc, 0x00],
  f64PromoteF32: [0xbb],
  i32TruncSatF64S: [0xfc, 0x02],
  /** v128.load64_zero: two f32 into the low half. */
  v128Load64Zero: (offset = 0) => simd(0x5d, ...mem(3, offset)),
  v128Load: (offset = 0) => simd(0x00, ...mem(4, offset)),
  f64x2Splat: simd(0x14),
  f32x4Splat: simd(0x13),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  i64x2ExtractLane: (lane: number) => simd(0x1d, lane),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  i32x4ReplaceLane: (lane: number) => simd(0x1c, lane),
  f64x2PromoteLowF32x4: simd(0x5f),
  f64x2Add: simd(0xf0), f64x2Sub: simd(0xf1), f64x2Mul: simd(0xf2),
  /** relaxed SIMD: a·b + c, fused where the hardware has FMA. */
  f64x2RelaxedMadd: simd(0x107), f32x4RelaxedMadd: simd(0x105),
  f64x2Lt: simd(0x49), f64x2Le: simd(0x4b), f64x2Ne: simd(0x48),
  f64x2Pmin: simd(0xf6), f64x2Pmax: simd(0xf7), f64x2Floor: simd(0x75),
  i32x4TruncSatF64x2SZero: simd(0xfc),
  i32x4Shl: simd(0xab), i32x4Add: simd(0xae), i32x4Splat: simd(0x11),
  f32x4Add: simd(0xe4), f32x4Sub: simd(0xe5), f32x4Mul: simd(0xe6), f32x4Pmin: simd(0xea), f32x4Pmax: simd(0xeb),
  f32x4Ne: simd(0x42), f32x4Le: simd(0x45), f32x4Ge: simd(0x46), f32x4Eq: simd(0x41),
  v128Or: simd(0x50), i32x4AllTrue: simd(0xa3),
  i32x4TruncSatF32x4S: simd(0xf8),
  i64x2Sub: simd(0xd1),
  i64x2Add: simd(0xce),
  i32x4Sub: simd(0xb1),
  v128Store: (offset = 0) => simd(0x0b, ...mem(4, offset)),
  i32Load8U: (offset = 0) => [0x2d, ...mem(0, offset)],
  /** i8x16.shuffle with 16 lane indices (0–15: first operand, 16–31: second). */
  i8x16Shuffle: (...lanes: number[]) => simd(0x0d, ...lanes),
  i8x16Splat: simd(0x0f), i8x16Eq: simd(0x23), i8x16Sub: simd(0x71), i8x16MinU: simd(0x77), i8x16MaxU: simd(0x79),
  i8x16NarrowI16x8U: simd(0x66), i16x8NarrowI32x4S: simd(0x85),
  i16x8ExtaddPairwiseI8x16U: simd(0x7d), i32x4ExtaddPairwiseI16x8U: simd(0x7f),
  i32LtU: [0x49], i32GtU: [0x4b], i32LeU: [0x4d],
} as const;

/** One instruction's bytes. */
export type Instr = readonly number[];

/** One function: its parameter and result types, extra locals (in order after the parameters), body and export name. */
export interface FunctionDef {
  name: string;
  params: number[];
  results: number[];
  locals: number[];
  body: Instr[];
}

/**
 * The bytes of a module that imports its memory as env.memory (a shared one, of at most 4 GiB,
 * when `sharedMemory`) and exports every function by name.
 */
export function encodeModule(functions: readonly FunctionDef[], sharedMemory = false): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const limits = sharedMemory ? [0x03, 0x00, ...uleb(65536)] : [0x00, 0x00];
  const imports = [[...utf8("env"), ...utf8("memory"), 0x02, ...limits]];
  const exports = functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]);
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map((l) => [1, l])), ...f.body.flat(), ...op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
