import type { PresetPatch } from "./types.js";

const isPlainObject = (v: unknown): v is PresetPatch => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `patch` deep-merged over `base` as a fresh value: objects merge key by key; anything else in
 * the patch (numbers, names, lists, null) replaces the base's value. Neither input is changed.
 *
 * @example
 * mergePatch({ model: { depth: 20, width: 32 } }, { model: { depth: 50 } }); // { model: { depth: 50, width: 32 } }
 */
export function mergePatch(base: PresetPatch, patch: PresetPatch): PresetPatch {
  const out: PresetPatch = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergePatch(current, value) : structuredClone(value);
  }
  return out;
}

/**
 * The variants of a grid: the product of the axes' patches, labelled "a-b" in axis order
 * (the first axis varies slowest).
 *
 * @example
 * gridVariants({ relu: { model: { activation: "relu" } } }, { d3: { model: { depth: 3 } } }); // { "relu-d3": { model: { activation: "relu", depth: 3 } } }
 */
export function gridVariants(...axes: Record<string, PresetPatch>[]): Record<string, PresetPatch> {
  let cells: [string, PresetPatch][] = [["", {}]];
  for (const axis of axes) {
    cells = cells.flatMap(([label, patch]) => Object.entries(axis).map(([l, p]): [string, PresetPatch] =>
      [label === "" ? l : `${label}-${l}`, mergePatch(patch, p)]));
  }
  return Object.fromEntries(cells);
}
