import type { ExperimentConfig } from "../../experiment/config/types.js";
import { esc, fmt, pct } from "../html.js";
import { runColumns, section } from "../layout.js";
import type { ReportRun } from "../types.js";
import type { RunView } from "../views.js";

/** A config value in a few words: a name, or name(k=v, …) for a spec object, JSON otherwise. */
export function specText(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return v.map(specText).join(", ");
  const { name, kind, ...rest } = v as Record<string, unknown>;
  const head = String(name ?? kind ?? "");
  const args = Object.entries(rest).map(([k, x]) => `${k}=${typeof x === "number" ? fmt(x) : typeof x === "object" ? JSON.stringify(x) : String(x)}`).join(", ");
  return head ? (args ? `${head}(${args})` : head) : args;
}

/** The config as rows of (field, value) for people: model, data, optimizer, seed, engine, … */
export function configRows(c: ExperimentConfig, data?: string): [string, string][] {
  const m = c.model;
  const shape = m.widths !== undefined ? `widths ${m.widths.join(", ")}` : `${m.depth} hidden layers × ${m.width} units`;
  const norm = m.norm.kind === "none" ? "none" : `${m.norm.kind} norm, ${m.norm.placement} the activation`;
  const residual = m.residual.every === 0 ? "none" : `skip every ${m.residual.every} layers, scale ${m.residual.scale}, norm ${m.residual.norm}`;
  const { name, lr, ...opt } = c.optimizer;
  const t = c.train;
  return [
    ["model", `${shape}; ${specText(m.activation)}; init ${specText(m.init)}${m.headInit === null ? "" : `, head ${specText(m.headInit)}`}; bias ${m.bias ? specText(m.biasInit) : "off"}`],
    ["normalization", norm],
    ["residual", residual],
    ["dropout", String(m.dropout)],
    ["data", data ?? `${c.data.name}`],
    ["loss", c.loss],
    ["optimizer", `${name}, lr ${lr}${Object.keys(opt).length ? `; ${specText(opt)}` : ""}`],
    ["schedule", specText(c.schedule)],
    ["clipping", c.clip === null ? "none" : `${c.clip.kind} ≤ ${c.clip.threshold}`],
    ["regularization", `L1 ${c.regularization.l1}, L2 ${c.regularization.l2}`],
    ["training", `${t.steps !== undefined ? `${t.steps} steps` : `${t.epochs} epochs`}, batch ${t.batch}, test every ${t.evalEvery || "—"} steps`],
    ["probes", `${c.probes.every === 1 ? "every step" : `every ${c.probes.every} steps`}; histogram ${c.probes.histogram.bins} bins over [${c.probes.histogram.lo}, ${c.probes.histogram.hi})`],
    ["seed", String(c.seed)],
    ["engine", c.engine],
  ];
}

/** The run's status line: status, steps, time, final test numbers, and where a NaN/Inf first appeared. */
export function statusHtml(run: ReportRun): string {
  const nf = run.recording.nonFinite;
  const bits: string[] = [];
  if (run.steps !== undefined) bits.push(`${run.steps} steps`);
  if (run.trainMs !== undefined) bits.push(`${fmt(run.trainMs / 1000, 3)} s training`);
  if (run.finalTest && Number.isFinite(run.finalTest.loss)) bits.push(`test loss ${fmt(run.finalTest.loss)}` + (Number.isFinite(run.finalTest.accuracy) ? `, accuracy ${pct(run.finalTest.accuracy)}` : ""));
  const origin = nf === null ? "" : `<p class="alert">First non-finite value: <code>${esc(nf.tensor)}</code> = ${esc(fmt(nf.value))} in ${nf.layer === 0 ? "the loss / output head" : `layer ${nf.layer}`}, ${esc(nf.pass)} pass, step ${nf.step}.</p>`;
  const error = run.error && nf === null ? `<p class="alert">${esc(run.error)}</p>` : "";
  const counts = (["critical", "warning", "info"] as const).map((s) => [s, run.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return `<p class="status"><span class="badge status-${esc(run.status)}">${esc(run.status)}</span> ${esc(bits.join(" · "))}</p>${origin}${error}`
    + `<p class="counts">${counts.length ? counts.map(([s, n]) => `<span class="badge ${s}">${n} ${s}</span>`).join(" ") : `<span class="badge ok">no findings</span>`}</p>`;
}

/** Status and config of each run; with several runs, the fields whose values differ between them are highlighted. */
export function overviewSection(views: RunView[]): string {
  const rows = views.map((v) => configRows(v.run.config, v.run.data));
  const differs = (k: number) => views.length > 1 && rows.some((r) => r[k][1] !== rows[0][k][1]);
  const body = runColumns(views, (v) => `${statusHtml(v.run)}<dl class="config">${rows[v.index]
    .map(([k, x], i) => `<div${differs(i) ? ' class="differs"' : ""}><dt>${esc(k)}</dt><dd>${esc(x)}</dd></div>`).join("")}</dl>`, false);
  return section("overview", "Run and config", views.length > 1 ? "Fields that differ between the runs are highlighted." : "", body);
}
