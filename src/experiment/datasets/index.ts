export {
  assertFinite, classCounts, isClassification, numberedFeatures, requireClassification, selectRows,
  type ClassificationData, type Dataset, type RegressionData,
} from "./dataset.js";
export { describeOption, resolveOptions, type OptionSpec, type OptionSpecs, type Resolved } from "./options.js";
export { spirals, spiralsOptions, spiralsSet } from "./spirals.js";
export { moons, moonsOptions } from "./moons.js";
export { circles, circlesOptions } from "./circles.js";
export { xor, xorOptions } from "./xor.js";
export { blobs, blobsOptions } from "./blobs.js";
export { gaussian, gaussianOptions } from "./gaussian.js";
export { digits, digitsOptions } from "./digits.js";
export { iris, irisOptions } from "./iris.js";
export { datasets, isDatasetName, loadDataset, type DatasetEntry, type DatasetName } from "./table.js";
export { csvRecords, type CsvRecord } from "./csv.js";
export { csvDataset, type CsvOptions } from "./csv-dataset.js";
export { trainTestSplit, type Split, type SplitOptions } from "./split.js";
export { applyStandardization, fitStandardization, standardize, type Standardization } from "./standardize.js";
