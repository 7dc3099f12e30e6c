/**
 * The exports that only the shared-memory builds have (entry assembly/shared.ts, compiled with
 * --enable threads --sharedMemory): a matmul restricted to a block of C that packs into the
 * scratch set of one thread, so that several threads may compute disjoint blocks of one matmul
 * at once, and the address of the control block they synchronise on.
 */
import { matmulBlock } from "./matmul";
import { CONTROL_BYTES, MAX_THREADS, MR, NR, KC, MC, NC, controlBlock, edgeTile, packedA, packedB, scratchSet } from "./scratch";
import { at } from "./simd";

/**
 * Rows [r0, r1) and columns [c0, c1) of C[m,n] (+)= op(A)·op(B), with the same arguments as
 * matmul, computed by thread `thread` (0 = the caller, which uses the module's own scratch) in
 * its own packing scratch. Bit-identical to the same block of a whole matmul.
 */
export function matmulPart(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, r0: i32, r1: i32, c0: i32, c1: i32, thread: i32): void {
  r0 = max(r0, 0); c0 = max(c0, 0); r1 = min(r1, m); c1 = min(c1, n);
  if (r0 >= r1 || c0 >= c1 || thread < 0 || thread >= MAX_THREADS) return;
  if (k <= 0) {
    if (!accumulate) for (let r = r0; r < r1; r++) memory.fill(at(c, r * n + c0), 0, <usize>(c1 - c0) * 4);
    return;
  }
  if (thread == 0) {
    matmulBlock(a, b, c, m, k, n, transA, transB, accumulate, r0, r1, c0, c1, packedA(), packedB(), edgeTile());
  } else {
    const ap = scratchSet(thread);
    const bp = ap + <usize>(MC * KC * 4);
    matmulBlock(a, b, c, m, k, n, transA, transB, accumulate, r0, r1, c0, c1, ap, bp, bp + <usize>(KC * NC * 4));
  }
}

/** Byte address of the control block (CONTROL_BYTES, 64-byte aligned) in the reserved area. */
export function threadControl(): usize {
  return controlBlock();
}

/** Bytes of the control block. */
export function threadControlBytes(): i32 {
  return <i32>CONTROL_BYTES;
}

/** How many threads (the caller included) have a scratch set: the most that may run matmulPart at once. */
export function threadScratchSets(): i32 {
  return MAX_THREADS;
}

/** The micro-tile of the matmul (rows MR, columns NR): splits of C along these multiples cost no extra edge tiles. */
export function tileRows(): i32 { return MR; }
export function tileCols(): i32 { return NR; }
