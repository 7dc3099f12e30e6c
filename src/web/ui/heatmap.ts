/// <reference lib="dom" />
import { viridis } from "../../report/palette.js";
import { scalePosition, viridisTable, type LogScale } from "./colormap.js";
import { fitCanvas, fmt, h } from "./dom.js";

/** Missing values (0, NaN, ±∞) are painted in this grey, outside the viridis range. */
const MISSING: [number, number, number] = [200, 200, 200];
const LEFT = 44, BOTTOM = 22, TOP = 6, RIGHT = 8;

/**
 * A layer × step heatmap of a per-layer norm on a log colour scale (viridis), with a colour bar:
 * rows are hidden layers (layer 1, the input side, at the top), columns are recorded steps.
 */
export class Heatmap {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly bar: HTMLCanvasElement;
  private readonly off = document.createElement("canvas");
  private readonly missing = h("p", { class: "missing muted", hidden: true }, h("span", { class: "swatch missing" }), " 0 (below float32's smallest number) or not finite");

  constructor(readonly title: string, private readonly height = 180) {
    this.canvas = h("canvas", { class: "heatmap", role: "img", "aria-label": `${title}: layer × step heatmap, log colour scale` });
    this.bar = h("canvas", { class: "colorbar", "aria-hidden": "true" });
    this.element = h("figure", { class: "view" }, h("figcaption", {}, title), h("div", { class: "heat-row" }, this.canvas, this.bar), this.missing);
  }

  /** Draws values [layer][record] at the given steps on the scale; `scale` null: nothing recorded yet. */
  draw(values: readonly (readonly number[])[], steps: readonly number[], scale: LogScale | null): void {
    const { ctx, w, h: hgt } = fitCanvas(this.canvas, this.height);
    const depth = values.length, n = steps.length;
    const pw = w - LEFT - RIGHT, ph = hgt - TOP - BOTTOM;
    ctx.fillStyle = "#f3f3f3";
    ctx.fillRect(LEFT, TOP, pw, ph);
    if (n > 0 && depth > 0 && scale !== null) {
      this.off.width = n;
      this.off.height = depth;
      const octx = this.off.getContext("2d")!;
      const img = octx.createImageData(n, depth);
      let missing = false;
      for (let l = 0; l < depth; l++) {
        for (let r = 0; r < n; r++) {
          const t = scalePosition(values[l][r], scale);
          if (Number.isNaN(t)) missing = true;
          const [cr, cg, cb] = Number.isNaN(t) ? MISSING : viridisTable[Math.max(0, Math.min(255, Math.round(t * 255)))];
          const k = 4 * (l * n + r);
          img.data[k] = cr; img.data[k + 1] = cg; img.data[k + 2] = cb; img.data[k + 3] = 255;
        }
      }
      octx.putImageData(img, 0, 0);
      this.missing.hidden = !missing;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.off, LEFT, TOP, pw, ph);
    }
    ctx.fillStyle = "#333";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText("1", LEFT - 4, TOP + 6);
    ctx.fillText(String(depth), LEFT - 4, TOP + ph - 6);
    ctx.save();
    ctx.translate(10, TOP + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText("layer", 0, 0);
    ctx.restore();
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(n > 0 ? `step ${steps[0]}` : "step", LEFT, TOP + ph + 5);
    ctx.textAlign = "right";
    if (n > 0) ctx.fillText(`step ${steps[n - 1]}`, LEFT + pw, TOP + ph + 5);
    this.drawBar(scale);
    this.canvas.dataset.records = String(n);
  }

  /** The colour bar with powers of ten along it. */
  private drawBar(scale: LogScale | null): void {
    const { ctx, h: hgt } = fitCanvas(this.bar, this.height);
    const ph = hgt - TOP - BOTTOM;
    for (let y = 0; y < ph; y++) {
      const [r, g, b] = viridis(1 - y / ph);
      ctx.fillStyle = `rgb(${r | 0},${g | 0},${b | 0})`;
      ctx.fillRect(2, TOP + y, 12, 1.5);
    }
    ctx.fillStyle = "#333";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    if (scale === null) return;
    const span = scale.hi - scale.lo;
    const stride = Math.max(1, Math.ceil(span / 5));
    for (let e = Math.ceil(scale.lo); e <= scale.hi; e += stride) {
      const y = TOP + ph * (1 - (e - scale.lo) / span);
      ctx.fillRect(14, y, 3, 1);
      ctx.fillText(`1e${e}`, 19, y);
    }
    if (Math.ceil(scale.lo) > scale.hi) ctx.fillText(fmt(10 ** ((scale.lo + scale.hi) / 2)), 19, TOP + ph / 2);
  }
}
