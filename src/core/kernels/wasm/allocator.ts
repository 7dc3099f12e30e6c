import { bytesPerElement, type DType, type FloatArray } from "../../dtype.js";
import type { Allocator, Storage } from "../../storage.js";
import { PAGE_BYTES, type WasmMemory } from "./webassembly.js";

/** Blocks are 16-byte aligned and a multiple of 16 bytes long, so that kernels may load whole f32x4 vectors. */
const ALIGN = 16;

/** One block of wasm linear memory holding `size` elements of `dtype` at byte offset `offset`. */
class WasmStorage implements Storage {
  private released = false;
  constructor(readonly dtype: DType, readonly size: number, readonly offset: number,
    readonly blockBytes: number, private readonly owner: WasmAllocator,
    /** The cached view and the buffer it was made on (a view handed back with a released block of the same shape, or null). */
    private array: FloatArray | null, private arrayBuffer: ArrayBufferLike | null) {}

  view(): FloatArray {
    if (this.released) throw new Error("gradscope: tensor used after its memory was released");
    const buffer = this.owner.currentBuffer();
    // NOTE: memory.grow detaches the old ArrayBuffer (or, for a shared memory, makes memory.buffer a new,
    // longer SharedArrayBuffer), so a cached view is rebuilt when the buffer changed.
    if (this.array === null || this.arrayBuffer !== buffer) {
      this.array = this.dtype === "float32"
        ? new Float32Array(buffer, this.offset, this.size)
        : new Float64Array(buffer, this.offset, this.size);
      this.arrayBuffer = buffer;
    }
    return this.array;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.owner.free(this, this.array, this.arrayBuffer);
    this.array = null;
    this.arrayBuffer = null;
  }
}

/** Released blocks of one byte size: their offsets, and the view each had (or null) with the buffer it was made on. */
interface FreeList {
  offsets: number[];
  views: (FloatArray | null)[];
  buffers: (ArrayBufferLike | null)[];
}

/**
 * Hands out zero-filled, 16-byte-aligned blocks of a WebAssembly memory above `base`, for both
 * dtypes. Released blocks go to a free list keyed by their exact (16-rounded) byte size and are
 * reused first; a training step allocates the same sizes every step, so after the first step
 * nothing new is carved. The memory grows (by at least a quarter) when the bump pointer runs out,
 * up to `maximumPages` when given (a shared memory has a fixed maximum; its buffer is then a
 * SharedArrayBuffer, which views take the same way).
 *
 * @example
 * const s = allocator.allocate("float32", 128 * 256); // zero-filled [128, 256]
 * s.view()[0] = 1; s.release();
 */
export class WasmAllocator implements Allocator {
  readonly name = "wasm";
  private top: number;
  private live = 0;
  private readonly freeLists = new Map<number, FreeList>();
  /** memory.buffer as last read (a slow getter): read again after the memory grew. */
  private buffer: ArrayBufferLike;

  /** Manages `memory` from byte `base` (everything below belongs to the kernel module), growing it to at most `maximumPages`. */
  constructor(readonly memory: WasmMemory, base: number, private readonly maximumPages = Infinity) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
    this.buffer = memory.buffer;
  }

  /**
   * The memory's current buffer, without the slow memory.buffer getter on the common path: the
   * last one read is kept, and read again when it was detached (byteLength 0: the memory grew
   * outside this allocator) and after this allocator grew the memory (carve). A shared memory's
   * older buffer is never detached, and still maps every block carved before it grew.
   */
  currentBuffer(): ArrayBufferLike {
    const buffer = this.buffer;
    return buffer.byteLength !== 0 ? buffer : (this.buffer = this.memory.buffer);
  }

  allocate(dtype: DType, size: number, zeroFill = true): Storage {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`gradscope: cannot allocate ${size} elements`);
    const bytes = size * bytesPerElement(dtype);
    const blockBytes = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const list = this.freeLists.get(blockBytes);
    if (list !== undefined && list.offsets.length > 0) {
      this.live += bytes;
      const offset = list.offsets.pop() as number, view = list.views.pop() ?? null, viewBuffer = list.buffers.pop() ?? null;
      const buffer = this.currentBuffer();
      if (zeroFill) new Uint8Array(buffer, offset, blockBytes).fill(0);
      // NOTE: the released block's view serves again when it has this dtype and length (a training step allocates the same shapes every step).
      const same = view !== null && viewBuffer === buffer && view.length === size && (dtype === "float32" ? view instanceof Float32Array : view instanceof Float64Array);
      return new WasmStorage(dtype, size, offset, blockBytes, this, same ? view : null, same ? buffer : null);
    }
    // memory above the bump pointer has never been handed out: still zero
    const offset = this.carve(blockBytes);
    this.live += bytes;
    return new WasmStorage(dtype, size, offset, blockBytes, this, null, null);
  }

  /** Bytes of the storages handed out and not yet released (their exact sizes, as HeapAllocator reports). */
  bytesInUse(): number {
    return this.live;
  }

  /** @internal Returns a released storage's block to its free list, with its view (and the buffer of it) for reuse. */
  free(storage: WasmStorage, view: FloatArray | null, viewBuffer: ArrayBufferLike | null): void {
    this.live -= storage.size * bytesPerElement(storage.dtype);
    let list = this.freeLists.get(storage.blockBytes);
    if (list === undefined) this.freeLists.set(storage.blockBytes, (list = { offsets: [], views: [], buffers: [] }));
    list.offsets.push(storage.offset);
    list.views.push(view);
    list.buffers.push(viewBuffer);
  }

  /** A new block of `blockBytes` at the bump pointer, growing the memory when needed. */
  private carve(blockBytes: number): number {
    const offset = this.top;
    const end = offset + blockBytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const needPages = Math.ceil((end - have) / PAGE_BYTES);
      const havePages = have / PAGE_BYTES;
      const roomPages = this.maximumPages - havePages;
      if (needPages > roomPages) {
        throw new RangeError(`gradscope: out of WebAssembly memory (${have} bytes in use, ${blockBytes} more requested, ` +
          `maximum ${this.maximumPages} pages of 64 KiB)`);
      }
      try {
        this.memory.grow(Math.min(roomPages, Math.max(needPages, Math.ceil(havePages / 4))));
      } catch {
        try {
          this.memory.grow(needPages); // the generous step may exceed the engine's limit; try the minimum
        } catch {
          throw new RangeError(`gradscope: out of WebAssembly memory (${have} bytes in use, ${blockBytes} more requested)`);
        }
      }
    }
    this.top = end;
    this.buffer = this.memory.buffer;
    return offset;
  }
}
