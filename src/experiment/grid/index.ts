/** Grids of experiments: axes of config values expanded into named, resolved configs. */
export { expandGrid, maxGridRuns } from "./expand.js";
export { axisOf, parseVary, splitTopLevel, valueLabel, type Axis } from "./axis.js";
export { parseGridText } from "./file.js";
export type { GridSpec, GridRun } from "./types.js";
