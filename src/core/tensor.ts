import { allocatorFor } from "./backend.js";
import type { DType, FloatArray } from "./dtype.js";
import { GradscopeError, ShapeError, formatShape } from "./errors.js";
import { currentOwner } from "./scope.js";
import { checkShape, sizeOf } from "./shape.js";
import type { Storage } from "./storage.js";

/** Where a tensor came from on the tape: the op that made it and how to send its gradient back. */
export interface TapeNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Given ∂L/∂output, returns ∂L/∂input for each input (null where an input needs none). */
  readonly backward: (dy: Tensor) => (Tensor | null)[];
}

let nextId = 1;

/**
 * A dense row-major array of float32 or float64 numbers with a shape. A tensor with
 * `requiresGrad` takes part in reverse-mode differentiation: after `Tape.backward`, its
 * `grad` holds ∂L/∂tensor with the same shape.
 */
export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  /** ∂L/∂this after a backward pass, same shape; null before. */
  grad: Tensor | null = null;
  /** The op that produced this tensor on the active tape (null for leaves). */
  node: TapeNode | null = null;
  /** @internal How many recorded ops read this tensor (the tape's test of whether a gradient may be shared). */
  uses = 0;
  /** Optional label used by probes and error messages. */
  name: string | undefined;
  private disposed = false;

  constructor(
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly storage: Storage,
    public requiresGrad = false,
  ) {
    this.size = sizeOf(shape);
    if (storage.size !== this.size) {
      throw new ShapeError(`tensor: storage of ${storage.size} elements cannot hold shape ${formatShape(shape)}`);
    }
    currentOwner()?.adopt(this);
  }

  /** The elements, row-major. The view is valid until the next tensor allocation. */
  get data(): FloatArray {
    if (this.disposed) throw new GradscopeError(`tensor ${this.name ?? "#" + this.id} ${formatShape(this.shape)} was used after dispose()`);
    return this.storage.view();
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** True once dispose() has released the memory. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The single element of a size-1 tensor, as a JavaScript number. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`);
    return this.data[0];
  }

  /** A copy of the elements as a plain array (row-major, flat). */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** Releases the memory; the tensor (and its gradient, if any) must not be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.storage.release();
  }

  /** Marks this tensor as a leaf that needs ∂L/∂this; returns this. */
  trainable(): this {
    this.requiresGrad = true;
    return this;
  }
}

/** A zero-filled tensor of a shape and dtype (float32 by default). */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  checkShape(shape, "zeros");
  return new Tensor([...shape], dtype, allocatorFor(dtype).allocate(dtype, sizeOf(shape)));
}

/**
 * A tensor whose contents are unspecified (possibly stale numbers): only for outputs that a
 * kernel overwrites entirely, where zero-filling would be wasted work.
 */
export function empty(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return new Tensor([...shape], dtype, allocatorFor(dtype).allocate(dtype, sizeOf(shape), false));
}

/** A tensor filled with one value. */
export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  const t = zeros(shape, dtype);
  if (value !== 0) t.data.fill(value);
  return t;
}

/** A tensor of ones. */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return full(shape, 1, dtype);
}

/** A tensor from flat row-major values and a shape (default: a vector of the values' length). */
export function tensor(values: ArrayLike<number>, shape?: readonly number[], dtype: DType = "float32"): Tensor {
  const s = shape ?? [values.length];
  checkShape(s, "tensor");
  if (sizeOf(s) !== values.length) {
    throw new ShapeError(`tensor: ${values.length} values do not fill shape ${formatShape(s)} (${sizeOf(s)} elements)`);
  }
  const t = zeros(s, dtype);
  t.data.set(values);
  return t;
}

/** A scalar tensor (shape []). */
export function scalar(value: number, dtype: DType = "float32"): Tensor {
  return tensor([value], [], dtype);
}

/** A copy of a tensor with the same shape, optionally converted to another dtype (no gradient link). */
export function copyOf(t: Tensor, dtype: DType = t.dtype): Tensor {
  const c = empty(t.shape, dtype);
  c.data.set(t.data);
  return c;
}
