// JSON that keeps every number: JSON.stringify writes NaN and ±Infinity as null, which would
// turn a diverged run's final loss into "no value". The store writes them as {"$number": "NaN"}.

const TAG = "$number";

/** JSON text of a value, with NaN, Infinity and −Infinity written as {"$number": "…"} (lossless through `parseJson`). */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

/** The value of JSON text written by `stringifyJson` (non-finite numbers restored). */
export function parseJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (isTagged(v) ? Number(v[TAG]) : v)) as T;
}

/** The same value with NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity" (the export convention of probes/serialize). */
export function plainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)));
}

function isTagged(v: unknown): v is { [TAG]: string } {
  if (typeof v !== "object" || v === null) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === TAG && typeof (v as Record<string, unknown>)[TAG] === "string";
}
