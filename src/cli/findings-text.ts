import pc from "picocolors";
import type { Finding } from "../diagnosis/finding.js";
import { remedyFlags } from "./remedy-flags.js";

const badge = (severity: string, colour: boolean): string => {
  const label = severity.toUpperCase().padEnd(8);
  if (!colour) return label;
  return severity === "critical" ? pc.red(pc.bold(label)) : severity === "warning" ? pc.yellow(label) : pc.cyan(label);
};

/**
 * The findings as text: severity, title and explanation, then the top `remedies` remedies with
 * the flags that apply them to `gradscope run`.
 */
export function findingsText(findings: readonly Finding[], options: { colour?: boolean; remedies?: number } = {}): string[] {
  if (findings.length === 0) return ["Findings: none — no vanishing, exploding, saturated, dead or stalled layers detected."];
  const colour = options.colour ?? false;
  const lines = [`Findings (${findings.length}):`];
  for (const f of findings) {
    lines.push(`  ${badge(f.severity, colour)} ${colour ? pc.bold(f.title) : f.title}`);
    lines.push(...wrap(f.explanation, 96).map((l) => `           ${l}`));
    for (const r of f.remedies.slice(0, options.remedies ?? 3)) {
      lines.push(`           → ${r.label}: ${colour ? pc.green(remedyFlags(r.change)) : remedyFlags(r.change)}`);
    }
  }
  return lines;
}

/** Words of `text` in lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}
