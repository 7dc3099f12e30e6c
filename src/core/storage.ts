import { allocArray, type DType, type FloatArray } from "./dtype.js";

/**
 * The memory behind one tensor: `size` elements of `dtype`. `view()` returns a typed array
 * over exactly those elements; it may return a new view object after the backing memory
 * grows (WebAssembly memory), so callers take the view right before use and keep it only
 * until the next allocation.
 */
export interface Storage {
  readonly dtype: DType;
  readonly size: number;
  view(): FloatArray;
  /** Give the memory back for reuse; the storage must not be used afterwards. */
  release(): void;
}

/** Hands out storages; the reference allocator uses the JavaScript heap, the wasm one its linear memory. */
export interface Allocator {
  readonly name: string;
  /**
   * A storage of `size` elements, zero-filled unless `zeroFill` is false (then its contents are
   * unspecified: for outputs a kernel overwrites completely).
   */
  allocate(dtype: DType, size: number, zeroFill?: boolean): Storage;
  /** Bytes currently handed out and not yet released (for leak tests and the benchmark). */
  bytesInUse(): number;
}

class HeapStorage implements Storage {
  private array: FloatArray | null;
  constructor(readonly dtype: DType, readonly size: number, private readonly owner: HeapAllocator) {
    this.array = allocArray(dtype, size);
  }
  view(): FloatArray {
    if (this.array === null) throw new Error("gradscope: tensor used after its memory was released");
    return this.array;
  }
  release(): void {
    if (this.array === null) return;
    this.owner.live -= this.array.byteLength;
    this.array = null;
  }
}

/** The reference allocator: plain typed arrays, freed by the garbage collector. */
export class HeapAllocator implements Allocator {
  readonly name = "heap";
  /** @internal bytes live */
  live = 0;
  allocate(dtype: DType, size: number): Storage {
    const s = new HeapStorage(dtype, size, this);
    this.live += s.view().byteLength;
    return s;
  }
  bytesInUse(): number {
    return this.live;
  }
}
