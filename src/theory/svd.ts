import { GradscopeError } from "../core/errors.js";

/**
 * The singular values (descending) of a [rows, cols] row-major matrix, in float64, by the
 * one-sided Jacobi method (Hestenes): plane rotations orthogonalize the columns of A (of Aᵀ
 * when rows < cols) until every pair satisfies |aₚ·a_q| ≤ 1e-15·‖aₚ‖‖a_q‖; the singular values
 * are then the column norms. It works on A itself, not AᵀA, so small singular values keep
 * their relative accuracy (condition numbers are not squared).
 */
export function singularValues(a: ArrayLike<number>, rows: number, cols: number, maxSweeps = 60): Float64Array {
  if (a.length !== rows * cols) throw new GradscopeError(`singularValues: ${a.length} values do not fill [${rows}, ${cols}]`);
  const tall = rows >= cols;
  const m = tall ? rows : cols; // column length
  const n = tall ? cols : rows; // number of columns
  // Column-major working copy: column j is u[j*m … j*m+m).
  const u = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (tall) u[j * m + i] = a[i * cols + j];
      else u[i * m + j] = a[i * cols + j];
    }
  }
  const tol = 1e-15;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const op = p * m;
      for (let q = p + 1; q < n; q++) {
        const oq = q * m;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = u[op + i], y = u[oq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (p, q) entry of the 2×2 Gram matrix [[α, γ], [γ, β]].
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = u[op + i], y = u[oq + i];
          u[op + i] = c * x - s * y;
          u[oq + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += u[j * m + i] ** 2;
    sv[j] = Math.sqrt(s);
  }
  return sv.sort().reverse();
}
