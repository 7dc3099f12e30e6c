import { GradscopeError } from "../core/errors.js";

/** A root of a scalar function and how it was found. */
export interface Root {
  x: number;
  /** f(x). */
  fx: number;
  iterations: number;
}

/**
 * A root of f in [a, b] where f(a)·f(b) ≤ 0, by Brent's method (bisection, secant and inverse
 * quadratic interpolation): the bracket shrinks below xtol + 4ε|x|.
 */
export function brent(f: (x: number) => number, a: number, b: number, options: { xtol?: number; maxIterations?: number; fa?: number; fb?: number } = {}): Root {
  const xtol = options.xtol ?? 1e-15;
  const maxIterations = options.maxIterations ?? 200;
  let fa = options.fa ?? f(a);
  let fb = options.fb ?? f(b);
  if (fa === 0) return { x: a, fx: 0, iterations: 0 };
  if (fb === 0) return { x: b, fx: 0, iterations: 0 };
  if (Math.sign(fa) === Math.sign(fb)) throw new GradscopeError(`brent: f(${a}) = ${fa} and f(${b}) = ${fb} do not bracket a root`);
  let c = a, fc = fa, d = b - a, e = d;
  for (let it = 1; it <= maxIterations; it++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a; fc = fa; d = b - a; e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { x: b, fx: fb, iterations: it };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when a = c, inverse quadratic otherwise.
      let p: number, q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m; e = m;
      }
    } else {
      d = m; e = m;
    }
    a = b; fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return { x: b, fx: fb, iterations: maxIterations };
}
