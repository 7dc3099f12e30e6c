import { GradscopeError } from "./errors.js";

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state (used to seed and to fork). */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [s, (z ^ (z >>> 16)) >>> 0];
}

/**
 * The seeded random generator: xoshiro128** seeded through splitmix32. The only source of
 * randomness in gradscope; the same seed gives the same stream on every platform.
 *
 * @example
 * const rng = new Rng(42);
 * const w = rng.normalArray(256 * 256, 0, 1 / 16);
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  /**
   * Seeds from an integer in [−2^53, 2^53]; every such seed gives its own stream. The low
   * 32-bit word seeds the first state word through splitmix32, the high word is mixed into the
   * splitmix state before the other three (so (low, high) ↦ state is one-to-one).
   */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new GradscopeError(`rng: seed must be an integer in [−2^53, 2^53], got ${seed}`);
    const high = Math.floor(seed / 4294967296);
    const low = seed - high * 4294967296;
    let st = low | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = i === 0 ? next ^ (high | 0) : next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform double in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A normal draw N(mean, std²) by the Box–Muller transform (pairs, the second one kept). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return mean + std * r * Math.cos(2 * Math.PI * u2);
  }

  /** n uniform draws in [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniformIn(lo, hi);
    return out;
  }

  /** n normal draws N(mean, std²). */
  normalArray(n: number, mean = 0, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** A Fisher–Yates shuffled copy of [0, n). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * A [rows, cols] matrix (row-major) with orthonormal rows or columns, whichever are fewer,
   * times `gain`: WᵀW = gain²·I when rows ≥ cols, WWᵀ = gain²·I otherwise. It is the Q factor
   * of a Gaussian matrix with R's diagonal made positive (Haar-distributed, as PyTorch's).
   */
  orthogonal(rows: number, cols: number, gain = 1): Float64Array {
    const tall = rows >= cols;
    const n = tall ? rows : cols;
    const m = tall ? cols : rows;
    const q = this.normalArray(n * m); // column j of the tall [n, m] matrix is q[j*n … j*n+n)
    for (let j = 0; j < m; j++) {
      const cj = q.subarray(j * n, j * n + n);
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          const ci = q.subarray(i * n, i * n + n);
          let dot = 0;
          for (let r = 0; r < n; r++) dot += ci[r] * cj[r];
          for (let r = 0; r < n; r++) cj[r] -= dot * ci[r];
        }
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += cj[r] * cj[r];
      norm = Math.sqrt(norm);
      for (let r = 0; r < n; r++) cj[r] /= norm;
    }
    const out = new Float64Array(rows * cols);
    for (let j = 0; j < m; j++) {
      for (let r = 0; r < n; r++) {
        const v = gain * q[j * n + r];
        if (tall) out[r * cols + j] = v;
        else out[j * cols + r] = v;
      }
    }
    return out;
  }

  /** An independent generator derived from this one's seed and a stream label. */
  fork(stream: number): Rng {
    if (!Number.isSafeInteger(stream)) throw new GradscopeError(`rng: fork stream must be an integer, got ${stream}`);
    const high = Math.floor(this.seed / 4294967296);
    const low = this.seed - high * 4294967296;
    const [, a] = splitmix32(low ^ Math.imul(stream + 1, 0x9e3779b1));
    const [, b] = splitmix32(high ^ Math.imul(Math.floor(stream / 4294967296) + 1, 0x85ebca6b) ^ a);
    return new Rng((b & 0x1fffff) * 4294967296 + a);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
