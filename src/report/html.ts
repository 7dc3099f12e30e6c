/** Text made safe for HTML element content and attribute values (& < > " ' escaped). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A number for people: 4 significant digits, exponent form outside [1e-3, 1e5), "NaN", "+Inf", "−Inf". */
export function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "−Inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  const [m, e] = v.toExponential(digits - 1).split("e");
  return `${Number(m)}e${Number(e)}`.replace("-", "−");
}

/** A fraction as a percentage with one decimal ("12.5%"). */
export function pct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : fmt(v);
}

/** Serialises data for a `<script type="application/json">` block: NaN/±Inf as strings, "<" escaped so no "</script>" can end it. */
export function jsonForScript(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  return text.replace(/</g, "\\u003c");
}
