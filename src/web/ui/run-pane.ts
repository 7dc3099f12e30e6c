/// <reference lib="dom" />
import { inputOutputRatio, type RunData } from "../run-data.js";
import type { LogScale } from "./colormap.js";
import { BoundaryView } from "./boundary-view.js";
import { Curves } from "./curves.js";
import { fmt, h } from "./dom.js";
import { FindingsPanel, type OnRemedy } from "./findings-panel.js";
import { Heatmap } from "./heatmap.js";
import { Histograms } from "./histograms.js";
import { NonFiniteBanner } from "./banner.js";
import { DepthProfile } from "./profile.js";

/** The colour scales of the two heatmaps (shared between panes that are compared). */
export interface HeatScales {
  delta: LogScale | null;
  grad: LogScale | null;
}

/**
 * Every view of one run: status line, NaN/Inf banner, ‖δ‖ and ‖∂L/∂W‖ heatmaps, depth profile with
 * the prediction, loss/accuracy curves, activation histograms, decision boundary and findings.
 * The element's data-* attributes (step, status, ratio, findings) expose the numbers to tests.
 */
export class RunPane {
  readonly element: HTMLElement;
  private readonly title = h("h2", {});
  private readonly subtitle = h("p", { class: "subtitle" });
  private readonly stats = h("dl", { class: "stats" });
  private readonly banner = new NonFiniteBanner();
  private readonly heatDelta = new Heatmap("‖δ_l‖ = ‖∂L/∂h_l‖, backprop signal (layer × step, log colour)");
  private readonly heatGrad = new Heatmap("‖∂L/∂W_l‖, weight gradient (layer × step, log colour)");
  private readonly profile = new DepthProfile();
  private readonly curves = new Curves();
  private readonly histograms = new Histograms();
  private readonly boundary = new BoundaryView();
  private readonly findings: FindingsPanel;
  private readonly note = h("p", { class: "note muted" });

  constructor(readonly id: string, onRemedy: OnRemedy | null) {
    this.findings = new FindingsPanel(onRemedy);
    this.element = h("section", { class: "pane", id: `pane-${id}`, "data-run": id, "aria-label": `run ${id}` },
      h("header", { class: "pane-head" }, this.title, this.subtitle, this.stats),
      this.banner.element,
      h("div", { class: "views" },
        h("div", { class: "col" }, this.heatDelta.element, this.heatGrad.element, this.profile.element, this.note),
        h("div", { class: "col" }, this.curves.element, this.histograms.element, this.boundary.element)),
      this.findings.element);
  }

  /** Sets the heading: the run's name and what it is. */
  setTitle(title: string, subtitle: string): void {
    this.title.textContent = title;
    this.subtitle.textContent = subtitle;
  }

  /** Redraws every view from the run's data on the given colour scales. */
  draw(run: RunData, scales: HeatScales): void {
    const ratio = inputOutputRatio(run);
    const last = run.evaluations[run.evaluations.length - 1];
    const r = run.loss.length - 1;
    const items: [string, string][] = [
      ["step", `${run.step} / ${run.totalSteps}`],
      ["status", run.status],
      ["loss", fmt(r >= 0 ? run.loss[r] : NaN)],
      ["test acc", last === undefined ? "—" : fmt(last.accuracy)],
      ["‖δ₁‖/‖δ_L‖", fmt(ratio)],
      ["steps/s", run.stepsPerSecond > 0 ? fmt(Math.round(run.stepsPerSecond)) : "—"],
    ];
    this.stats.replaceChildren(...items.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))));
    const e = this.element.dataset;
    e.step = String(run.step);
    e.status = run.status;
    e.ratio = String(ratio);
    e.records = String(run.steps.length);
    e.findings = run.findings === null ? "" : run.findings.map((f) => f.kind).join(",");
    this.banner.draw(run.nonFinite);
    this.heatDelta.draw(run.layers.deltaNorm, run.steps, scales.delta);
    this.heatGrad.draw(run.layers.weightGradNorm, run.steps, scales.grad);
    this.profile.draw(run);
    const p = run.prediction;
    this.note.textContent = p.gain !== null
      ? `Mean-field prediction at init: each layer multiplies ‖δ‖ by ${fmt(p.geometricMean)} on average (√χ₁), so ‖δ₁‖/‖δ_L‖ ≈ ${fmt(p.geometricMean ** (run.depth - 1))}.`
      : p.note;
    this.curves.draw(run);
    this.histograms.draw(run);
    this.boundary.draw(run);
    this.findings.draw(run.findings, run.status);
  }
}
