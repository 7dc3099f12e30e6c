/**
 * A small DEFLATE compressor (RFC 1951) for the report's PNGs: LZ77 over a 32 KiB window with
 * hash chains, coded with the fixed Huffman table — no dynamic trees, so it stays short while
 * smooth heatmaps still shrink several-fold. Output is one final block; any inflater reads it.
 */
export function deflateRaw(data: Uint8Array): Uint8Array {
  const out = new BitWriter(data.length / 2 + 64);
  out.bits(1, 1); // BFINAL
  out.bits(1, 2); // BTYPE = 01: fixed Huffman
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const hash = (i: number) => (((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) * 2654435761) >>> (32 - HASH_BITS);
  const insert = (i: number) => {
    if (i + 2 >= data.length) return;
    const h = hash(i);
    prev[i & (WINDOW - 1)] = head[h];
    head[h] = i;
  };
  let i = 0;
  while (i < data.length) {
    let bestLen = 0, bestDist = 0;
    if (i + 2 < data.length) {
      const max = Math.min(MAX_MATCH, data.length - i);
      let cand = head[hash(i)];
      for (let chain = 0; cand >= 0 && i - cand <= WINDOW - 1 && chain < MAX_CHAIN; chain++) {
        let n = 0;
        while (n < max && data[cand + n] === data[i + n]) n++;
        if (n > bestLen) { bestLen = n; bestDist = i - cand; if (n === max) break; }
        const next = prev[cand & (WINDOW - 1)];
        if (next >= cand) break;
        cand = next;
      }
    }
    if (bestLen >= 3) {
      out.length(bestLen);
      out.distance(bestDist);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      out.literal(data[i]);
      insert(i);
      i++;
    }
  }
  out.literal(256); // end of block
  return out.finish();
}

const WINDOW = 32768;
const HASH_BITS = 15;
const MAX_MATCH = 258;
const MAX_CHAIN = 32;

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** The largest index k with base[k] ≤ v. */
function bucket(base: number[], v: number): number {
  let k = base.length - 1;
  while (base[k] > v) k--;
  return k;
}

/** Bits packed least-significant first, as DEFLATE stores them; Huffman codes go in most-significant bit first. */
class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private n = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, Math.ceil(capacity)));
  }

  /** The low `count` bits of `value`, least significant first. */
  bits(value: number, count: number): void {
    this.acc |= value << this.n;
    this.n += count;
    while (this.n >= 8) {
      if (this.pos === this.buf.length) {
        const grown = new Uint8Array(this.buf.length * 2);
        grown.set(this.buf);
        this.buf = grown;
      }
      this.buf[this.pos++] = this.acc & 0xff;
      this.acc >>>= 8;
      this.n -= 8;
    }
  }

  /** A Huffman code of `len` bits (written most significant bit first). */
  code(code: number, len: number): void {
    let r = 0;
    for (let k = 0; k < len; k++) r |= ((code >> k) & 1) << (len - 1 - k);
    this.bits(r, len);
  }

  /** A literal byte or the end-of-block symbol 256, or a length symbol 257…285, in the fixed code. */
  literal(sym: number): void {
    if (sym < 144) this.code(0x30 + sym, 8);
    else if (sym < 256) this.code(0x190 + sym - 144, 9);
    else if (sym < 280) this.code(sym - 256, 7);
    else this.code(0xc0 + sym - 280, 8);
  }

  /** A match length 3…258: its symbol and extra bits. */
  length(len: number): void {
    const k = bucket(LEN_BASE, len);
    this.literal(257 + k);
    if (LEN_EXTRA[k]) this.bits(len - LEN_BASE[k], LEN_EXTRA[k]);
  }

  /** A match distance 1…32768: its 5-bit code and extra bits. */
  distance(dist: number): void {
    const k = bucket(DIST_BASE, dist);
    this.code(k, 5);
    if (DIST_EXTRA[k]) this.bits(dist - DIST_BASE[k], DIST_EXTRA[k]);
  }

  /** The bytes written, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.n > 0) this.bits(0, 8 - this.n);
    return this.buf.slice(0, this.pos);
  }
}
