// The report's building blocks: PNG encoding, base64, column bucketing, log ticks, number formats.
import assert from "node:assert/strict";
import { inflateRawSync, inflateSync } from "node:zlib";
import { test } from "node:test";
import { bucketGeometric, columnsOf, thinIndices } from "../../src/report/downsample.js";
import { esc, fmt, jsonForScript } from "../../src/report/html.js";
import { viridis } from "../../src/report/palette.js";
import { deflateRaw } from "../../src/report/deflate.js";
import { base64, crc32, encodePng } from "../../src/report/png.js";
import { logTicks, niceTicks } from "../../src/report/scale.js";

test("encodePng writes a valid RGB PNG whose pixels zlib inflates back", () => {
  const w = 3, h = 70000 / 9 | 0; // > 65535 raw bytes: several stored blocks
  const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 7) % 256);
  const png = Buffer.from(encodePng(w, h, rgb));
  assert.equal(png.readUInt32BE(16), w);
  assert.equal(png.readUInt32BE(20), h);
  const idatLen = png.readUInt32BE(33);
  assert.equal(png.toString("latin1", 37, 41), "IDAT");
  const raw = inflateSync(png.subarray(41, 41 + idatLen));
  assert.equal(raw.length, h * (w * 3 + 1));
  for (let y = 0; y < h; y++) {
    const o = y * (w * 3 + 1);
    assert.equal(raw[o], 1, "Sub filter");
    const row = raw.subarray(o + 1, o + 1 + w * 3);
    for (let x = 3; x < row.length; x++) row[x] = (row[x] + row[x - 3]) & 0xff; // undo Sub
    if (y % 97 === 0) assert.deepEqual([...row], [...rgb.subarray(y * w * 3, (y + 1) * w * 3)]);
  }
  assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082);
});

test("deflateRaw output inflates back to its input (zlib) and compresses repetitive data", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const cases: Uint8Array[] = [
    new Uint8Array(0), new Uint8Array([42]), new Uint8Array(100000).fill(9),
    Uint8Array.from({ length: 70000 }, rand),
    Uint8Array.from({ length: 120000 }, (_, i) => (i % 300 < 150 ? i % 7 : rand() & 3)),
    new TextEncoder().encode("abcabcabcabd".repeat(5000)),
  ];
  for (const data of cases) {
    const packed = deflateRaw(data);
    assert.deepEqual(new Uint8Array(inflateRawSync(packed)), data, `length ${data.length}`);
  }
  assert.ok(deflateRaw(cases[2]).length < 1000, "a run of one byte");
  assert.ok(deflateRaw(cases[5]).length < 2000, "a repeated phrase");
});

test("base64 matches Node's encoder for every padding length", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 100]) {
    const b = new Uint8Array(n).map((_, i) => (i * 53 + 11) % 256);
    assert.equal(base64(b), Buffer.from(b).toString("base64"));
  }
});

test("columns bucket records by geometric mean and keep NaN/Inf and zeros visible", () => {
  const cols = columnsOf(Int32Array.from({ length: 1000 }, (_, i) => i + 1), 1000, 400);
  assert.equal(cols.step.length, 400);
  assert.equal(cols.start[0], 0);
  assert.equal(cols.end.at(-1), 1000);
  assert.equal(cols.step.at(-1), 1000);
  const two = columnsOf([1, 2, 3, 4], 4, 2);
  const g = bucketGeometric([1, 100, NaN, 5], two);
  assert.ok(Math.abs(g[0] - 10) < 1e-12 && Number.isNaN(g[1]));
  assert.deepEqual(Array.from(bucketGeometric([0, 0, Infinity, 1], two)), [0, Infinity]);
  assert.deepEqual(columnsOf([5, 10], 2, 400).step, [5, 10]);
  const kept = thinIndices(2000, 100, Float64Array.from({ length: 2000 }, (_, i) => (i === 1234 ? NaN : 1)));
  assert.ok(kept.includes(1234) && kept.includes(1999) && kept.length <= 102);
});

test("ticks: powers of ten over decades, finer ones within a decade; numbers and text are formatted safely", () => {
  assert.deepEqual(logTicks(1e-8, 1e-2), [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2]);
  assert.deepEqual(logTicks(0.2, 1.25), [0.2, 0.3, 0.5, 0.7, 1]);
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(fmt(1.23456e-7), "1.235e−7");
  assert.equal(fmt(NaN), "NaN");
  assert.equal(fmt(0.5), "0.5");
  assert.equal(esc(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  assert.equal(jsonForScript({ a: NaN, b: -Infinity, c: "</script>" }), '{"a":"NaN","b":"-Infinity","c":"\\u003c/script>"}');
  assert.deepEqual(viridis(0), [68, 1, 84]);
  assert.deepEqual(viridis(1), [253, 231, 37]);
});
