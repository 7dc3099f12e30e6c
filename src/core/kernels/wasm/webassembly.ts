/**
 * The part of the standard WebAssembly JavaScript API the loader uses, typed here because the
 * project compiles against lib ES2022 without DOM, which does not declare `WebAssembly`.
 * These interfaces are structural subsets of the standard ones.
 */

/** A WebAssembly.Memory: `buffer` is replaced (the old one detached) by every `grow`. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `deltaPages` pages of 64 KiB; returns the previous size in pages. */
  grow(deltaPages: number): number;
}

/** A compiled WebAssembly.Module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** A WebAssembly.Instance. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** The WebAssembly namespace object. */
export interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The global WebAssembly object; throws where the engine has none. */
export function wasmApi(): WasmApi {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) throw new Error("gradscope: this JavaScript engine has no WebAssembly");
  return api;
}

/** Bytes per WebAssembly memory page. */
export const PAGE_BYTES = 65536;
