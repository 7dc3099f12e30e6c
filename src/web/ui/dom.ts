/// <reference lib="dom" />

/** Attributes of h(): strings/numbers become attributes, functions on* listeners, false/null/undefined are left out. */
export type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** A child of h(): a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * A DOM element: h("button", { class: "play", onclick: fn }, "Play").
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A number in 3 significant digits, switching to exponent form outside [1e-3, 1e4); "—" for NaN. */
export function fmt(v: number): string {
  if (Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2).replace("+", "");
  return String(Number(v.toPrecision(3)));
}

/** CSS widths of the canvases fitCanvas has seen, kept by a ResizeObserver (reading clientWidth would force a layout). */
const widths = new WeakMap<Element, number>();
let onResize: () => void = () => undefined;
const observer = new ResizeObserver((entries) => {
  let changed = false;
  for (const e of entries) {
    const w = e.contentRect.width;
    if (widths.get(e.target) !== w) changed = true;
    widths.set(e.target, w);
  }
  if (changed) onResize();
});

/** Sets what runs when an observed canvas changes width (the app redraws). */
export function whenCanvasResized(callback: () => void): void {
  onResize = callback;
}

/** A canvas sized to its CSS box × devicePixelRatio; returns the 2-D context scaled to CSS pixels and the CSS size. */
export function fitCanvas(canvas: HTMLCanvasElement, cssHeight: number): { ctx: CanvasRenderingContext2D; w: number; h: number } {
  const dpr = window.devicePixelRatio || 1;
  let known = widths.get(canvas);
  if (known === undefined) {
    observer.observe(canvas);
    known = canvas.clientWidth || canvas.parentElement?.clientWidth || 300;
    widths.set(canvas, known);
  }
  const w = Math.max(50, known);
  const hgt = cssHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(hgt * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(hgt * dpr);
    canvas.style.height = `${hgt}px`;
  }
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  return { ctx, w, h: hgt };
}

/** The Okabe–Ito palette (distinguishable with every common colour-vision deficiency). */
export const okabeIto = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

