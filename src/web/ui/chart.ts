/// <reference lib="dom" />
import uPlot from "uplot";
import { h } from "./dom.js";

/**
 * A uPlot chart in a figure that follows its container's width (ResizeObserver).
 * `setData` replaces the aligned data [x, ...series]; nulls are gaps.
 */
export class Chart {
  readonly element: HTMLElement;
  private plot: uPlot | null = null;
  private readonly body: HTMLElement;
  private data: uPlot.AlignedData;

  constructor(title: string, private readonly options: Omit<uPlot.Options, "width" | "height">, private readonly height = 170) {
    this.body = h("div", { class: "chart-body" });
    this.element = h("figure", { class: "view" }, h("figcaption", {}, title), this.body);
    this.data = [[], ...options.series.slice(1).map(() => [])] as unknown as uPlot.AlignedData;
    new ResizeObserver(() => this.resize()).observe(this.body);
  }

  /** Replaces the data (x first) and redraws. */
  setData(data: uPlot.AlignedData): void {
    this.data = data;
    if (this.plot === null) this.create();
    else this.plot.setData(data);
  }

  private width(): number {
    return Math.max(120, this.body.clientWidth);
  }

  private create(): void {
    if (this.body.clientWidth === 0) return;
    this.plot = new uPlot({ ...this.options, width: this.width(), height: this.height } as uPlot.Options, this.data, this.body);
  }

  private resize(): void {
    if (this.plot === null) this.create();
    else this.plot.setSize({ width: this.width(), height: this.height });
  }
}
