import { datasets, type DatasetName } from "../datasets/table.js";
import type { OptionSpec } from "../datasets/options.js";
import type { Field, TaggedField, Variant } from "./fields.js";

/** A data set option of the datasets table as a config field: its type, range or values, and its doc line. */
function optionField(spec: OptionSpec): Field {
  const description = `${spec.doc[0].toUpperCase()}${spec.doc.slice(1)}.`;
  if (spec.type === "choice") {
    return spec.values.every((v) => typeof v === "string")
      ? { kind: "name", description, names: spec.values as string[] }
      : { kind: "choice", description, values: spec.values };
  }
  const open = spec.type === "number" && spec.exclusive === true;
  return { kind: "number", description, integer: spec.type === "int", min: spec.min, max: spec.max, minOpen: open, maxOpen: open && spec.max !== undefined };
}

/** Each built-in data set's options with their defaults, from the datasets table. */
export const builtinDataDefaults = Object.fromEntries(Object.entries(datasets).map(([name, entry]) =>
  [name, Object.fromEntries(Object.entries(entry.options as Record<string, OptionSpec>).map(([k, o]) => [k, o.default]))])) as Record<DatasetName, Record<string, unknown>>;

const builtins = Object.fromEntries(Object.entries(datasets).map(([name, entry]): [string, Variant] => [name, {
  description: `${entry.description[0].toUpperCase()}${entry.description.slice(1)}.`,
  fields: Object.fromEntries(Object.entries(entry.options as Record<string, OptionSpec>).map(([k, o]) => [k, optionField(o)])),
  defaults: builtinDataDefaults[name as DatasetName],
}]));

const csv: Variant = {
  description: "Your own CSV file: a header row, numeric feature columns and a label column.",
  fields: {
    path: { kind: "string", description: "The CSV file (the CLI reads it; the web page uploads it)." },
    labelColumn: {
      kind: "union",
      description: "The label column, by header name or 0-based index (default: the last column).",
      options: [{ kind: "string", description: "A header name." }, { kind: "number", description: "A 0-based column index.", integer: true, min: 0 }],
    },
  },
  required: ["path"],
  defaults: {},
};

/**
 * The data section: a built-in set of the datasets table by name with that set's own options
 * (so the names, ranges and defaults are the table's), or a CSV file; then the split.
 */
export const dataFields: TaggedField = {
  kind: "tagged",
  description: "The data: a built-in set by name with its options, or a CSV file; then a seeded train/test split.",
  tag: "name",
  common: {
    testFraction: { kind: "number", description: "Share of the examples held out for evaluation.", min: 0, max: 1, minOpen: true, maxOpen: true },
    stratify: { kind: "boolean", description: "Keep each class's share in both parts of the split." },
    standardize: { kind: "boolean", description: "Scale each input feature to mean 0, variance 1 (statistics of the training split)." },
  },
  variants: { ...builtins, csv },
};
