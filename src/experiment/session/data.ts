import { GradscopeError } from "../../core/errors.js";
import type { ExperimentConfig } from "../config/types.js";
import { csvDataset } from "../datasets/csv-dataset.js";
import { assertFinite, isClassification, type Dataset } from "../datasets/dataset.js";
import { trainTestSplit } from "../datasets/split.js";
import { standardize } from "../datasets/standardize.js";
import { loadDataset } from "../datasets/table.js";

/** A config's data, ready to train on: the seeded train/test split, standardized on the train part. */
export interface PreparedData {
  readonly train: Dataset;
  readonly test: Dataset;
  /** Input features. */
  readonly inputs: number;
  /** Network outputs: classes (1 for binary cross-entropy on two classes), or regression targets. */
  readonly outputs: number;
  readonly classification: boolean;
  /** A one-line description: name, sizes, classes. */
  readonly description: string;
}

/** The CSV text of a csv data config: the CLI reads the file, the browser an upload. */
export type CsvSource = (path: string) => string | Promise<string>;

/**
 * Loads the config's data set (a built-in by name with its options, or a CSV through `readCsv`),
 * checks it is finite, splits it with the config's seed and standardizes it when asked.
 */
export async function prepareData(config: ExperimentConfig, readCsv?: CsvSource): Promise<PreparedData> {
  const d = config.data;
  const { name, testFraction, stratify, standardize: scale, path, labelColumn, ...options } = d;
  let data: Dataset;
  if (name === "csv") {
    if (path === undefined) throw new GradscopeError("data.path: a csv data set needs the file's path");
    if (readCsv === undefined) throw new GradscopeError("data.path: this environment cannot read files; load the CSV text first");
    const text = await readCsv(path);
    const label = labelColumn === undefined ? undefined : typeof labelColumn === "number" ? headerAt(text, labelColumn, path) : labelColumn;
    const task = options.task === "regression" ? "regression" : "classification";
    data = csvDataset(text, { file: path, ...(label === undefined ? {} : { label }), task });
  } else {
    data = await loadDataset(name, options, config.seed);
  }
  assertFinite(data);
  const split = trainTestSplit(data, { testFraction, seed: config.seed, stratify: stratify && isClassification(data) });
  const { train, test } = scale ? standardize(split.train, split.test) : { train: split.train, test: split.test };
  const sizes = `${train.n} train / ${test!.n} test`;
  if (isClassification(data)) {
    if (config.loss === "binaryCrossEntropy" && data.classes !== 2) {
      throw new GradscopeError(`loss: binaryCrossEntropy needs two classes; ${data.name} has ${data.classes} (use softmaxCrossEntropy)`);
    }
    const outputs = config.loss === "binaryCrossEntropy" ? 1 : data.classes;
    const description = `${data.name} (${data.n} examples, ${data.features} features, ${data.classes} classes; ${sizes})`;
    return { train, test: test!, inputs: data.features, outputs, classification: true, description };
  }
  if (config.loss !== "meanSquaredError") throw new GradscopeError(`loss: ${data.name} is a regression set; use meanSquaredError, not ${config.loss}`);
  const description = `${data.name} (${data.n} examples, ${data.features} features, ${data.outputs} targets; ${sizes})`;
  return { train, test: test!, inputs: data.features, outputs: data.outputs, classification: false, description };
}

/** The header name of column `index` of a CSV text (for data.labelColumn given as an index). */
function headerAt(text: string, index: number, file: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const names = header.split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
  if (!Number.isInteger(index) || index < 0 || index >= names.length) {
    throw new GradscopeError(`data.labelColumn: column ${index} does not exist in ${file} (it has ${names.length} columns: 0…${names.length - 1})`);
  }
  return names[index];
}
