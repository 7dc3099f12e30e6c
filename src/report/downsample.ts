/** Record buckets for plotting: column c covers records [start[c], end[c]); `step[c]` is the training step of its last record. */
export interface Columns {
  start: number[];
  end: number[];
  step: number[];
}

/** At most `max` columns over records 0…count−1 (one per record when count ≤ max; equal buckets otherwise). */
export function columnsOf(steps: ArrayLike<number>, count: number, max = 400): Columns {
  const n = Math.min(count, max);
  const cols: Columns = { start: [], end: [], step: [] };
  for (let c = 0; c < n; c++) {
    const a = Math.floor((c * count) / n), b = Math.floor(((c + 1) * count) / n);
    cols.start.push(a);
    cols.end.push(b);
    cols.step.push(steps[b - 1]);
  }
  return cols;
}

/**
 * One value per column for a positive quantity shown on a log scale: the geometric mean of the
 * bucket's records; a bucket holding a non-finite value shows it (NaN/Inf must stay visible), a
 * bucket whose records are all 0 shows 0.
 */
export function bucketGeometric(values: ArrayLike<number>, cols: Columns): Float64Array {
  const out = new Float64Array(cols.start.length);
  for (let c = 0; c < out.length; c++) {
    let logSum = 0, n = 0, bad = NaN, hasBad = false;
    for (let r = cols.start[c]; r < cols.end[c]; r++) {
      const v = values[r];
      if (!Number.isFinite(v)) { hasBad = true; bad = v; } else if (v > 0) { logSum += Math.log(v); n++; }
    }
    out[c] = hasBad ? bad : n === 0 ? 0 : Math.exp(logSum / n);
  }
  return out;
}

/** Indices 0…count−1 thinned to about `max` evenly spaced ones, always keeping the last and any non-finite record of `keep`. */
export function thinIndices(count: number, max = 500, keep?: ArrayLike<number>): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const every = Math.ceil(count / max);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % every === 0 || i === count - 1 || (keep !== undefined && !Number.isFinite(keep[i]))) out.push(i);
  }
  return out;
}
