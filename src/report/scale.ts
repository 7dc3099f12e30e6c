import { fmt } from "./html.js";

/** A map from data values to pixels along one axis, with its ticks. */
export interface Scale {
  (v: number): number;
  ticks: { value: number; label: string }[];
  log: boolean;
  domain: [number, number];
}

/** The finite values of xs (positive ones only when `positive`): [min, max], or null when there are none. */
export function extent(xs: Iterable<number>, positive = false): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) {
    if (!Number.isFinite(x) || (positive && x <= 0)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** "Nice" linear ticks (steps of 1, 2 or 5 × 10^k), about `count` of them, inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** Powers of ten inside [lo, hi] (thinned to at most ~7), or 1-1.5-2-3-5-7 ticks (linear nice ticks when those are too few) when the range spans less than a decade. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9), b = Math.floor(Math.log10(hi) + 1e-9);
  if (b - a >= 1) {
    const every = Math.ceil((b - a + 1) / 7);
    const out: number[] = [];
    for (let e = a; e <= b; e += every) out.push(Number(`1e${e}`));
    return out;
  }
  const out: number[] = [];
  for (let e = a - 1; e <= b + 1; e++) for (const m of [1, 1.5, 2, 3, 5, 7]) {
    const v = Number(`${m}e${e}`);
    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
  }
  return out.length >= 3 ? out : niceTicks(lo, hi, 5).filter((v) => v > 0);
}

/** A linear scale domain → [r0, r1], with nice ticks (the domain is widened when it is a single point). */
export function linearScale(domain: [number, number], range: [number, number], tickCount = 5): Scale {
  let [lo, hi] = domain;
  if (!(hi > lo)) { const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1; lo -= pad; hi += pad; }
  const f = ((v: number) => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0])) as Scale;
  f.ticks = niceTicks(lo, hi, tickCount).map((value) => ({ value, label: fmt(value, 3) }));
  f.log = false;
  f.domain = [lo, hi];
  return f;
}

/** A log₁₀ scale domain → [r0, r1] for positive values (widened to a decade around a single point), ticks at powers of ten. */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  let [lo, hi] = domain;
  if (!(hi > lo)) { lo /= Math.SQRT2 * 2; hi *= Math.SQRT2 * 2; }
  const a = Math.log10(lo), b = Math.log10(hi);
  const f = ((v: number) => range[0] + ((Math.log10(v) - a) / (b - a)) * (range[1] - range[0])) as Scale;
  f.ticks = logTicks(lo, hi).map((value) => ({ value, label: powerLabel(value) }));
  f.log = true;
  f.domain = [lo, hi];
  return f;
}

const superscript: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** 10^k as "10⁻³" (and other values as numbers): tick labels of log axes. */
export function powerLabel(v: number): string {
  const e = Math.log10(v);
  if (Math.abs(e - Math.round(e)) > 1e-9) return fmt(v, 3);
  const k = Math.round(e);
  if (k >= 0 && k <= 3) return String(10 ** k);
  return "10" + String(k).split("").map((c) => superscript[c]).join("");
}
