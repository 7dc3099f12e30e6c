/// <reference lib="dom" />
import type { Finding } from "../../diagnosis/finding.js";
import type { Evaluation, SessionStatus } from "../../experiment/session/session.js";
import type { RunDetail, RunListItem } from "../api-types.js";
import { runDataFromRecording, type RunData } from "../run-data.js";
import { fmt, h } from "./dom.js";

/** The JSON of an API path relative to the page, or null when there is no API (static build, file://: no gradscope-api tag). */
export async function fetchJson<T>(path: string): Promise<T | null> {
  if (location.protocol === "file:" || document.querySelector('meta[name="gradscope-api"]') === null) return null;
  try {
    const res = await fetch(path, { headers: { accept: "application/json" } });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("application/json")) return null;
    return (await res.json()) as T;
  } catch {
    return null;
  }
}

/** A stored run's detail as the views' RunData. */
export function storedRunData(d: RunDetail): RunData {
  const summary = (d.summary ?? {}) as { steps?: number; data?: string; evaluations?: Evaluation[] };
  const status: SessionStatus = d.status === "diverged" ? "nonfinite" : d.status === "finished" ? "completed" : d.status === "running" ? "running" : "stopped";
  const config = d.config as { train?: { steps?: number } } | null;
  return runDataFromRecording(d.recording, d.findings as Finding[], {
    description: summary.data ?? d.name, engine: d.engine, status,
    totalSteps: config?.train?.steps ?? summary.steps ?? d.recording.steps[d.recording.count - 1] ?? 0,
    evaluations: summary.evaluations ?? [],
  });
}

/**
 * The run dashboard: the store's runs as a table (newest first); tick one or two and open them in
 * the same views as the playground, side by side to compare.
 */
export class Dashboard {
  readonly element: HTMLElement;
  private readonly body = h("tbody", {});
  private readonly message = h("p", { class: "muted", "aria-live": "polite" });
  private selected: number[] = [];

  constructor(private readonly onOpen: (ids: number[]) => void) {
    const openButton = h("button", { type: "button", class: "primary", id: "open-runs", onclick: () => this.onOpen(this.selected) }, "Open / compare selected");
    this.element = h("section", { class: "dashboard", "aria-label": "stored runs" },
      h("div", { class: "dash-head" }, h("h2", {}, "Stored runs"), h("button", { type: "button", onclick: () => void this.refresh() }, "Refresh"), openButton),
      this.message,
      h("div", { class: "table-wrap" }, h("table", { class: "runs", id: "runs-table" },
        h("thead", {}, h("tr", {}, ...["", "id", "name", "model", "status", "steps", "test acc", "created"].map((t) => h("th", { scope: "col" }, t)))),
        this.body)));
  }

  /** Reloads the list from GET api/runs; returns whether the API answered. */
  async refresh(): Promise<boolean> {
    const runs = await fetchJson<RunListItem[]>("api/runs");
    if (runs === null) {
      this.message.textContent = "No run store here: start the page with `gradscope serve` to see stored runs.";
      return false;
    }
    this.message.textContent = runs.length === 0 ? "The store has no runs yet: `gradscope run` stores one." : "Tick one run to open it, or two to compare them.";
    this.body.replaceChildren(...runs.map((r) => this.row(r)));
    return true;
  }

  /** The detail of a stored run, or null. */
  async load(id: number): Promise<RunDetail | null> {
    return fetchJson<RunDetail>(`api/runs/${id}`);
  }

  /** Marks the given ids as selected (from the URL). */
  select(ids: number[]): void {
    this.selected = ids.slice(0, 2);
    this.body.querySelectorAll<HTMLInputElement>("input[type=checkbox]").forEach((box) => { box.checked = this.selected.includes(Number(box.value)); });
  }

  private row(r: RunListItem): HTMLElement {
    const box = h("input", { type: "checkbox", value: r.id, "aria-label": `select run ${r.id}` });
    box.checked = this.selected.includes(r.id);
    box.addEventListener("change", () => {
      this.selected = box.checked ? [...this.selected.filter((i) => i !== r.id), r.id].slice(-2) : this.selected.filter((i) => i !== r.id);
      this.select(this.selected);
    });
    return h("tr", { "data-run-id": r.id },
      h("td", {}, box), h("td", {}, String(r.id)), h("td", {}, r.name), h("td", {}, r.label), h("td", { class: `status-${r.status}` }, r.status),
      h("td", {}, String(r.lastStep ?? 0)), h("td", {}, r.testAccuracy === null ? "—" : fmt(r.testAccuracy)), h("td", {}, r.createdAt.replace("T", " ").slice(0, 19)));
  }
}
