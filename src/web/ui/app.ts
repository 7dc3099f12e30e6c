/// <reference lib="dom" />
import type { Finding, Remedy } from "../../diagnosis/finding.js";
import { defaultConfig } from "../../experiment/config/defaults.js";
import type { ExperimentConfig } from "../../experiment/config/types.js";
import { presetPair, presetStory, webPresets, type WebPreset } from "../presets.js";
import { applyRemedy } from "../remedy-config.js";
import { inputOutputRatio, type RunData } from "../run-data.js";
import { stateFromQuery, stateToQuery, type PageState } from "../url-state.js";
import { logScaleOf } from "./colormap.js";
import { ControlsForm } from "./controls.js";
import { Dashboard, storedRunData } from "./dashboard.js";
import { h, whenCanvasResized } from "./dom.js";
import { RunClient } from "./run-client.js";
import { RunPane, type HeatScales } from "./run-pane.js";

/** The shared colour scales of the runs shown together, so that equal colours mean equal norms. */
function sharedScales(runs: RunData[]): HeatScales {
  let delta = null, grad = null;
  for (const r of runs) {
    delta = logScaleOf(r.layers.deltaNorm, delta);
    grad = logScaleOf(r.layers.weightGradNorm, grad);
  }
  return { delta, grad };
}

/** A one-line description of a config's model: "20 × 32 tanh, xavierNormal, on spirals". */
export function describe(c: ExperimentConfig): string {
  const name = (v: unknown) => (typeof v === "string" ? v : (v as { name: string }).name);
  const extras = [c.model.norm.kind !== "none" ? `${c.model.norm.kind} norm` : "", c.model.residual.every > 0 ? `skip every ${c.model.residual.every}` : "",
    c.clip !== null ? `clip ${c.clip.kind} ${c.clip.threshold}` : "", c.regularization.l2 > 0 ? `L2 ${c.regularization.l2}` : "", c.regularization.l1 > 0 ? `L1 ${c.regularization.l1}` : ""].filter((s) => s !== "");
  const act = Array.isArray(c.model.activation) ? "mixed" : name(c.model.activation);
  const init = typeof c.model.init === "string" ? c.model.init : `${c.model.init.name}(${Object.entries(c.model.init).filter(([k]) => k !== "name").map(([k, v]) => `${k}=${String(v)}`).join(", ")})`;
  return `${c.model.depth ?? c.model.widths?.length} × ${c.model.width ?? "…"} ${act}, ${init}${extras.length ? ", " + extras.join(", ") : ""}; ${c.optimizer.name} lr ${c.optimizer.lr}; ${c.data.name}, seed ${c.seed}`;
}

/** Test hook: what the page shows, as numbers (window.__gradscope.state()). */
export interface TestView {
  query: string;
  runs: Record<string, { inits: number; depth: number; step: number; status: string; ratio: number; findings: string[] | null; records: number; error: string | null } | null>;
}

/**
 * The playground and the dashboard: the controls edit run A's config (kept in the URL), a preset
 * or a remedy adds run B beside it, and play/pause/step/reset drive both workers.
 */
export class App {
  private state: PageState;
  private readonly runA: RunClient;
  private runB: RunClient | null = null;
  private readonly paneA: RunPane;
  private paneB: RunPane | null = null;
  private readonly form: ControlsForm;
  private readonly settings: HTMLDetailsElement;
  private readonly panes = h("div", { class: "panes" });
  private readonly errorLine = h("p", { class: "page-error", role: "alert" });
  private readonly playButton = h("button", { type: "button", class: "primary", id: "play", "aria-keyshortcuts": "Space" }, "Play");
  private readonly story = h("p", { class: "story" });
  private readonly presetSelect = h("select", { id: "preset" }, h("option", { value: "" }, "— choose a story —"), ...webPresets.map((p) => h("option", { value: p.id }, p.title)));
  private readonly dashboard: Dashboard;
  private readonly dashPanes = h("div", { class: "panes" });
  private readonly lab: HTMLElement;
  private readonly runsView: HTMLElement;
  private readonly runsTab = h("button", { type: "button", role: "tab", id: "tab-runs", hidden: true, "aria-selected": "false" }, "Runs");
  private readonly labTab = h("button", { type: "button", role: "tab", id: "tab-lab", "aria-selected": "true" }, "Playground");
  private dirty = false;
  /** The stored runs open in the dashboard, redrawn with the page. */
  private opened: { pane: RunPane; data: RunData }[] = [];

  constructor(root: HTMLElement, query: string) {
    try {
      this.state = stateFromQuery(query);
    } catch (e) {
      this.state = { config: structuredClone(defaultConfig) as ExperimentConfig, configB: null, labelB: "", tab: "lab", open: [], play: false };
      this.errorLine.textContent = `The link's settings could not be used (${e instanceof Error ? e.message : String(e)}); showing the defaults.`;
    }
    const changed = () => this.invalidate();
    this.runA = new RunClient(changed);
    this.paneA = new RunPane("A", (r, f) => this.remedy(r, f));
    this.form = new ControlsForm(this.state.config, (c) => this.setConfig(c));
    this.dashboard = new Dashboard((ids) => void this.openRuns(ids));
    this.presetSelect.addEventListener("change", () => {
      const p = webPresets.find((x) => x.id === this.presetSelect.value);
      this.story.textContent = p === undefined ? "" : presetStory(p);
    });
    this.playButton.addEventListener("click", () => this.togglePlay());
    // NOTE: on a phone the settings start folded so that the views are one scroll away.
    this.settings = h("details", { class: "settings", open: !window.matchMedia("(max-width: 760px)").matches }, h("summary", {}, "Settings"), this.form.element);
    const sidebar = h("aside", { class: "sidebar", "aria-label": "experiment settings" },
      h("div", { class: "presets" },
        h("label", { for: "preset" }, "Story preset"), this.presetSelect,
        h("button", { type: "button", id: "load-preset", onclick: () => this.loadPreset() }, "Load and run A/B"), this.story),
      h("div", { class: "transport", role: "group", "aria-label": "training" },
        this.playButton,
        h("button", { type: "button", id: "step", "aria-keyshortcuts": "S", onclick: () => this.step() }, "Step"),
        h("button", { type: "button", id: "reset", "aria-keyshortcuts": "R", onclick: () => this.reset() }, "Reset"),
        h("button", { type: "button", id: "copy-link", onclick: () => void this.copyLink() }, "Copy link")),
      this.settings);
    this.lab = h("main", { class: "lab", id: "lab" }, sidebar, h("section", { class: "stage", "aria-label": "runs" }, this.errorLine, this.panes));
    this.runsView = h("main", { class: "runs-view", id: "runs", hidden: true }, this.dashboard.element, this.dashPanes);
    this.labTab.addEventListener("click", () => this.setTab("lab"));
    this.runsTab.addEventListener("click", () => this.setTab("runs"));
    root.append(
      h("header", { class: "top" },
        h("h1", {}, "gradscope"), h("span", { class: "tagline" }, "watch gradients vanish and explode — and cure them"),
        h("nav", { role: "tablist", "aria-label": "views" }, this.labTab, this.runsTab)),
      this.lab, this.runsView);
    this.panes.append(this.paneA.element);
    document.addEventListener("keydown", (e) => this.key(e));
    whenCanvasResized(() => this.invalidate());
    window.addEventListener("popstate", () => location.reload());
    (window as unknown as { __gradscope: unknown }).__gradscope = { state: () => this.testView(), app: this };
  }

  /** Sets up the runs of the URL's state and probes for the run store's API. */
  async start(): Promise<void> {
    this.form.refresh(this.state.config);
    await this.resetRuns();
    if (this.state.play) this.play();
    if (await this.dashboard.refresh()) {
      this.runsTab.hidden = false;
      if (this.state.open.length > 0) await this.openRuns(this.state.open);
    }
    this.setTab(this.state.tab);
  }

  private setTab(tab: "lab" | "runs"): void {
    if (tab === "runs" && this.runsTab.hidden) tab = "lab";
    this.state.tab = tab;
    this.lab.hidden = tab !== "lab";
    this.runsView.hidden = tab !== "runs";
    this.labTab.setAttribute("aria-selected", String(tab === "lab"));
    this.runsTab.setAttribute("aria-selected", String(tab === "runs"));
    this.writeUrl();
    this.invalidate();
  }

  private setConfig(c: ExperimentConfig): void {
    this.state.config = c;
    this.state.configB = null;
    this.state.labelB = "";
    this.errorLine.textContent = "";
    this.form.refresh(c);
    this.writeUrl();
    void this.resetRuns();
  }

  private loadPreset(): void {
    const p: WebPreset | undefined = webPresets.find((x) => x.id === this.presetSelect.value);
    if (p === undefined) return;
    const { a, b } = presetPair(p);
    this.state.config = a;
    this.state.configB = b;
    this.state.labelB = p.labelB;
    this.form.refresh(this.state.config);
    this.writeUrl();
    void this.resetRuns().then(() => this.play());
  }

  private remedy(r: Remedy, f: Finding): void {
    try {
      this.state.configB = applyRemedy(this.state.config, r.change);
      this.state.labelB = r.label;
    } catch (e) {
      this.errorLine.textContent = `The remedy "${r.label}" for "${f.title}" could not be applied: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    this.writeUrl();
    void this.startB().then(() => {
      this.runB?.play();
      this.invalidate();
    });
  }

  /** (Re)creates run B of the A/B view from the state, or removes it. */
  private async startB(): Promise<void> {
    if (this.state.configB === null) {
      await this.runB?.close();
      this.runB = null;
      this.paneB?.element.remove();
      this.paneB = null;
      this.panes.classList.remove("ab");
      return;
    }
    this.runB ??= new RunClient(() => this.invalidate());
    if (this.paneB === null) {
      this.paneB = new RunPane("B", null);
      this.panes.append(this.paneB.element);
    }
    this.panes.classList.add("ab");
    await this.runB.init(this.state.configB);
    await this.ready(this.runB);
  }

  private async resetRuns(): Promise<void> {
    this.setPlaying(false);
    await this.runA.init(this.state.config);
    await this.startB();
    await this.ready(this.runA);
    this.invalidate();
  }

  /** Resolves when the run's worker has reported its setup (or an error). */
  private ready(run: RunClient): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (run.data !== null || run.error !== null ? resolve() : setTimeout(check, 10));
      check();
    });
  }

  private runs(): RunClient[] {
    return this.runB === null ? [this.runA] : [this.runA, this.runB];
  }

  private togglePlay(): void {
    if (this.runs().some((r) => r.playing)) this.pause();
    else if (this.runs().every((r) => r.data !== null && r.data.status !== "running")) void this.resetRuns().then(() => this.play());
    else this.play();
  }

  private play(): void {
    for (const r of this.runs()) r.play();
    this.setPlaying(this.runs().some((r) => r.playing));
  }

  private pause(): void {
    for (const r of this.runs()) r.pause();
    this.setPlaying(false);
  }

  private step(): void {
    this.pause();
    for (const r of this.runs()) r.step();
  }

  private reset(): void {
    void this.resetRuns();
  }

  private setPlaying(on: boolean): void {
    this.playButton.textContent = on ? "Pause" : "Play";
    this.playButton.setAttribute("aria-pressed", String(on));
  }

  private key(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    if (t.closest("input, select, textarea") !== null || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === " " && t.tagName !== "BUTTON") { e.preventDefault(); this.togglePlay(); }
    else if (e.key === "s") this.step();
    else if (e.key === "r") this.reset();
  }

  private async copyLink(): Promise<void> {
    this.writeUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      this.errorLine.textContent = "Link copied: it reproduces these settings and runs.";
    } catch {
      this.errorLine.textContent = `Link: ${location.href}`;
    }
  }

  private writeUrl(): void {
    const q = stateToQuery({ ...this.state, play: false });
    history.replaceState(null, "", q === "" ? location.pathname : `${location.pathname}?${q}`);
  }

  private async openRuns(ids: number[]): Promise<void> {
    this.state.open = ids.slice(0, 2);
    this.dashboard.select(this.state.open);
    this.writeUrl();
    const details = await Promise.all(this.state.open.map((id) => this.dashboard.load(id)));
    const runs = details.filter((d) => d !== null).map((d) => ({ d, data: storedRunData(d) }));
    this.dashPanes.replaceChildren();
    this.dashPanes.classList.toggle("ab", runs.length > 1);
    this.opened = runs.map(({ d, data }) => {
      const pane = new RunPane(`run-${d.id}`, null);
      pane.setTitle(`Run ${d.id}: ${d.name}`, `${data.description} · ${d.status}${d.error ? ` · ${d.error}` : ""}`);
      this.dashPanes.append(pane.element);
      return { pane, data };
    });
    this.invalidate();
  }

  private invalidate(): void {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.dirty = false;
    if (this.state.tab === "runs") {
      const scales = sharedScales(this.opened.map((o) => o.data));
      for (const o of this.opened) o.pane.draw(o.data, scales);
      return;
    }
    const a = this.runA.data, b = this.runB?.data ?? null;
    const shown = [a, b].filter((r): r is RunData => r !== null);
    const scales = sharedScales(shown);
    this.paneA.setTitle(this.runB === null ? "Run" : "Run A", `${describe(this.state.config)}${a ? ` · ${a.description} · ${a.engine}` : ""}`);
    if (a !== null) this.paneA.draw(a, scales);
    if (this.paneB !== null && this.state.configB !== null) {
      this.paneB.setTitle(`Run B: ${this.state.labelB}`, `${describe(this.state.configB)}${b ? ` · ${b.description} · ${b.engine}` : ""}`);
      if (b !== null) this.paneB.draw(b, scales);
    }
    const errors = this.runs().map((r) => r.error).filter((e) => e !== null);
    if (errors.length > 0) this.errorLine.textContent = errors.join(" · ");
    this.setPlaying(this.runs().some((r) => r.playing));
  }

  private testView(): TestView {
    const view = (r: RunClient | null) => r === null ? null : {
      inits: r.inits, depth: r.data?.depth ?? 0, step: r.data?.step ?? 0, status: r.data?.status ?? "setup", ratio: r.data ? inputOutputRatio(r.data) : NaN,
      findings: r.data?.findings?.map((f) => f.kind) ?? null, records: r.data?.steps.length ?? 0, error: r.error,
    };
    return { query: location.search, runs: { A: view(this.runA), B: view(this.runB) } };
  }
}
