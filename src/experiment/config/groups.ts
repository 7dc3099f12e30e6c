import { show, type KeyGroups } from "./fields.js";

type Obj = Record<string, unknown>;

function omit(o: Obj | undefined, keys: readonly string[]): Obj | undefined {
  if (o === undefined) return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/**
 * The model's hidden layers: depth + width, or a widths list. A partial giving widths replaces
 * depth and width (and must agree with any it also gives); a partial giving depth or width over
 * a widths list takes the other from the list: its length, or its width when all are equal.
 */
export const layerShape: KeyGroups = {
  groups: [["depth", "width"], ["widths"]],
  exclusiveInSchema: false,
  reconcile(partial, base, path, report) {
    const widths = partial.widths;
    const uniform = partial.depth !== undefined || partial.width !== undefined;
    if (widths !== undefined && uniform) {
      if (Array.isArray(widths)) {
        const hint = `give ${path}.depth and ${path}.width, or ${path}.widths`;
        if (partial.depth !== undefined && partial.depth !== widths.length) {
          report(`${path}.depth`, `${path}.depth: ${show(partial.depth)} is not allowed with ${path}.widths of ${widths.length} layers ${show(widths)}; expected ${widths.length} (${hint})`);
        }
        if (partial.width !== undefined && !widths.every((w) => w === partial.width)) {
          report(`${path}.width`, `${path}.width: ${show(partial.width)} is not allowed with ${path}.widths ${show(widths)}, whose widths differ from it (${hint})`);
        }
      }
      return { partial: omit(partial, ["depth", "width"]) as Obj, base: omit(base, ["depth", "width", "widths"]) };
    }
    if (widths !== undefined) return { partial, base: omit(base, ["depth", "width"]) };
    const list = base?.widths;
    if (uniform && Array.isArray(list)) {
      const same = list.every((w) => w === list[0]);
      if (!same && partial.width === undefined) {
        report(`${path}.width`, `${path}.width: missing; ${path}.depth replaces the widths list ${show(list)}, whose widths differ, so give ${path}.width too`);
      }
      const carried: Obj = same ? { depth: list.length, width: list[0] } : { depth: list.length };
      return { partial, base: { ...omit(base, ["widths"]), ...carried } };
    }
    return { partial, base };
  },
};

/** How long to train: steps or epochs, not both. A partial giving one replaces the base's other. */
export const trainLength: KeyGroups = {
  groups: [["steps"], ["epochs"]],
  exclusiveInSchema: true,
  reconcile(partial, base, path, report) {
    const steps = partial.steps !== undefined, epochs = partial.epochs !== undefined;
    if (steps && epochs) {
      report(`${path}.epochs`, `${path}.epochs: ${show(partial.epochs)} is not allowed with ${path}.steps ${show(partial.steps)}; give ${path}.steps or ${path}.epochs, not both`);
      return { partial: omit(partial, ["epochs"]) as Obj, base: omit(base, ["epochs"]) };
    }
    if (steps) return { partial, base: omit(base, ["epochs"]) };
    if (epochs) return { partial, base: omit(base, ["steps"]) };
    return { partial, base };
  },
};
