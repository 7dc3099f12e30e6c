import type { Finding } from "../../diagnosis/finding.js";
import { esc, fmt } from "../html.js";
import { runColumns, section } from "../layout.js";
import type { RunView } from "../views.js";

/** 1-based layers as ranges: [1, 2, 3, 7] → "1–3, 7". */
export function layerRanges(layers: readonly number[]): string {
  const s = [...layers].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}–${s[j]}` : String(s[i]));
    i = j;
  }
  return out.join(", ");
}

/** A config patch as lines "path = JSON value". */
export function patchLines(change: Record<string, unknown>): string {
  return Object.entries(change).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("\n");
}

function findingCard(f: Finding): string {
  const where = [f.layers.length ? `layers ${layerRanges(f.layers)}` : "whole network", f.steps.first === f.steps.last ? `step ${f.steps.first}` : `steps ${f.steps.first}–${f.steps.last}`].join(" · ");
  const evidence = f.evidence.length === 0 ? "" : `<table class="evidence"><thead><tr><th>evidence</th><th>value</th><th>unit</th><th>layer</th></tr></thead><tbody>${f.evidence.map((e) =>
    `<tr><td>${esc(e.name)}</td><td class="num">${esc(fmt(e.value))}</td><td>${esc(e.unit)}</td><td class="num">${e.layer ?? ""}</td></tr>`).join("")}</tbody></table>`;
  const remedies = f.remedies.length === 0 ? "" : `<h5>Remedies, best first</h5><ol class="remedies">${f.remedies.map((r) =>
    `<li><strong>${esc(r.label)}</strong> — ${esc(r.why)}<pre class="patch">${esc(patchLines(r.change))}</pre></li>`).join("")}</ol>`;
  return `<article class="finding sev-${f.severity}"><header><span class="badge ${f.severity}">${f.severity}</span><h4>${esc(f.title)}</h4></header>`
    + `<p class="where">${esc(f.kind)} · ${esc(where)}</p><p>${esc(f.explanation)}</p>${evidence}${remedies}</article>`;
}

/** Every finding of every run with its severity, explanation, evidence and remedies as config changes. */
export function findingsSection(views: RunView[]): string {
  const body = runColumns(views, (v) => v.run.findings.length === 0
    ? `<p class="ok">No findings: the diagnosis saw no vanishing, exploding, saturated, dead or stalled layers.</p>`
    : v.run.findings.map(findingCard).join(""));
  return section("findings", "Findings", "What the diagnosis rules concluded from the recorded statistics, with the numbers behind each conclusion and the config changes that should cure it (the doctor can try them).", body);
}
