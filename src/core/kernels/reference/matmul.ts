import type { FloatArray } from "../../dtype.js";

let rowScratch = new Float64Array(64);

/**
 * Reference C[m,n] (+)= op(A)·op(B): op(A) [m,k] is A stored [m,k] or, when transA, [k,m];
 * op(B) [k,n] is B stored [k,n] or, when transB, [n,k]. Each C entry is summed in float64 over
 * p = 0..k−1 in order, added to the old C when accumulating, then rounded once into C.
 */
export function referenceMatmul(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number,
  transA: boolean, transB: boolean, accumulate: boolean): void {
  if (rowScratch.length < n) rowScratch = new Float64Array(n);
  const acc = rowScratch;
  // op(A)[i,p] = a[i·sa + p·ta]; op(B)[p,j] = b[p·sb + j·tb]
  const sa = transA ? 1 : k, ta = transA ? m : 1;
  const sb = transB ? 1 : n, tb = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    for (let p = 0; p < k; p++) {
      const aip = a[i * sa + p * ta];
      const rowB = p * sb;
      for (let j = 0; j < n; j++) acc[j] += aip * b[rowB + j * tb];
    }
    const rowC = i * n;
    if (accumulate) for (let j = 0; j < n; j++) c[rowC + j] = c[rowC + j] + acc[j];
    else for (let j = 0; j < n; j++) c[rowC + j] = acc[j];
  }
}
