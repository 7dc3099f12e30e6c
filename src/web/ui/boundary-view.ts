/// <reference lib="dom" />
import type { RunData } from "../run-data.js";
import { fitCanvas, h, okabeIto } from "./dom.js";

/** Side of the square view, CSS px (fits a 390 px phone). */
const SIZE = 240;

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/** The decision boundary of a 2-D classifier: each grid cell in its winning class's colour, paler where less sure, with the training points on top. */
export class BoundaryView {
  readonly canvas = h("canvas", { class: "boundary", role: "img", "aria-label": "decision boundary over the 2-D inputs", style: `width: ${SIZE}px` });
  readonly element = h("figure", { class: "view boundary-view" }, h("figcaption", {}, "Decision boundary (evaluation mode)"), this.canvas);
  private readonly off = document.createElement("canvas");

  /** Redraws from a run's data; hidden for data that are not 2-D. */
  draw(run: RunData): void {
    const plane = run.plane;
    this.element.hidden = plane === null;
    if (plane === null) return;
    const { ctx, w: size } = fitCanvas(this.canvas, SIZE);
    const g = run.boundary;
    if (g !== null) {
      this.off.width = g.side;
      this.off.height = g.side;
      const octx = this.off.getContext("2d")!;
      const img = octx.createImageData(g.side, g.side);
      for (let i = 0; i < g.side * g.side; i++) {
        const [r, gg, b] = rgb(okabeIto[g.classes[i] % okabeIto.length]);
        const k = Math.max(0, Math.min(1, (g.confidence[i] - 1 / Math.max(2, run.classes)) * 1.5)) * 0.55 + 0.1;
        img.data[4 * i] = 255 + k * (r - 255);
        img.data[4 * i + 1] = 255 + k * (gg - 255);
        img.data[4 * i + 2] = 255 + k * (b - 255);
        img.data[4 * i + 3] = 255;
      }
      octx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.off, 0, 0, size, size);
    }
    const span = plane.hi - plane.lo;
    for (let i = 0; i < plane.labels.length; i++) {
      const px = ((plane.x[2 * i] - plane.lo) / span) * size;
      const py = (1 - (plane.x[2 * i + 1] - plane.lo) / span) * size;
      ctx.beginPath();
      ctx.arc(px, py, 2.4, 0, 2 * Math.PI);
      ctx.fillStyle = okabeIto[plane.labels[i] % okabeIto.length];
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 0.7;
      ctx.stroke();
    }
  }
}
