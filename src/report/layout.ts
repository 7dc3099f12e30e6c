import { esc } from "./html.js";
import { lineColor } from "./palette.js";
import type { RunView } from "./views.js";

/** A page section with an anchor, a heading and an explanatory lead paragraph. */
export function section(id: string, title: string, lead: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${lead ? `<p class="lead">${lead}</p>` : ""}${body}</section>`;
}

/** One column per run (stacking on narrow screens), each headed by its name when several runs are compared; a single run's charts flow in a grid. */
export function runColumns(views: RunView[], cell: (v: RunView) => string, charts = true): string {
  const multi = views.length > 1;
  const cls = !multi && charts ? "runs single" : "runs";
  return `<div class="${cls}" style="--runs:${views.length}">${views.map((v) => `<div class="run-col">${multi ? runChip(v) : ""}${cell(v)}</div>`).join("")}</div>`;
}

/** The run's name with its colour (the colour of its lines in the comparison overlays). */
export function runChip(v: RunView): string {
  const id = v.run.id !== undefined ? `#${v.run.id} ` : "";
  return `<h3 class="run-chip"><span class="dot" style="background:${lineColor(v.index)}"></span>${esc(id + v.run.name)}</h3>`;
}

/** A short note in place of a chart that cannot be drawn. */
export function empty(text: string): string {
  return `<p class="empty">${esc(text)}</p>`;
}
