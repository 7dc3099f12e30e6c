/** Display width of a string: code points without ANSI colour codes. */
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

/** One column of a table: its header and whether its cells are right-aligned (numbers). */
export interface Column {
  header: string;
  right?: boolean;
}

/** Rows as aligned columns two spaces apart: the header, a rule of "─", then the rows. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: readonly string[]) => cells.map((cell, i) => {
    const pad = " ".repeat(widths[i] - width(cell));
    return columns[i].right === true ? pad + cell : i === cells.length - 1 ? cell : cell + pad;
  }).join("  ");
  return [line(columns.map((c) => c.header)), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)];
}

/** A fraction as a percentage with one decimal ("95.0%"); "–" when missing or not finite. */
export const pct = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "–");

/** Indented JSON with NaN/±Infinity as strings (JSON has no such numbers). */
export const jsonText = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2);

/** A number in 3 significant digits: fixed between 0.001 and 10⁴, else exponential; "–" for NaN. */
export function num(x: number): string {
  if (Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  const a = Math.abs(x);
  return a === 0 ? "0" : a >= 1e-3 && a < 1e4 ? x.toPrecision(3) : x.toExponential(2);
}
