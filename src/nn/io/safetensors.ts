import { GradscopeError, formatShape } from "../../core/errors.js";
import { sizeOf } from "../../core/shape.js";
import { elementTypes, isReadable, readElements, writeElements, type ReadableDType, type WritableDType } from "./elements.js";

/*
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * u64 N, N bytes of UTF-8 JSON header {name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {string: string}}, padded with spaces to a multiple of 8, then the data:
 * every tensor row-major, little-endian, laid end to end, offsets counted from the data start.
 */

/** One tensor to write: F32 or F64 elements, row-major. */
export interface TensorToWrite {
  dtype: WritableDType;
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** One tensor read: the dtype in the file and the values (float32 for F32/F16/BF16, float64 for F64/I64/I32). */
export interface DecodedTensor {
  dtype: ReadableDType;
  shape: number[];
  data: Float32Array | Float64Array;
}

/** A whole file read: tensors in file order and the string metadata ({} when absent). */
export interface DecodedFile {
  tensors: Record<string, DecodedTensor>;
  metadata: Record<string, string>;
}

const METADATA = "__metadata__";
/** The reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER = 100_000_000;

function fail(message: string): never {
  throw new GradscopeError(`safetensors: ${message}`);
}

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => Number.isSafeInteger(d) && d >= 0);

/**
 * Encodes tensors and optional string metadata as a safetensors file. Data is laid out wider
 * dtypes first (F64 before F32, as the reference implementation orders by alignment), then in
 * the record's order.
 *
 * @example
 * const bytes = encodeSafetensors({ "head.bias": { dtype: "F32", shape: [3], data: [0, 1, 2] } }, { format: "pt" });
 */
export function encodeSafetensors(tensors: Record<string, TensorToWrite>, metadata: Record<string, string> = {}): Uint8Array {
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === METADATA) fail(`"${METADATA}" is reserved for the metadata and cannot name a tensor`);
    if (t.dtype !== "F32" && t.dtype !== "F64") fail(`tensor "${name}": cannot write dtype ${String(t.dtype)}; gradscope writes F32 or F64`);
    if (!isShape(t.shape)) fail(`tensor "${name}": invalid shape ${JSON.stringify(t.shape)}; dimensions must be non-negative integers`);
    if (t.data.length !== sizeOf(t.shape)) fail(`tensor "${name}": ${t.data.length} values do not fill shape ${formatShape(t.shape)} (${sizeOf(t.shape)} elements)`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string") fail(`metadata "${key}" is ${JSON.stringify(value)}; safetensors metadata values must be strings`);
  }
  const ordered = entries.map((e, i) => ({ e, i })).sort((a, b) => elementTypes[b.e[1].dtype].bytes - elementTypes[a.e[1].dtype].bytes || a.i - b.i).map(({ e }) => e);
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { [METADATA]: metadata } : {};
  const begins: number[] = [];
  let offset = 0;
  for (const [name, t] of ordered) {
    const end = offset + t.data.length * elementTypes[t.dtype].bytes;
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, end] };
    begins.push(offset);
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  ordered.forEach(([, t], i) => writeElements(view, 8 + headerLength + begins[i], t.dtype, t.data));
  return bytes;
}

/** A header entry after its fields were checked. */
interface Entry {
  name: string;
  dtype: ReadableDType;
  shape: number[];
  begin: number;
  end: number;
}

/** Parses the JSON header: returns the checked entries and the metadata. */
function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  if (bytes.length < 8) fail(`truncated file: ${bytes.length} bytes, but the 8-byte header length alone needs 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) fail(`header length ${n} goes beyond the file: only ${bytes.length - 8} bytes follow the length (truncated or not a safetensors file)`);
  if (n > BigInt(MAX_HEADER)) fail(`header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  const headerLength = Number(n);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail(`the ${headerLength}-byte header is not valid UTF-8`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message}): ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail(`the header must be a JSON object, got ${JSON.stringify(text.slice(0, 80))}`);
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === METADATA) {
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(`"${METADATA}" must be an object of strings, got ${JSON.stringify(raw)}`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`metadata "${k}" is ${JSON.stringify(v)}; metadata values must be strings`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(checkEntry(name, raw));
  }
  return { entries, metadata, dataStart: 8 + headerLength };
}

/** Checks one tensor's header fields: dtype known, shape of non-negative integers, byte size = elements × dtype size. */
function checkEntry(name: string, raw: unknown): Entry {
  const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof raw !== "object" || raw === null) fail(`tensor "${name}": header entry ${JSON.stringify(raw)} is not an object`);
  if (typeof e.dtype !== "string") fail(`tensor "${name}": missing or non-string "dtype"`);
  if (!isReadable(e.dtype)) fail(`tensor "${name}" has dtype ${e.dtype}, which gradscope cannot read (supported: ${Object.keys(elementTypes).join(", ")})`);
  if (!isShape(e.shape)) fail(`tensor "${name}": "shape" ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1]) {
    fail(`tensor "${name}": "data_offsets" ${JSON.stringify(off)} is not a pair [begin, end] of integers with 0 ≤ begin ≤ end`);
  }
  const [begin, end] = off as number[];
  const need = sizeOf(e.shape) * elementTypes[e.dtype].bytes;
  if (end - begin !== need) fail(`tensor "${name}": shape ${formatShape(e.shape)} of ${e.dtype} needs ${need} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  return { name, dtype: e.dtype, shape: e.shape, begin, end };
}

/** Checks that the tensors tile the data section exactly: in range, no overlap, no gap, nothing left over. */
function checkLayout(entries: Entry[], dataLength: number): void {
  for (const e of entries) {
    if (e.end > dataLength) fail(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] go beyond the ${dataLength}-byte data section (truncated file?)`);
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < cursor && previous !== null) {
      fail(`tensors "${previous.name}" [${previous.begin}, ${previous.end}] and "${e.name}" [${e.begin}, ${e.end}] overlap`);
    }
    if (e.begin > cursor) fail(`bytes [${cursor}, ${e.begin}) of the data section belong to no tensor`);
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover only the first ${cursor}`);
}

/**
 * Decodes a safetensors file, checking it as the reference implementation does; every problem
 * (truncation, bad header, unknown dtype, size or offset errors) throws a GradscopeError that
 * says what is wrong.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * tensors["layers.0.weight"].shape; // [out, in]
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedFile {
  const { entries, metadata, dataStart } = parseHeader(bytes);
  checkLayout(entries, bytes.length - dataStart);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tensors: Record<string, DecodedTensor> = {};
  for (const e of entries) {
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data: readElements(view, dataStart + e.begin, e.dtype, sizeOf(e.shape), e.name) };
  }
  return { tensors, metadata };
}
