/**
 * The fixed layout of the module's own working memory, placed right after its static data
 * (__heap_base). The loader learns `reservedEnd()` and allocates tensors only above it.
 */

/** Rows of A per packed micro-panel and columns of B per packed micro-panel (fixed by kernel6x8 and the packing code). */
export const MR: i32 = 6;
export const NR: i32 = 8;
/** Cache blocking of the matmul: k per block, rows of A per packed block, columns of B per packed block. */
export const KC: i32 = 256;
export const MC: i32 = 192; // a multiple of MR
export const NC: i32 = 512;

// @ts-ignore: decorator
@inline function base(): usize { return (__heap_base + 63) & ~<usize>63; }

/** Packed block of op(A): MC×KC floats in micro-panels of MR rows. */
// @ts-ignore: decorator
@inline export function packedA(): usize { return base(); }
/** Packed block of op(B): KC×NC floats in micro-panels of NR columns. */
// @ts-ignore: decorator
@inline export function packedB(): usize { return packedA() + <usize>(MC * KC * 4); }
/** One MR×NR tile of C for edge tiles. */
// @ts-ignore: decorator
@inline export function edgeTile(): usize { return packedB() + <usize>(KC * NC * 4); }
/** 16 bytes that hold the last 1–3 elements of an elementwise kernel, padded to a full vector. */
// @ts-ignore: decorator
@inline export function tailSlots(): usize { return edgeTile() + <usize>(MR * NR * 4); }

/** End of the single-thread layout above (the whole reserved area of the builds without threads). */
// @ts-ignore: decorator
@inline function singleEnd(): usize { return tailSlots() + 64; }

/**
 * Threads build only (--enable threads, shared memory): threads that run matmul blocks at once,
 * the calling thread included. Thread 0 packs into the scratch above; threads 1 … MAX_THREADS−1
 * each have their own set of packed A, packed B and edge tile after the control block.
 */
export const MAX_THREADS: i32 = ASC_FEATURE_THREADS ? 4 : 1;
/** Bytes of one scratch set (packed A, packed B, edge tile), a multiple of 64. */
const SET_BYTES: usize = (<usize>((MC * KC + KC * NC + MR * NR) * 4) + 63) & ~<usize>63;
/** Bytes of the control block the threads synchronise on (i32 words; see src/core/kernels/wasm/threads.ts). */
export const CONTROL_BYTES: usize = 256;

/** The control block of the threads build: 64-byte aligned, right after the single-thread layout. */
// @ts-ignore: decorator
@inline export function controlBlock(): usize { return (singleEnd() + 63) & ~<usize>63; }
/** Scratch set `t` (1 … MAX_THREADS−1) of the threads build: packed A, then packed B, then the edge tile. */
// @ts-ignore: decorator
@inline export function scratchSet(t: i32): usize { return controlBlock() + CONTROL_BYTES + <usize>(t - 1) * SET_BYTES; }

/** First byte the loader may hand out: everything below belongs to this module. */
export function reservedEnd(): usize {
  if (ASC_FEATURE_THREADS) return scratchSet(MAX_THREADS);
  return singleEnd();
}
