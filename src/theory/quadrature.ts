import { GradscopeError } from "../core/errors.js";

/**
 * Gaussian expectations E[f(m + s·z)], z ~ N(0, 1), in float64, by two rules:
 *
 * - "adaptive" (the default, used by all of theory/): global adaptive Gauss–Kronrod (G7/K15,
 *   QUADPACK's error estimate) over z ∈ [−10, 10] (the tails beyond hold 1.5e-23 of the mass),
 *   split at the integrand's kinks, at z = 0, ±1, ±2, ±4 (the Gaussian's scale) and at
 *   u = 0, ±1, ±2, ±4 (the activation's scale), refined to an estimated error ≤ 1e-13·E|f|.
 *   Splitting at a kink makes every panel smooth, so ReLU's E[φ′²] = ½ and E[φ] = 1/√(2π) come
 *   out to ~1e-16; the activation-scale splits catch features much narrower than the Gaussian
 *   (sigmoid′² at q = 128). Checked against closed forms and an independent fine trapezoid
 *   rule to ≤ 1e-14 (test/theory/quadrature.test.ts).
 * - "hermite": n-point Gauss–Hermite, exact for polynomials of degree ≤ 2n − 1. Fast, but
 *   measured errors at n = 128: tanh² at q = 1: 1e-13, q = 2.1: 2e-9, q = 10: 2e-4 (tanh's poles
 *   sit at distance π/(2√q) from the real z-axis); E[ReLU(u)]: 1e-3 and E[hardTanh²]: 3e-3
 *   (kinks; E[1{u>0}] and E[ReLU(u)²] happen to be exact by the rule's symmetry);
 *   sigmoid′² at q = 128: 25% relative. Use it for smooth φ at q ≲ 1 or as a cross-check.
 */
export interface ExpectationOptions {
  /** "adaptive" Gauss–Kronrod split at kinks (default) or "hermite". */
  method?: "adaptive" | "hermite";
  /** Gauss–Hermite nodes (default 96). */
  nodes?: number;
  /** Adaptive: tolerance of the estimated error relative to E|f| (default 1e-13). */
  epsRel?: number;
  /** Adaptive: absolute tolerance of the estimated error (default 0). */
  epsAbs?: number;
  /** Points u where f(u) or f′(u) is not smooth: the adaptive rule splits there. */
  breakpoints?: readonly number[];
}

/** Nodes z_i and weights w_i with Σ w_i g(z_i) ≈ E[g(z)], z ~ N(0, 1). */
export interface GaussRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** An integral's value, its estimated absolute error and the number of integrand evaluations. */
export interface QuadratureResult {
  value: number;
  error: number;
  evaluations: number;
}

const hermiteCache = new Map<number, GaussRule>();

/**
 * The n-point Gauss–Hermite rule for the standard normal: Σ w_i g(z_i) ≈ E[g(z)], exact for
 * polynomials of degree ≤ 2n − 1. The roots x of the physicists' H_n are the eigenvalues of
 * the Jacobi matrix (zero diagonal, off-diagonal √(k/2)), isolated one by one by Sturm-sequence
 * bisection (robust for every n, unlike Newton from asymptotic guesses, which can converge to a
 * neighbouring root for n ≳ 200) and polished by Newton's method on the orthonormal recurrence
 * p_k = x√(2/k)·p_{k−1} − √((k−1)/k)·p_{k−2}; then w = 2/(p_n′)²/√π and z = √2·x.
 */
export function gaussHermite(n: number): GaussRule {
  if (!Number.isInteger(n) || n < 1 || n > 400) throw new GradscopeError(`gaussHermite: n = ${n} is not allowed; expected an integer in [1, 400]`);
  const cached = hermiteCache.get(n);
  if (cached !== undefined) return cached;
  // Number of eigenvalues of the Jacobi matrix below x (signs of the LDLᵀ pivots).
  const below = (x: number) => {
    let count = 0;
    let d = 1;
    for (let k = 0; k < n; k++) {
      d = -x - (k === 0 ? 0 : (k / 2) / d);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  // p_n(x) and p_n′(x) = √(2n)·p_{n−1}(x) for the orthonormal Hermite polynomials.
  const evaluate = (x: number): [number, number] => {
    let p1 = Math.PI ** -0.25;
    let p2 = 0;
    for (let j = 1; j <= n; j++) {
      const p3 = p2;
      p2 = p1;
      p1 = x * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
    }
    return [p1, Math.sqrt(2 * n) * p2];
  };
  const bound = Math.sqrt(2 * n) + 1;
  const rule: GaussRule = { nodes: new Float64Array(n), weights: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    // The i-th smallest root lies where below() steps from i to i + 1.
    let lo = -bound;
    let hi = bound;
    for (let it = 0; it < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); it++) {
      const mid = 0.5 * (lo + hi);
      if (below(mid) > i) hi = mid;
      else lo = mid;
    }
    let x = 0.5 * (lo + hi);
    let [p, dp] = evaluate(x);
    for (let it = 0; it < 3 && p !== 0; it++) {
      x -= p / dp;
      [p, dp] = evaluate(x);
    }
    rule.nodes[i] = Math.SQRT2 * x;
    rule.weights[i] = 2 / (dp * dp) / Math.sqrt(Math.PI);
  }
  // Exact symmetry: odd moments vanish and the middle node of an odd rule is 0.
  const { nodes, weights } = rule;
  for (let i = 0; i < n >> 1; i++) {
    const x = 0.5 * (nodes[n - 1 - i] - nodes[i]);
    const w = 0.5 * (weights[i] + weights[n - 1 - i]);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  hermiteCache.set(n, rule);
  return rule;
}

// Gauss–Kronrod 15-point abscissae on [−1, 1] (descending, last = 0) and weights; the 7-point
// Gauss rule uses the odd-indexed abscissae (QUADPACK qk15).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

const EPS = Number.EPSILON;

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
  absValue: number;
}

/** One K15 panel on [a, b] with QUADPACK's error estimate (the G7/K15 difference, rescaled). */
function kronrod15(f: (x: number) => number, a: number, b: number): Piece {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let resk = fc * WGK[7];
  let resg = fc * WG[3];
  let resabs = Math.abs(resk);
  const fv1 = new Float64Array(7);
  const fv2 = new Float64Array(7);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const f1 = f(c - dx);
    const f2 = f(c + dx);
    fv1[j] = f1;
    fv2[j] = f2;
    resk += WGK[j] * (f1 + f2);
    resabs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) resg += WG[j >> 1] * (f1 + f2);
  }
  const mean = resk * 0.5;
  let resasc = WGK[7] * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) resasc += WGK[j] * (Math.abs(fv1[j] - mean) + Math.abs(fv2[j] - mean));
  const ah = Math.abs(h);
  let error = Math.abs((resk - resg) * h);
  resasc *= ah;
  resabs *= ah;
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, (200 * error / resasc) ** 1.5);
  if (resabs > Number.MIN_VALUE / (50 * EPS)) error = Math.max(50 * EPS * resabs, error);
  return { a, b, value: resk * h, error, absValue: resabs };
}

/**
 * ∫_a^b f(x) dx by global adaptive Gauss–Kronrod (G7/K15): starts from the panels between
 * sorted `points` (inside (a, b)) and bisects the panel with the largest error estimate until
 * the total is ≤ max(epsAbs, epsRel·∫|f|) or maxPanels is reached.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: { epsRel?: number; epsAbs?: number; maxPanels?: number; points?: readonly number[] } = {},
): QuadratureResult {
  const epsRel = options.epsRel ?? 1e-13;
  const epsAbs = options.epsAbs ?? 0;
  const maxPanels = options.maxPanels ?? 400;
  if (!(b > a)) return { value: 0, error: 0, evaluations: 0 };
  const cuts = [a, ...(options.points ?? []).filter((p) => p > a && p < b).sort((p, q) => p - q), b];
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1] > cuts[i]) pieces.push(kronrod15(f, cuts[i], cuts[i + 1]));
  let evaluations = 15 * pieces.length;
  for (;;) {
    let value = 0, error = 0, absValue = 0, worst = 0;
    for (let i = 0; i < pieces.length; i++) {
      value += pieces[i].value;
      error += pieces[i].error;
      absValue += pieces[i].absValue;
      if (pieces[i].error > pieces[worst].error) worst = i;
    }
    // NOTE: relative to ∫|f|, not |∫f|: a signed integrand that cancels (E[tanh(u)] ≈ 0) is then
    // resolved to epsRel of its own scale instead of being refined to the roundoff floor.
    const tolerance = Math.max(epsAbs, epsRel * absValue, 100 * EPS * absValue);
    const p = pieces[worst];
    const mid = 0.5 * (p.a + p.b);
    if (error <= tolerance || pieces.length >= maxPanels || !(mid > p.a && mid < p.b)) return { value, error, evaluations };
    pieces[worst] = kronrod15(f, p.a, mid);
    pieces.push(kronrod15(f, mid, p.b));
    evaluations += 30;
  }
}

/** Half-width of the integration range in standard deviations (tail mass 2Φ(−10) ≈ 1.5e-23). */
export const GAUSS_RANGE = 10;
const SCALE_SPLITS = [-4, -2, -1, 0, 1, 2, 4];

/**
 * E[f(m + s·z)], z ~ N(0, 1): the mean of f under N(m, s²). s = 0 gives f(m).
 *
 * @example
 * gaussianExpectation((u) => Math.max(u, 0) ** 2, 0, 2, { breakpoints: [0] }); // = 1
 */
export function gaussianExpectation(f: (u: number) => number, m: number, s: number, options: ExpectationOptions = {}): number {
  if (!(s >= 0) || !Number.isFinite(s) || !Number.isFinite(m)) throw new GradscopeError(`gaussianExpectation: mean ${m} and standard deviation ${s} must be finite with s ≥ 0`);
  if (s === 0) return f(m);
  if (options.method === "hermite") {
    const { nodes, weights } = gaussHermite(options.nodes ?? 96);
    let sum = 0;
    for (let i = 0; i < nodes.length; i++) sum += weights[i] * f(m + s * nodes[i]);
    return sum;
  }
  // In z: the Gaussian's own scale, then the activation's scale (u = 0, ±1, ±2, ±4) and kinks.
  const points = [...SCALE_SPLITS];
  for (const u of [...SCALE_SPLITS, ...(options.breakpoints ?? [])]) points.push((u - m) / s);
  const g = (z: number) => f(m + s * z) * Math.exp(-0.5 * z * z);
  const r = integrate(g, -GAUSS_RANGE, GAUSS_RANGE, { epsRel: options.epsRel ?? 1e-13, epsAbs: (options.epsAbs ?? 0) * Math.sqrt(2 * Math.PI), points });
  return r.value / Math.sqrt(2 * Math.PI);
}

/**
 * E[f(u₁, u₂)] for zero-mean jointly Gaussian (u₁, u₂) with variances q₁, q₂ and correlation c:
 * u₁ = √q₁·z₁, u₂ = √q₂·(c·z₁ + √(1 − c²)·z₂), as a nested (outer z₁, inner z₂) expectation.
 */
export function bivariateExpectation(f: (u1: number, u2: number) => number, q1: number, q2: number, c: number, options: ExpectationOptions = {}): number {
  if (!(c >= -1 && c <= 1)) throw new GradscopeError(`bivariateExpectation: correlation ${c} is not in [−1, 1]`);
  const s1 = Math.sqrt(q1);
  const s2 = Math.sqrt(q2);
  if (s1 === 0) return gaussianExpectation((u2) => f(0, u2), 0, s2, options);
  const sInner = s2 * Math.sqrt(Math.max(0, 1 - c * c));
  const slope = (c * s2) / s1;
  let opts = options;
  if (options.method !== "hermite") {
    // NOTE: every inner integral gets an absolute tolerance on the scale of E|f| (a 16×16
    // Gauss–Hermite estimate), so inner means that cancel to ≈ 0 (odd φ, c = 0) stop early.
    const { nodes, weights } = gaussHermite(16);
    let scale = 0;
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) scale += weights[i] * weights[j] * Math.abs(f(s1 * nodes[i], slope * s1 * nodes[i] + sInner * nodes[j]));
    }
    opts = { ...options, epsAbs: Math.max(options.epsAbs ?? 0, (options.epsRel ?? 1e-13) * scale) };
  }
  const inner = (u1: number) => gaussianExpectation((u2) => f(u1, u2), slope * u1, sInner, opts);
  return gaussianExpectation(inner, 0, s1, opts);
}
