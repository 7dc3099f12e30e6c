/**
 * Optimal-string-alignment distance: the fewest insertions, deletions, substitutions and swaps
 * of two adjacent letters that turn a into b ("widht" → "width" is 1).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `given` (case-insensitively), when it is close enough to be a typo:
 * at most 2 edits, and at most a third of the longer word's letters.
 */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(given.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const limit = Math.min(2, Math.max(1, Math.floor(Math.max(given.length, best?.length ?? 0) / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** "; did you mean "width"?" when a candidate is close, else "" — the tail of an error message. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const c = closest(given, candidates);
  return c === undefined ? "" : `; did you mean "${c}"?`;
}
