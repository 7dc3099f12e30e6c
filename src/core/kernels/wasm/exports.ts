import type { UnaryKind } from "../kernels.js";
import type { WasmInstance } from "./webassembly.js";

/** y = f(x) over n f32 at byte addresses x and y. */
export type WasmForward = (x: number, y: number, n: number, alpha: number) => void;
/** dx = dy·f'(x) over n f32 at byte addresses x, y (saved output), dy and dx. */
export type WasmBackward = (x: number, y: number, dy: number, dx: number, n: number, alpha: number) => void;

/** The functions of the AssemblyScript kernel module (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  /** C[m,n] (+)= op(A)·op(B); the flags are 0 or 1. */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number,
    transA: number, transB: number, accumulate: number): void;
  /** y[r,c] = x[r,c] + b[c]. */
  addRowVector(x: number, b: number, y: number, rows: number, cols: number): void;
  /** out[c] (+)= Σ_r x[r,c]. */
  sumRows(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  /** y[i] += alpha·x[i] over n elements. */
  axpy(alpha: number, x: number, y: number, n: number): void;
  /** axpy with Σ y_before², Σ x², Σ (y_after − y_before)² written as three f64 at axpySumsSlot() (absent from older builds). */
  axpySums?(alpha: number, x: number, y: number, n: number): void;
  /** Byte address of axpySums' three f64 results. */
  axpySumsSlot?(): number;
  /** First byte above the module's static data and scratch: the allocator's base. */
  reservedEnd(): number;
  /** fwd_<kind> and bwd_<kind>, for the kinds the module implements. */
  readonly forward: Partial<Record<UnaryKind, WasmForward>>;
  readonly backward: Partial<Record<UnaryKind, WasmBackward>>;
}

/** The unary kinds the module may implement, in a fixed order (the threads pass a kind as its index here). */
export const UNARY_KINDS: readonly UnaryKind[] = [
  "identity", "neg", "exp", "log", "sqrt", "abs", "square", "reciprocal", "sigmoid", "tanh", "relu",
  "leakyRelu", "elu", "selu", "gelu", "silu", "softplus", "hardTanh",
];

function exportedFunction<F>(instance: WasmInstance, name: string): F {
  const f = instance.exports[name];
  if (typeof f !== "function") throw new Error(`gradscope: the kernel module does not export ${name}`);
  return f as F;
}

function optionalFunction<F>(instance: WasmInstance, name: string): F | undefined {
  const f = instance.exports[name];
  return typeof f === "function" ? f as F : undefined;
}

/** The typed exports of an instance; fwd_/bwd_ functions missing from the module are left out (and fall back). */
export function kernelExports(instance: WasmInstance): KernelExports {
  const forward: Partial<Record<UnaryKind, WasmForward>> = {};
  const backward: Partial<Record<UnaryKind, WasmBackward>> = {};
  for (const kind of UNARY_KINDS) {
    const f = instance.exports[`fwd_${kind}`];
    const b = instance.exports[`bwd_${kind}`];
    if (typeof f === "function") forward[kind] = f as WasmForward;
    if (typeof b === "function") backward[kind] = b as WasmBackward;
  }
  return {
    matmul: exportedFunction(instance, "matmul"),
    addRowVector: exportedFunction(instance, "addRowVector"),
    sumRows: exportedFunction(instance, "sumRows"),
    axpy: exportedFunction(instance, "axpy"),
    axpySums: optionalFunction(instance, "axpySums"),
    axpySumsSlot: optionalFunction(instance, "axpySumsSlot"),
    reservedEnd: exportedFunction(instance, "reservedEnd"),
    forward,
    backward,
  };
}
