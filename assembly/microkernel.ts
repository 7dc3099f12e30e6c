import { madd } from "./simd";

/**
 * The register-blocked inner kernel: a 4×8 tile of C held in eight f32x4 accumulators,
 * C[4,8] (+)= Ap[4,kc]·Bp[kc,8], where Ap is a packed micro-panel (4 floats per k) and Bp holds
 * 8 floats per k, `ldb` bytes apart (32 for a packed micro-panel; a row of B read in place).
 * `ldc` is the row stride of C in bytes.
 */
export function kernel4x8(ap: usize, bp: usize, ldb: usize, cp: usize, ldc: usize, kc: i32, accumulate: bool): void {
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
    ap += 16;
    bp += ldb;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(cp)); c01 = f32x4.add(c01, v128.load(cp, 16));
    c10 = f32x4.add(c10, v128.load(cp + ldc)); c11 = f32x4.add(c11, v128.load(cp + ldc, 16));
    c20 = f32x4.add(c20, v128.load(cp + 2 * ldc)); c21 = f32x4.add(c21, v128.load(cp + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(cp + 3 * ldc)); c31 = f32x4.add(c31, v128.load(cp + 3 * ldc, 16));
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ldc, c10); v128.store(cp + ldc, c11, 16);
  v128.store(cp + 2 * ldc, c20); v128.store(cp + 2 * ldc, c21, 16);
  v128.store(cp + 3 * ldc, c30); v128.store(cp + 3 * ldc, c31, 16);
}
