import { madd } from "./simd";

/**
 * The register-blocked inner kernel: a 6×8 tile of C held in twelve f32x4 accumulators,
 * C[6,8] = Ap[6,kc]·Bp[kc,8], where Ap is a packed micro-panel (6 floats per k) and Bp holds
 * 8 floats per k, `ldb` bytes apart (32 for a packed micro-panel; a row of B read in place).
 * `ldc` is the row stride of C in bytes. Twelve independent multiply-add chains, two B vectors
 * and one broadcast of A take 15 of the 16 vector registers (V8 keeps one as its scratch): the
 * most chains that fit, which is what it takes to keep the multiply-add units busy (a chain waits
 * out each multiply-add's latency). Each element of C is summed over p in order, as a 4×8 tile did.
 * It overwrites C: adding to C here (loads and adds after the loop) made V8 spill three
 * accumulators inside the loop, at half the speed; addTile6x8 adds a tile to C instead.
 */
export function kernel6x8(ap: usize, bp: usize, ldb: usize, cp: usize, ldc: usize, kc: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    ap += 24;
    bp += ldb;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ldc, c10); v128.store(cp + ldc, c11, 16);
  v128.store(cp + 2 * ldc, c20); v128.store(cp + 2 * ldc, c21, 16);
  v128.store(cp + 3 * ldc, c30); v128.store(cp + 3 * ldc, c31, 16);
  v128.store(cp + 4 * ldc, c40); v128.store(cp + 4 * ldc, c41, 16);
  v128.store(cp + 5 * ldc, c50); v128.store(cp + 5 * ldc, c51, 16);
}

/** C[6,8] += T[6,8] for a tile T of 8 floats per row (row stride of C `ldc` bytes). */
export function addTile6x8(tile: usize, cp: usize, ldc: usize): void {
  for (let r = 0; r < 6; r++) {
    v128.store(cp, f32x4.add(v128.load(cp), v128.load(tile)));
    v128.store(cp, f32x4.add(v128.load(cp, 16), v128.load(tile, 16)), 16);
    tile += 32;
    cp += ldc;
  }
}

/**
 * The first four rows of a 6×8 tile, C[4,8] = Ap[0:4,kc]·Bp[kc,8] from a 6-row packed panel: for
 * an edge tile of at most four rows, at two thirds of kernel6x8's work. Same order of summation.
 */
export function kernel4x8(ap: usize, bp: usize, ldb: usize, cp: usize, ldc: usize, kc: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 24;
    bp += ldb;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ldc, c10); v128.store(cp + ldc, c11, 16);
  v128.store(cp + 2 * ldc, c20); v128.store(cp + 2 * ldc, c21, 16);
  v128.store(cp + 3 * ldc, c30); v128.store(cp + 3 * ldc, c31, 16);
}
