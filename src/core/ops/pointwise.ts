import { recordOp } from "../tape.js";
import { zeros, type Tensor } from "../tensor.js";

/** An elementwise op with its derivative written beside it: y = f(x), ∂x = ∂y·f'(x, y). */
function pointwise(name: string, x: Tensor, f: (v: number) => number, df: (v: number, y: number) => number): Tensor {
  const y = zeros(x.shape, x.dtype);
  const xd = x.data, yd = y.data;
  for (let i = 0; i < xd.length; i++) yd[i] = f(xd[i]);
  return recordOp(name, [x], y, (dy) => {
    const dx = zeros(x.shape, x.dtype);
    const a = x.data, b = y.data, g = dy.data, d = dx.data;
    for (let i = 0; i < d.length; i++) d[i] = g[i] * df(a[i], b[i]);
    return [dx];
  });
}

/** xᵖ for a constant exponent p; ∂x = p·xᵖ⁻¹ (0 where p = 0). */
export function pow(x: Tensor, p: number): Tensor {
  return pointwise("pow", x, (v) => Math.pow(v, p), (v) => (p === 0 ? 0 : p * Math.pow(v, p - 1)));
}

/** min(max(x, lo), hi); the gradient passes where lo ≤ x ≤ hi (bounds included, as PyTorch). */
export function clamp(x: Tensor, lo = -Infinity, hi = Infinity): Tensor {
  // NOTE: max first, then min: when lo > hi everything becomes hi, as in PyTorch; NaN passes through.
  return pointwise("clamp", x, (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, lo), hi)), (v) => (v >= lo && v <= hi ? 1 : 0));
}

/** x·c for a constant c. */
export function scale(x: Tensor, c: number): Tensor {
  return pointwise("scale", x, (v) => v * c, () => c);
}
