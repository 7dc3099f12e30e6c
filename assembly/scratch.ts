/**
 * The fixed layout of the module's own working memory, placed right after its static data
 * (__heap_base). The loader learns `reservedEnd()` and allocates tensors only above it.
 */

/** Rows of A per packed micro-panel and columns of B per packed micro-panel (fixed by kernel4x8 and the packing code). */
export const MR: i32 = 4;
export const NR: i32 = 8;
/** Cache blocking of the matmul: k per block, rows of A per packed block, columns of B per packed block. */
export const KC: i32 = 256;
export const MC: i32 = 192;
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

/** First byte the loader may hand out: everything below belongs to this module. */
export function reservedEnd(): usize {
  return tailSlots() + 64;
}
