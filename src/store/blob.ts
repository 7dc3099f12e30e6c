import { GradscopeError } from "../core/errors.js";

/** The typed arrays the store keeps as BLOBs: steps (Int32), metrics (Float64), histogram counts (Uint32). */
export type Column = Int32Array | Float64Array | Uint32Array;

/**
 * Elements [from, to) of a column as a BLOB: the raw bytes, little-endian (a view, not a copy),
 * so every value, NaN payloads and −0 included, comes back bit for bit.
 */
export function blobOf(a: Column, from: number, to: number): Buffer {
  const size = a.BYTES_PER_ELEMENT;
  return Buffer.from(a.buffer, a.byteOffset + from * size, (to - from) * size);
}

/** Copies a BLOB into `into` from element `at` on; `what` names it when the BLOB's length is not the `length` elements expected. */
export function copyBlob(blob: Uint8Array, into: Column, at: number, length: number, what: string): void {
  const size = into.BYTES_PER_ELEMENT;
  if (blob.byteLength !== length * size) {
    throw new GradscopeError(`run store: ${what} holds ${blob.byteLength} bytes where ${length * size} were expected; the database is corrupt`);
  }
  new Uint8Array(into.buffer, into.byteOffset + at * size, blob.byteLength).set(blob);
}

/**
 * Histogram counts [from, to) as a BLOB of the narrowest unsigned width that holds them (1, 2 or
 * 4 bytes each); the reader infers the width from the BLOB's length (see copyCounts).
 */
export function countsBlob(c: Uint32Array, from: number, to: number): Buffer {
  const part = c.subarray(from, to);
  let max = 0;
  for (let i = 0; i < part.length; i++) if (part[i] > max) max = part[i];
  if (max > 0xffff) return blobOf(c, from, to);
  const narrow = max > 0xff ? new Uint16Array(part) : new Uint8Array(part);
  return Buffer.from(narrow.buffer);
}

/** Copies a counts BLOB of `length` elements (1, 2 or 4 bytes each) into `into` from element `at` on. */
export function copyCounts(blob: Uint8Array, into: Uint32Array, at: number, length: number, what: string): void {
  const width = length === 0 ? 4 : blob.byteLength / length;
  if (width === 4) return copyBlob(blob, into, at, length, what);
  if (width === 1) return into.set(blob, at);
  if (width === 2) return into.set(new Uint16Array(Uint8Array.from(blob).buffer), at);
  throw new GradscopeError(`run store: ${what} holds ${blob.byteLength} bytes for ${length} counts; the database is corrupt`);
}
