/// <reference lib="dom" />
import type { Finding, Remedy } from "../../diagnosis/finding.js";
import { fmt, h } from "./dom.js";

/** What a remedy button does: start run B with the remedy's change. */
export type OnRemedy = (remedy: Remedy, finding: Finding) => void;

/**
 * The findings of a run in plain words: severity, title, explanation, the evidence numbers, and
 * (when `onRemedy` is given) one button per remedy that starts the A/B comparison.
 */
export class FindingsPanel {
  readonly list = h("div", { class: "findings-list", "aria-live": "polite" });
  readonly element = h("section", { class: "findings", "aria-label": "findings" }, h("h3", {}, "Findings"), this.list);
  private shown = "";

  constructor(private readonly onRemedy: OnRemedy | null) {}

  /** Shows the findings (null: not diagnosed yet); rebuilt only when they change. */
  draw(findings: Finding[] | null, status: string): void {
    const key = JSON.stringify(findings) + status;
    if (key === this.shown) return;
    this.shown = key;
    this.list.replaceChildren();
    if (findings === null) {
      this.list.append(h("p", { class: "muted" }, "Findings appear when you pause, step, or the run ends."));
      return;
    }
    if (findings.length === 0) {
      this.list.append(h("p", { class: "ok" }, "No problem found: the gradients reach every layer at a healthy scale."));
      return;
    }
    for (const f of findings) this.list.append(this.card(f));
  }

  private card(f: Finding): HTMLElement {
    const layers = f.layers.length === 0 ? "" : f.layers.length > 6 ? ` · layers ${f.layers[0]}…${f.layers[f.layers.length - 1]}` : ` · layers ${f.layers.join(", ")}`;
    const evidence = h("table", { class: "evidence" },
      h("tbody", {}, ...f.evidence.map((e) => h("tr", {},
        h("th", { scope: "row" }, e.name + (e.layer !== undefined ? ` (layer ${e.layer})` : "")),
        h("td", {}, fmt(e.value)), h("td", { class: "unit" }, e.unit)))));
    const remedies = this.onRemedy === null || f.remedies.length === 0 ? null : h("div", { class: "remedies" },
      h("span", { class: "muted" }, "Try, beside this run: "),
      ...f.remedies.map((r) => h("button", {
        type: "button", class: "remedy", "data-remedy": r.id, title: r.why,
        onclick: () => this.onRemedy?.(r, f),
      }, r.label)));
    return h("article", { class: `finding sev-${f.severity}`, "data-kind": f.kind },
      h("header", {}, h("span", { class: "sev" }, f.severity), h("strong", {}, f.title), h("span", { class: "muted" }, ` · steps ${f.steps.first}–${f.steps.last}${layers}`)),
      h("p", {}, f.explanation),
      f.evidence.length > 0 ? h("details", {}, h("summary", {}, "Evidence"), evidence) : null,
      remedies);
  }
}
