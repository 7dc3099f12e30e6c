import { addTile6x8, kernel4x8, kernel6x8 } from "./microkernel";
import { KC, MC, MR, NC, NR, edgeTile, packedA, packedB } from "./scratch";
import { at } from "./simd";

/** Stores the transpose of the 4×4 block with rows r0..r3: vector q (column q) goes to dst + q·stride. */
// @ts-ignore: decorator
@inline function transpose4x4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) into micro-panels of MR rows:
 * dst[panel·kc·MR + p·MR + r] = op(A)[i0 + panel·MR + r, p0 + p], zero past the last row.
 * op(A)[i,p] = a[i·k + p], or a[p·m + i] when transA.
 */
function packA(a: usize, m: i32, k: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const panel = dst + <usize>(ip * kc) * 4;
    if (transA && rows == MR) {
      // six consecutive rows of op(A) are six consecutive floats of a column of A: 16 + 8 bytes
      let src = at(a, p0 * m + i0 + ip);
      for (let p = 0; p < kc; p++) {
        const d = panel + <usize>(p * MR) * 4;
        v128.store(d, v128.load(src));
        store<u64>(d, load<u64>(src, 16), 16);
        src += <usize>m << 2;
      }
      continue;
    }
    if (!transA && rows == MR) {
      // rows 0–3: 4×4 blocks of A (rows i, columns p) transposed into the panel; rows 4–5: the
      // two rows interleaved, a pair of floats per p
      const ld = <usize>k << 2;
      const src = at(a, (i0 + ip) * k + p0);
      const s4 = src + 4 * ld, s5 = src + 5 * ld;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2), d = panel + <usize>(p * MR) * 4;
        transpose4x4(v128.load(s), v128.load(s + ld), v128.load(s + 2 * ld), v128.load(s + 3 * ld), d, MR * 4);
        const r4 = v128.load(s4 + (<usize>p << 2)), r5 = v128.load(s5 + (<usize>p << 2));
        const lo = i32x4.shuffle(r4, r5, 0, 4, 1, 5), hi = i32x4.shuffle(r4, r5, 2, 6, 3, 7);
        v128.store64_lane(d + 16, lo, 0);
        v128.store64_lane(d + MR * 4 + 16, lo, 1);
        v128.store64_lane(d + 2 * MR * 4 + 16, hi, 0);
        v128.store64_lane(d + 3 * MR * 4 + 16, hi, 1);
      }
      for (; p < kc; p++) {
        const d = panel + <usize>(p * MR) * 4, s = src + (<usize>p << 2);
        for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), load<f32>(s + <usize>r * ld));
      }
      continue;
    }
    for (let r = 0; r < MR; r++) {
      let d = panel + (<usize>r << 2);
      if (r >= rows) {
        for (let p = 0; p < kc; p++) { store<f32>(d, 0); d += MR * 4; }
      } else if (transA) {
        let src = at(a, p0 * m + i0 + ip + r);
        for (let p = 0; p < kc; p++) { store<f32>(d, load<f32>(src)); d += MR * 4; src += <usize>m << 2; }
      } else {
        let src = at(a, (i0 + ip + r) * k + p0);
        for (let p = 0; p < kc; p++) { store<f32>(d, load<f32>(src)); d += MR * 4; src += 4; }
      }
    }
  }
}

/**
 * Packs rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into micro-panels of NR columns:
 * dst[panel·kc·NR + p·NR + c] = op(B)[p0 + p, j0 + panel·NR + c], zero past the last column.
 * op(B)[p,j] = b[p·n + j], or b[j·k + p] when transB.
 */
function packB(b: usize, k: i32, n: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const panel = dst + <usize>(jp * kc) * 4;
    if (!transB && cols == NR) {
      let src = at(b, p0 * n + j0 + jp);
      for (let p = 0; p < kc; p++) {
        const d = panel + (<usize>p << 5);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        src += <usize>n << 2;
      }
      continue;
    }
    if (transB && cols == NR) {
      // 4×4 blocks of B (rows j, columns p) transposed into the two halves of the panel
      const ld = <usize>k << 2;
      const src = at(b, (j0 + jp) * k + p0);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2), d = panel + (<usize>p << 5);
        transpose4x4(v128.load(s), v128.load(s + ld), v128.load(s + 2 * ld), v128.load(s + 3 * ld), d, NR * 4);
        const s4 = s + 4 * ld;
        transpose4x4(v128.load(s4), v128.load(s4 + ld), v128.load(s4 + 2 * ld), v128.load(s4 + 3 * ld), d + 16, NR * 4);
      }
      for (; p < kc; p++) {
        const d = panel + (<usize>p << 5);
        for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + <usize>c * ld + (<usize>p << 2)));
      }
      continue;
    }
    for (let c = 0; c < NR; c++) {
      let d = panel + (<usize>c << 2);
      if (c >= cols) {
        for (let p = 0; p < kc; p++) { store<f32>(d, 0); d += NR * 4; }
      } else if (transB) {
        let src = at(b, (j0 + jp + c) * k + p0);
        for (let p = 0; p < kc; p++) { store<f32>(d, load<f32>(src)); d += NR * 4; src += 4; }
      } else {
        let src = at(b, p0 * n + j0 + jp + c);
        for (let p = 0; p < kc; p++) { store<f32>(d, load<f32>(src)); d += NR * 4; src += <usize>n << 2; }
      }
    }
  }
}

/** C[rows, cols] (+)= T[rows, cols] for the valid corner of an edge tile T [MR, NR]. */
function mergeEdge(tile: usize, cp: usize, n: i32, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const crow = at(cp, r * n);
    const trow = at(tile, r * NR);
    for (let c = 0; c < cols; c++) {
      const t = load<f32>(at(trow, c));
      store<f32>(at(crow, c), accumulate ? load<f32>(at(crow, c)) + t : t);
    }
  }
}

/**
 * C[m,n] (+)= op(A)·op(B) with op(A) [m,k] and op(B) [k,n], all f32 at byte addresses a, b, c.
 * Blocked over k (KC), n (NC) and m (MC); each block of op(A) is packed, and of op(B) when it
 * is transposed (else the kernel reads B's rows in place, packing only a last partial panel);
 * then every MR×NR tile of C is computed by the register-blocked microkernel.
 */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(m * n) * 4);
    return;
  }
  matmulBlock(a, b, c, m, k, n, transA, transB, accumulate, 0, m, 0, n, packedA(), packedB(), edgeTile());
}

/**
 * The rows [r0, r1) and columns [c0, c1) of C[m,n] (+)= op(A)·op(B), packing into the scratch
 * at ap (MC×KC floats), bp (KC×NC floats) and tile (MR×NR floats); needs k ≥ 1. Every element of
 * C is summed in the same order whatever the range (k in blocks of KC from 0, each block's
 * products in order of p, then added to C), so a matmul split into ranges is bit-identical to
 * the whole one; matmul is the single range [0, m) × [0, n) with the module's scratch.
 */
// @ts-ignore: decorator
@inline export function matmulBlock(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, r0: i32, r1: i32, c0: i32, c1: i32,
  ap: usize, bp: usize, tile: usize): void {
  const ldc = <usize>n << 2;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const acc = accumulate || p0 > 0;
    for (let j0 = c0; j0 < c1; j0 += NC) {
      const nc = min(NC, c1 - j0);
      // Without transB, 8 consecutive columns of op(B) are 8 consecutive floats of a row of B: the
      // kernel reads full panels in place (no packing; the same numbers in the same order) and
      // only a last panel of fewer than NR columns is packed (zero-padded).
      const inPlace = transB ? 0 : nc - nc % NR;
      if (inPlace < nc) packB(b, k, n, transB, p0, kc, j0 + inPlace, nc - inPlace, bp);
      for (let i0 = r0; i0 < r1; i0 += MC) {
        const mc = min(MC, r1 - i0);
        packA(a, m, k, transA, i0, mc, p0, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const bpanel = jr < inPlace ? at(b, p0 * n + j0 + jr) : bp + <usize>((jr - inPlace) * kc) * 4;
          const ldb: usize = jr < inPlace ? <usize>n << 2 : NR * 4;
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const apanel = ap + <usize>(ir * kc) * 4;
            const rows = min(MR, mc - ir);
            const cp = at(c, (i0 + ir) * n + j0 + jr);
            if (rows == MR && cols == NR && !acc) {
              kernel6x8(apanel, bpanel, ldb, cp, ldc, kc);
            } else if (rows == MR && cols == NR) {
              kernel6x8(apanel, bpanel, ldb, tile, NR * 4, kc);
              addTile6x8(tile, cp, ldc);
            } else {
              if (rows <= 4) kernel4x8(apanel, bpanel, ldb, tile, NR * 4, kc);
              else kernel6x8(apanel, bpanel, ldb, tile, NR * 4, kc);
              mergeEdge(tile, cp, n, rows, cols, acc);
            }
          }
        }
      }
    }
  }
}
