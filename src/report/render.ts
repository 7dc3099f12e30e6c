import { gainsOf } from "./gains.js";
import { esc, jsonForScript } from "./html.js";
import { reportData } from "./data.js";
import { reportScript } from "./script.js";
import { activationsSection } from "./sections/activations.js";
import { compareSection } from "./sections/compare.js";
import { curvesSection } from "./sections/curves.js";
import { findingsSection } from "./sections/findings.js";
import { overviewSection } from "./sections/overview.js";
import { depthSection } from "./sections/depth.js";
import { heatmapsSection } from "./sections/signal.js";
import { updatesSection } from "./sections/updates.js";
import { reportCss } from "./style.js";
import type { ReportInput } from "./types.js";
import { runView } from "./views.js";

const toc: [string, string][] = [
  ["overview", "Run"], ["compare", "Compared"], ["findings", "Findings"], ["heatmaps", "Heatmaps"], ["depth", "Through depth"], ["curves", "Loss"], ["activations", "Activations"], ["updates", "Updates"],
];

/**
 * One self-contained HTML page (inline CSS, inline SVG with embedded PNG heatmaps, a small inline
 * script, the plotted numbers as JSON; nothing fetched) showing one run, or several side by side
 * on shared scales with overlays.
 *
 * @example
 * const html = renderReport({ title: "tanh, depth 20", runs: [{ name: "tanh-20", status: "finished", config, recording, findings, evaluations: [] }] });
 */
export function renderReport(input: ReportInput): string {
  const views = input.runs.map(runView);
  const gains = input.runs.map(gainsOf);
  const multi = views.length > 1;
  const sections = [
    overviewSection(views),
    multi ? compareSection(views) : "",
    findingsSection(views),
    heatmapsSection(views),
    depthSection(views, gains),
    curvesSection(views),
    activationsSection(views),
    updatesSection(views),
  ];
  const runsText = input.runs.map((r) => (r.id !== undefined ? `#${r.id} ` : "") + r.name).join(", ");
  const notes = input.notes?.length ? `<ul class="notes">${input.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const nav = toc.filter(([id]) => multi || id !== "compare").map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join("");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradscope"><title>${esc(input.title)}</title><style>${reportCss}</style></head>
<body><header class="top"><div class="inner"><h1>${esc(input.title)}</h1><p class="sub">gradscope report · ${input.runs.length} run${multi ? "s" : ""}: ${esc(runsText)}</p>${notes}<nav class="toc">${nav}</nav></div></header>
<main>${sections.join("\n")}</main>
<footer>Made by gradscope. Self-contained: every chart and number is inside this file. Colours: viridis (heatmaps, layers) and Okabe–Ito (lines), both readable with colour-vision deficiencies.</footer>
<script type="application/json" id="gradscope-data">${jsonForScript(reportData(input, views, gains))}</script>
<script>${reportScript}</script>
</body></html>
`;
}
