import { GradscopeError } from "../../core/errors.js";

/** One record of a CSV file: its cells (quotes removed, not trimmed) and the 1-based line it starts on. */
export interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The records of CSV text (RFC 4180): comma-separated cells, a cell in double quotes may hold
 * commas, line breaks and "" for a quote; lines end in LF, CRLF or CR; a leading byte-order mark
 * and blank lines are skipped. `file` names the text in error messages.
 */
export function csvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < end) {
    const start = line;
    const cells: string[] = [];
    let quoted = false;
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        quoted = true;
        const open = line;
        let parts = "";
        let from = ++i;
        for (;;) {
          if (i >= end) throw new GradscopeError(`${file} line ${open}: a quoted cell is never closed`);
          const ch = text.charCodeAt(i);
          if (ch === QUOTE) {
            parts += text.slice(from, i);
            if (text.charCodeAt(i + 1) !== QUOTE) break;
            parts += '"';
            i += 2;
            from = i;
            continue;
          }
          if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        i++;
        const after = i;
        while (i < end && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        if (text.slice(after, i).trim() !== "") throw new GradscopeError(`${file} line ${line}: unexpected text ${JSON.stringify(text.slice(after, i))} after a closing quote`);
        cell = parts;
      } else {
        const from = i;
        while (i < end && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        cell = text.slice(from, i);
      }
      cells.push(cell);
      if (i < end && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (i < end) {
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    if (!quoted && cells.length === 1 && cells[0].trim() === "") continue;
    records.push({ cells, line: start });
  }
  return records;
}
