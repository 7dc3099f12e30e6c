import { GradscopeError } from "../../core/errors.js";
import { csvRecords, type CsvRecord } from "./csv.js";
import type { Dataset } from "./dataset.js";

/** How to read a CSV file as a data set. */
export interface CsvOptions {
  /** The file's name, used in error messages and as the data set's name. Default "data.csv". */
  readonly file?: string;
  /** The label column (classification) or target columns (regression). Default: the last column. */
  readonly label?: string | readonly string[];
  /** The feature columns. Default: every column that is not a label. */
  readonly features?: readonly string[];
  /** Class labels mapped to indices, or numeric regression targets. Default "classification". */
  readonly task?: "classification" | "regression";
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;
const MISSING = new Set(["", "na", "n/a", "nan", "null", "none", "?"]);
const INTEGER = /^[+-]?\d+$/;

/** Whether a cell stands for a missing value: empty, NA, N/A, NaN, null, none or ? (any case). */
function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

/** The finite number in a cell, or an error naming the file, line and column and quoting the cell. */
function numberCell(cell: string, where: string): number {
  const s = cell.trim();
  if (isMissing(s)) throw new GradscopeError(`${where}: missing value${s === "" ? "" : ` (${JSON.stringify(cell)})`}`);
  if (INFINITE.test(s)) throw new GradscopeError(`${where}: ${JSON.stringify(cell)} is not a finite number`);
  if (!NUMBER.test(s)) throw new GradscopeError(`${where}: ${JSON.stringify(cell)} is not a number`);
  return Number(s);
}

/** The header's column names, checked to be present and distinct. */
function headerOf(record: CsvRecord, file: string): string[] {
  const names = record.cells.map((c) => c.trim());
  names.forEach((name, j) => {
    if (name === "") throw new GradscopeError(`${file} line ${record.line}: column ${j + 1} of the header has no name`);
    const first = names.indexOf(name);
    if (first !== j) throw new GradscopeError(`${file} line ${record.line}: column "${name}" appears twice in the header (columns ${first + 1} and ${j + 1})`);
  });
  return names;
}

/** The indices of the named columns, or an error listing the file's columns. */
function columnsOf(wanted: readonly string[], header: string[], role: string, file: string): number[] {
  return wanted.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) throw new GradscopeError(`${file}: ${role} column ${JSON.stringify(name)} not found; the columns are ${header.map((h) => JSON.stringify(h)).join(", ")}`);
    return j;
  });
}

/** Class names in a stable order (numeric if every name is an integer, else by code point) and each row's index. */
function classesOf(values: string[]): { classNames: string[]; labels: Int32Array } {
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => INTEGER.test(v));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(distinct.map((v, c) => [v, c]));
  return { classNames: distinct, labels: Int32Array.from(values, (v) => index.get(v) as number) };
}

/**
 * A data set from the TEXT of a CSV file: a header row, numeric feature columns, and a label
 * column (default the last) whose strings or integers become class indices 0…k−1 (names kept),
 * or numeric regression targets. x [n, features], labels [n] or targets [n, outputs], row-major.
 * Missing values, non-numeric cells, unknown columns, ragged rows, a single class and an empty
 * file are errors naming the file, line and column. NOTE: a label cell is missing only when
 * empty, since a class may well be called "none" or "NA".
 *
 * @example
 * const data = csvDataset(await readFile("wine.csv", "utf8"), { file: "wine.csv", label: "quality" });
 */
export function csvDataset(text: string, options: CsvOptions = {}): Dataset {
  const file = options.file ?? "data.csv";
  const task = options.task ?? "classification";
  const records = csvRecords(text, file);
  if (records.length === 0) throw new GradscopeError(`${file}: the file is empty; expected a header row and data rows`);
  const header = headerOf(records[0], file);
  const rows = records.slice(1);
  if (rows.length === 0) throw new GradscopeError(`${file}: no data rows after the header (line ${records[0].line})`);
  const labelNames = options.label === undefined ? [header[header.length - 1]] : typeof options.label === "string" ? [options.label] : [...options.label];
  if (labelNames.length === 0) throw new GradscopeError(`${file}: no label column given`);
  if (task === "classification" && labelNames.length !== 1) throw new GradscopeError(`${file}: classification takes one label column; got ${labelNames.length} (${labelNames.join(", ")})`);
  const labelCols = columnsOf(labelNames, header, "label", file);
  const featureCols = options.features === undefined
    ? header.map((_, j) => j).filter((j) => !labelCols.includes(j))
    : columnsOf(options.features, header, "feature", file);
  for (const j of featureCols) if (labelCols.includes(j)) throw new GradscopeError(`${file}: column "${header[j]}" cannot be both a feature and a label`);
  if (featureCols.length === 0) throw new GradscopeError(`${file}: no feature columns; the only column is the label "${labelNames[0]}"`);

  const n = rows.length;
  const f = featureCols.length;
  const x = new Float64Array(n * f);
  const labelCells: string[] = [];
  const o = labelCols.length;
  const targets = new Float64Array(task === "regression" ? n * o : 0);
  rows.forEach((record, i) => {
    const { cells, line } = record;
    if (cells.length !== header.length) throw new GradscopeError(`${file} line ${line}: ${cells.length} cell${cells.length === 1 ? "" : "s"}; expected ${header.length} as in the header`);
    const at = (j: number): string => `${file} line ${line}, column "${header[j]}"`;
    featureCols.forEach((j, c) => { x[i * f + c] = numberCell(cells[j], at(j)); });
    if (task === "regression") {
      labelCols.forEach((j, c) => { targets[i * o + c] = numberCell(cells[j], at(j)); });
    } else {
      const j = labelCols[0];
      if (cells[j].trim() === "") throw new GradscopeError(`${at(j)}: missing label`);
      labelCells.push(cells[j].trim());
    }
  });
  const featureNames = featureCols.map((j) => header[j]);
  if (task === "regression") return { kind: "regression", name: file, x, targets, n, features: f, outputs: o, featureNames, targetNames: labelNames };
  const { classNames, labels } = classesOf(labelCells);
  if (classNames.length < 2) throw new GradscopeError(`${file}: the label column "${labelNames[0]}" holds a single class (${JSON.stringify(classNames[0])}); classification needs at least 2`);
  return { kind: "classification", name: file, x, labels, n, features: f, classes: classNames.length, featureNames, classNames };
}
