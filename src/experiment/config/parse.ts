import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { jsonSyntaxError, lineColumn } from "./json-syntax.js";
import { ConfigError, checkConfig, type ConfigProblem } from "./validate.js";
import { defaultConfig } from "./defaults.js";
import type { ExperimentConfig } from "./types.js";

/** The formats of an experiment file. */
export type ConfigFormat = "json" | "yaml";

/** The format a file name implies: .yaml / .yml are YAML, anything else JSON. */
export function formatOf(fileName: string): ConfigFormat {
  return /\.ya?ml$/i.test(fileName) ? "yaml" : "json";
}

function syntaxError(source: string, line: number, column: number, message: string): ConfigError {
  return new ConfigError([{ path: "", message, line, column }], source);
}

/**
 * The data of a JSON or YAML text (an empty text is {}), or a ConfigError naming the line and
 * column of the first syntax error.
 */
export function parseConfigText(text: string, format: ConfigFormat, source = "config"): unknown {
  if (text.trim() === "") return {};
  if (format === "json") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const e = jsonSyntaxError(text) ?? { offset: 0, message: "not valid JSON" };
      const { line, column } = lineColumn(text, e.offset);
      throw syntaxError(source, line, column, `invalid JSON: ${e.message}`);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw syntaxError(source, line, col, `invalid YAML: ${first.message.split("\n")[0]}`);
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** "model.widths[2]" → ["model", "widths", 2]. */
function segments(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).filter((s) => s !== "").map((s) => (s.startsWith("[") ? Number(s.slice(1, -1)) : s));
}

/**
 * A function from a field path to its line and column in the text (the deepest part of the path
 * that the text contains), read with the YAML parser, which also reads JSON.
 */
export function fieldLocator(text: string): (path: string) => { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return () => undefined;
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const seg of segments(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === String(seg));
        if (pair === undefined) break;
        offset = (pair.key as Node).range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
        node = node.items[seg];
        offset = (node as Node).range?.[0];
      } else break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

/** Adds each problem's line and column in `text`. */
function locateProblems(problems: ConfigProblem[], text: string): ConfigProblem[] {
  const locate = fieldLocator(text);
  return problems.map((p) => ({ ...p, ...locate(p.path) }));
}

/**
 * The complete config an experiment file describes: parsed, deep-merged over the defaults and
 * validated. A syntax error names its line and column; every wrong field is reported with its
 * path, its position in the file, the value given and what is allowed (one ConfigError).
 *
 * @example
 * const config = parseConfig(readFileSync(file, "utf8"), formatOf(file), file);
 */
export function parseConfig(text: string, format: ConfigFormat, source = "config"): ExperimentConfig {
  const { config, problems } = checkConfig(defaultConfig, parseConfigText(text, format, source));
  if (problems.length > 0) throw new ConfigError(locateProblems(problems, text), source);
  return config;
}
