// The safetensors codec: byte layout as the reference implementation writes it, exact round
// trips of F32/F64, reading F16/BF16/I64/I32, and a clear GradscopeError for every malformed file.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Rng } from "../../src/core/index.js";
import { decodeSafetensors, encodeSafetensors, type TensorToWrite } from "../../src/nn/io/safetensors.js";

/** A file with a hand-written header (object or raw text) and data bytes, laid out as the format says. */
function rawFile(header: object | string, data: ArrayLike<number> = []): Uint8Array {
  const text = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  bytes.set(data, 8 + text.length);
  return bytes;
}

/** Asserts that decoding throws a GradscopeError whose message matches. */
function rejects(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => decodeSafetensors(bytes), (e: unknown) => {
    assert.ok(e instanceof GradscopeError, `expected a GradscopeError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

/** The header JSON and its padded length, as written. */
function headerOf(bytes: Uint8Array): { length: number; text: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, text: new TextDecoder().decode(bytes.subarray(8, 8 + length)) };
}

const specials = [0, -0, 1, -2.5, 1 / 3, 1e-310, -4e-45, 3.4e38, 1e300, Infinity, -Infinity, NaN];

test("F64 and F32 round trip exactly, with odd shapes, scalars and empty tensors", () => {
  const rng = new Rng(3);
  const shapes = [[3, 1, 5], [7], [], [0, 4], [1, 1, 1, 1], [2, 3]];
  const tensors: Record<string, TensorToWrite> = {};
  shapes.forEach((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    tensors[`f64.${i}`] = { dtype: "F64", shape, data: rng.normalArray(n) };
    tensors[`f32.${i}`] = { dtype: "F32", shape, data: rng.normalArray(n) };
  });
  tensors.specials64 = { dtype: "F64", shape: [specials.length], data: specials };
  tensors.specials32 = { dtype: "F32", shape: [specials.length], data: specials };
  const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assert.deepEqual(Object.keys(back).sort(), Object.keys(tensors).sort());
  for (const [name, t] of Object.entries(tensors)) {
    const got = back[name];
    assert.equal(got.dtype, t.dtype);
    assert.deepEqual(got.shape, t.shape);
    assert.ok(got.data instanceof (t.dtype === "F64" ? Float64Array : Float32Array), name);
    // Object.is keeps −0 and NaN apart; F32 is float64 rounded to nearest.
    Array.from(t.data).forEach((v, i) => assert.ok(Object.is(got.data[i], t.dtype === "F64" ? v : Math.fround(v)), `${name}[${i}]: ${got.data[i]} vs ${v}`));
  }
});

test("the layout is the reference one: u64 length, JSON padded with spaces to 8, F64 data first, offsets contiguous", () => {
  const bytes = encodeSafetensors({
    a: { dtype: "F32", shape: [3], data: [1, 2, 3] },
    b: { dtype: "F64", shape: [1], data: [0.5] },
  }, { note: "x" });
  const { length, text } = headerOf(bytes);
  assert.equal(length % 8, 0);
  assert.equal(text, text.trimEnd() + " ".repeat(length - text.trimEnd().length));
  assert.deepEqual(JSON.parse(text), {
    __metadata__: { note: "x" },
    b: { dtype: "F64", shape: [1], data_offsets: [0, 8] },
    a: { dtype: "F32", shape: [3], data_offsets: [8, 20] },
  });
  assert.equal(bytes.length, 8 + length + 20);
  const view = new DataView(bytes.buffer, 8 + length);
  assert.equal(view.getFloat64(0, true), 0.5);
  assert.deepEqual([4, 8, 12].map((o) => view.getFloat32(4 + o, true)), [1, 2, 3]);
});

test("metadata round trips, unicode included; no metadata reads as {} and writes no __metadata__", () => {
  const meta = { format: "pt", "gradscope.note": "δ_l = ∂L/∂h_l ✓", empty: "" };
  const file = encodeSafetensors({ "w.ü": { dtype: "F32", shape: [1], data: [1] } }, meta);
  const back = decodeSafetensors(file);
  assert.deepEqual(back.metadata, meta);
  assert.deepEqual(Object.keys(back.tensors), ["w.ü"]);
  const bare = encodeSafetensors({ w: { dtype: "F32", shape: [], data: [2] } });
  assert.ok(!headerOf(bare).text.includes("__metadata__"));
  assert.deepEqual(decodeSafetensors(bare).metadata, {});
  assert.deepEqual(decodeSafetensors(encodeSafetensors({})).tensors, {});
});

test("decoding works on a view into a larger buffer", () => {
  const file = encodeSafetensors({ w: { dtype: "F64", shape: [2], data: [1.25, -3] } });
  const big = new Uint8Array(file.length + 13);
  big.set(file, 5);
  assert.deepEqual(Array.from(decodeSafetensors(big.subarray(5, 5 + file.length)).tensors.w.data), [1.25, -3]);
});

test("F16 and BF16 widen exactly to float32; I32 and I64 read as numbers", () => {
  const f16 = [0x3c00, 0xc000, 0x0001, 0x8000, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x3555, 0x0400];
  const bf16 = [0x3f80, 0xc0a0, 0x0001, 0x7f80, 0x7fc0, 0x3eab];
  const data = new Uint8Array(2 * f16.length + 2 * bf16.length + 4 * 2 + 8 * 3);
  const v = new DataView(data.buffer);
  f16.forEach((b, i) => v.setUint16(2 * i, b, true));
  bf16.forEach((b, i) => v.setUint16(20 + 2 * i, b, true));
  v.setInt32(32, -7, true);
  v.setInt32(36, 2147483647, true);
  [3n, -1n, 2n ** 53n - 1n].forEach((b, i) => v.setBigInt64(40 + 8 * i, b, true));
  const file = rawFile({
    h: { dtype: "F16", shape: [10], data_offsets: [0, 20] },
    b: { dtype: "BF16", shape: [2, 3], data_offsets: [20, 32] },
    i: { dtype: "I32", shape: [2], data_offsets: [32, 40] },
    l: { dtype: "I64", shape: [3], data_offsets: [40, 64] },
  }, data);
  const t = decodeSafetensors(file).tensors;
  assert.ok(t.h.data instanceof Float32Array && t.b.data instanceof Float32Array);
  assert.deepEqual(Array.from(t.h.data), [1, -2, 2 ** -24, -0, 65504, Infinity, -Infinity, NaN, Math.fround(1365 / 1024 * 0.25), 2 ** -14]);
  assert.deepEqual(Array.from(t.b.data), [1, -5, 2 ** -133, Infinity, NaN, Math.fround(0.333984375)]);
  assert.deepEqual(Array.from(t.i.data), [-7, 2147483647]);
  assert.deepEqual(Array.from(t.l.data), [3, -1, 2 ** 53 - 1]);
});

test("an I64 value beyond 2^53 is an error naming the tensor", () => {
  const data = new Uint8Array(16);
  new DataView(data.buffer).setBigInt64(8, 2n ** 60n, true);
  rejects(rawFile({ y: { dtype: "I64", shape: [2], data_offsets: [0, 16] } }, data), /"y" element 1 = 1152921504606846976 is beyond/);
});

const good = () => encodeSafetensors({ a: { dtype: "F32", shape: [2, 2], data: [1, 2, 3, 4] }, b: { dtype: "F32", shape: [3], data: [5, 6, 7] } });

test("truncated files and header lengths beyond the file are reported", () => {
  rejects(new Uint8Array(5), /truncated file: 5 bytes, but the 8-byte header length/);
  const file = good();
  const { length } = headerOf(file);
  rejects(file.subarray(0, 8 + length - 3), new RegExp(`header length ${length} goes beyond the file: only ${length - 3} bytes follow`));
  rejects(file.subarray(0, file.length - 4), /tensor "b": data_offsets \[16, 28\] go beyond the 24-byte data section \(truncated file\?\)/);
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
  rejects(huge, /header length 9223372036854775808 goes beyond the file/);
  // Every prefix of a valid file is rejected with a GradscopeError.
  for (let n = 0; n < file.length; n++) rejects(file.subarray(0, n), /safetensors: /);
});

test("a header that is not UTF-8, not JSON or not an object is reported", () => {
  rejects(rawFile('{"a": {"dtype": "F32", '), /header is not valid JSON \(.*\): "\{\\"a\\": \{\\"dtype\\": \\"F32\\", "/);
  rejects(rawFile("[1, 2]"), /header must be a JSON object/);
  rejects(rawFile("null"), /header must be a JSON object/);
  const bad = rawFile("{}        ");
  bad[9] = 0xff;
  rejects(bad, /header is not valid UTF-8/);
  rejects(rawFile({ __metadata__: { step: 3 } }), /metadata "step" is 3; metadata values must be strings/);
  rejects(rawFile({ __metadata__: ["x"] }), /"__metadata__" must be an object of strings/);
});

test("bad entries, unsupported dtypes and sizes that do not match the shape are reported", () => {
  const four = new Uint8Array(16);
  rejects(rawFile({ a: 3 }), /tensor "a": header entry 3 is not an object/);
  rejects(rawFile({ a: { shape: [1], data_offsets: [0, 4] } }, four), /tensor "a": missing or non-string "dtype"/);
  rejects(rawFile({ m: { dtype: "U8", shape: [4], data_offsets: [0, 4] } }, four), /tensor "m" has dtype U8, which gradscope cannot read \(supported: F64, F32, F16, BF16, I64, I32\)/);
  rejects(rawFile({ a: { dtype: "F32", shape: [2, -1], data_offsets: [0, 4] } }, four), /tensor "a": "shape" \[2,-1\] is not a list of non-negative integers/);
  rejects(rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [4, 0] } }, four), /tensor "a": "data_offsets" \[4,0\] is not a pair/);
  rejects(rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [0] } }, four), /"data_offsets" \[0\] is not a pair/);
  rejects(rawFile({ a: { dtype: "F32", shape: [2, 2], data_offsets: [0, 12] } }, four), /tensor "a": shape \[2, 2\] of F32 needs 16 bytes, but data_offsets \[0, 12\] hold 12/);
});

test("offsets out of range, overlapping, leaving gaps or leaving bytes over are reported", () => {
  const data = new Uint8Array(16);
  const f32 = (begin: number, end: number) => ({ dtype: "F32", shape: [(end - begin) / 4], data_offsets: [begin, end] });
  rejects(rawFile({ a: f32(0, 8), b: f32(8, 20) }, data), /tensor "b": data_offsets \[8, 20\] go beyond the 16-byte data section/);
  rejects(rawFile({ a: f32(0, 12), b: f32(8, 16) }, data), /tensors "a" \[0, 12\] and "b" \[8, 16\] overlap/);
  rejects(rawFile({ a: f32(0, 8), b: f32(0, 8), c: f32(8, 16) }, data), /tensors "a" \[0, 8\] and "b" \[0, 8\] overlap/);
  rejects(rawFile({ a: f32(0, 4), b: f32(8, 16) }, data), /bytes \[4, 8\) of the data section belong to no tensor/);
  rejects(rawFile({ a: f32(0, 8) }, data), /the data section has 16 bytes but the tensors cover only the first 8/);
});

test("random corruption either decodes or throws a GradscopeError, never a raw exception", () => {
  const rng = new Rng(11);
  const file = encodeSafetensors({ w: { dtype: "F64", shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, b: { dtype: "F32", shape: [2], data: [1, 2] } }, { k: "v" });
  for (let trial = 0; trial < 2000; trial++) {
    const bad = file.slice();
    for (let k = 0; k <= rng.int(3); k++) bad[rng.int(Math.min(bad.length, trial % 2 === 0 ? 16 : bad.length))] = rng.int(256);
    try {
      decodeSafetensors(bad);
    } catch (e) {
      assert.ok(e instanceof GradscopeError, `trial ${trial}: ${String(e)}`);
    }
  }
});

test("the writer refuses what it cannot write, naming the tensor", () => {
  const throwsMatching = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof GradscopeError && re.test(e.message));
  throwsMatching(() => encodeSafetensors({ __metadata__: { dtype: "F32", shape: [], data: [1] } }), /"__metadata__" is reserved/);
  throwsMatching(() => encodeSafetensors({ w: { dtype: "F32", shape: [2, 2], data: [1, 2, 3] } }), /tensor "w": 3 values do not fill shape \[2, 2\] \(4 elements\)/);
  throwsMatching(() => encodeSafetensors({ w: { dtype: "F32", shape: [1.5], data: [1] } }), /tensor "w": invalid shape \[1.5\]/);
  throwsMatching(() => encodeSafetensors({ w: { dtype: "I64" as "F32", shape: [1], data: [1] } }), /tensor "w": cannot write dtype I64; gradscope writes F32 or F64/);
  throwsMatching(() => encodeSafetensors({}, { step: 3 as unknown as string }), /metadata "step" is 3; safetensors metadata values must be strings/);
});
