/// <reference lib="dom" />
import type { NonFiniteEvent } from "../../probes/recording.js";
import { h } from "./dom.js";

/** A plain explanation of where a NaN/Inf came from, by the pass it appeared in. */
export function explainNonFinite(e: NonFiniteEvent): string {
  const where = e.layer === 0 ? "the output layer / loss" : `hidden layer ${e.layer}`;
  const what = `${String(e.value)} in ${e.tensor} of ${where} at step ${e.step}, ${e.pass} pass.`;
  switch (e.pass) {
    case "forward":
      return `${what} The activations overflowed: the weights grew so large (usually after an exploding-gradient update) that the numbers no longer fit in float32. Lower the learning rate, clip the gradient, or add weight regularization.`;
    case "backward":
      return `${what} The backprop signal overflowed: multiplied by a factor above 1 at every layer, the gradient exploded on its way to the input. Use an initialization matched to the activation, normalization, or gradient clipping.`;
    default:
      return `${what} An update made the weights non-finite: the learning rate times an exploding gradient was too large a step. Clip the gradient or lower the learning rate.`;
  }
}

/** The NaN/Inf banner of a run: hidden until the sentinel reports a non-finite value. */
export class NonFiniteBanner {
  readonly element = h("div", { class: "banner", role: "alert", hidden: true });

  /** Shows or hides the banner. */
  draw(e: NonFiniteEvent | null): void {
    this.element.hidden = e === null;
    if (e === null) return;
    const text = explainNonFinite(e);
    if (this.element.dataset.text === text) return;
    this.element.dataset.text = text;
    this.element.replaceChildren(h("strong", {}, "NaN/Inf: training stopped. "), text);
  }
}
