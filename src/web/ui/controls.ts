/// <reference lib="dom" />
import { GradscopeError } from "../../core/errors.js";
import { activationNames } from "../../nn/activations.js";
import { clipKinds } from "../../nn/clipping.js";
import { initializers } from "../../nn/initializers.js";
import { losses } from "../../nn/losses.js";
import { optimizerNames } from "../../nn/optim/index.js";
import { applyOverrides } from "../../experiment/config/overrides.js";
import type { ExperimentConfig } from "../../experiment/config/types.js";
import { datasets } from "../../experiment/datasets/table.js";
import { h } from "./dom.js";

type Config = ExperimentConfig;

/** One labelled control bound to a config path: how to read it and how to set it. */
export interface ControlSpec {
  path: string;
  label: string;
  /** A select's choices, or a number input. */
  options?: readonly string[];
  number?: { min?: number; max?: number; step?: string };
  help?: string;
  /** The label when it depends on the config (e.g. the init's own parameter). */
  labelOf?: (c: Config) => string;
  visible?: (c: Config) => boolean;
  get: (c: Config) => string;
  set?: (c: Config, text: string) => Config;
}

/** The data sets the page offers: every built-in one except the 2 MB digits (left out of the web build). */
export const webDatasets = Object.keys(datasets).filter((n) => n !== "digits");

const initParams: Record<string, [string, string]> = {
  identity: ["value", "c in W = c·I"], constant: ["value", "value"], meanField: ["sigmaW2", "σ_w² (variance × fan-in)"],
  normal: ["std", "std"], uniform: ["limit", "limit"], xavierNormal: ["gain", "gain"], xavierUniform: ["gain", "gain"], orthogonal: ["gain", "gain"],
};
const nameOf = (v: unknown): string => (typeof v === "string" ? v : (v as { name: string }).name);
const objOf = (v: unknown): Record<string, unknown> => (typeof v === "string" ? { name: v } : { ...(v as Record<string, unknown>) });
const dataHas = (option: string) => (c: Config) => Object.hasOwn(datasets[c.data.name as keyof typeof datasets]?.options ?? {}, option);
const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
const over = (c: Config, path: string, text: string, label: string): Config => applyOverrides(c, { [path]: text }, { aliases: false, label: () => label });

/** Every control of the playground, grouped into fieldsets: data, model, training, run. */
export const controlGroups: { legend: string; controls: ControlSpec[] }[] = [
  {
    legend: "Data", controls: [
      { path: "data.name", label: "Data set", options: webDatasets, get: (c) => c.data.name, help: "2-D sets show the decision boundary; iris is real measurements." },
      { path: "data.noise", label: "Noise", number: { min: 0, step: "0.05" }, visible: dataHas("noise"), get: (c) => str(c.data.noise) },
      { path: "data.n", label: "Examples", number: { min: 10, step: "50" }, visible: dataHas("n"), get: (c) => str(c.data.n) },
    ],
  },
  {
    legend: "Model", controls: [
      { path: "model.depth", label: "Depth (hidden layers)", number: { min: 1, max: 300, step: "1" }, get: (c) => str(c.model.depth ?? c.model.widths?.length) },
      { path: "model.width", label: "Width (units)", number: { min: 1, max: 1024, step: "1" }, get: (c) => str(c.model.width ?? c.model.widths?.[0]) },
      { path: "model.activation", label: "Activation", options: activationNames, get: (c) => nameOf(Array.isArray(c.model.activation) ? c.model.activation[0] : c.model.activation) },
      { path: "model.init", label: "Weight init", options: Object.keys(initializers), get: (c) => nameOf(c.model.init) },
      {
        path: "model.init.param", label: "Init parameter", number: { step: "0.05" },
        labelOf: (c) => `Init: ${(initParams[nameOf(c.model.init)] ?? ["", "parameter"])[1]}`,
        visible: (c) => Object.hasOwn(initParams, nameOf(c.model.init)),
        get: (c) => {
          const [key] = initParams[nameOf(c.model.init)] ?? ["value"];
          const v = objOf(c.model.init)[key];
          return v === undefined ? (key === "std" || key === "gain" || key === "value" || key === "limit" || key === "sigmaW2" ? "1" : "") : String(v);
        },
        set: (c, text) => {
          const init = objOf(c.model.init);
          const [key, what] = initParams[String(init.name)];
          const v = Number(text);
          if (text.trim() === "" || !Number.isFinite(v)) throw new GradscopeError(`${what}: "${text}" is not a number`);
          return over(c, "model.init", JSON.stringify({ ...init, [key]: v }), `init ${what}`);
        },
      },
      { path: "model.norm.kind", label: "Normalization", options: ["none", "batch", "layer"], get: (c) => c.model.norm.kind },
      { path: "model.residual.every", label: "Skip every k layers (0 = none)", number: { min: 0, step: "1" }, get: (c) => str(c.model.residual.every) },
    ],
  },
  {
    legend: "Training", controls: [
      { path: "optimizer.name", label: "Optimizer", options: optimizerNames, get: (c) => c.optimizer.name },
      { path: "optimizer.lr", label: "Learning rate", number: { min: 0, step: "any" }, get: (c) => str(c.optimizer.lr) },
      { path: "optimizer.momentum", label: "Momentum", number: { min: 0, step: "0.1" }, visible: (c) => c.optimizer.name === "sgd" || c.optimizer.name === "rmsprop", get: (c) => str((c.optimizer as { momentum?: number }).momentum) },
      {
        path: "clip.kind", label: "Gradient clipping", options: ["none", ...clipKinds], get: (c) => c.clip?.kind ?? "none",
        set: (c, text) => over(c, "clip", text === "none" ? "null" : JSON.stringify({ kind: text, threshold: c.clip?.threshold ?? 1 }), "clipping"),
      },
      { path: "clip.threshold", label: "Clip threshold", number: { min: 0, step: "any" }, visible: (c) => c.clip !== null, get: (c) => str(c.clip?.threshold) },
      { path: "regularization.l1", label: "L1 λ₁", number: { min: 0, step: "any" }, get: (c) => str(c.regularization.l1) },
      { path: "regularization.l2", label: "L2 λ₂", number: { min: 0, step: "any" }, get: (c) => str(c.regularization.l2) },
      { path: "train.batch", label: "Batch size", number: { min: 1, step: "1" }, get: (c) => str(c.train.batch) },
      { path: "train.steps", label: "Steps", number: { min: 1, step: "100" }, get: (c) => str(c.train.steps) },
    ],
  },
  {
    legend: "More", controls: [
      { path: "model.norm.placement", label: "Norm placement", options: ["before", "after"], visible: (c) => c.model.norm.kind !== "none", get: (c) => c.model.norm.placement },
      { path: "model.biasInit", label: "Bias init", options: Object.keys(initializers), get: (c) => nameOf(c.model.biasInit) },
      { path: "model.dropout", label: "Dropout rate", number: { min: 0, max: 0.99, step: "0.05" }, get: (c) => str(c.model.dropout) },
      { path: "loss", label: "Loss", options: Object.keys(losses), get: (c) => c.loss },
      {
        path: "schedule.name", label: "LR schedule", options: ["constant", "cosine", "step"], get: (c) => c.schedule.name,
        help: "cosine decays to 0 over the run's steps; step multiplies the rate by 0.1 every third of the run",
        set: (c, text) => {
          const steps = c.train.steps ?? 1000;
          const spec = text === "cosine" ? { name: "cosine", totalSteps: steps } : text === "step" ? { name: "step", stepSize: Math.max(1, Math.round(steps / 3)) } : { name: "constant" };
          return over(c, "schedule", JSON.stringify(spec), "LR schedule");
        },
      },
      { path: "train.evalEvery", label: "Test every n steps (0 = end)", number: { min: 0, step: "50" }, get: (c) => str(c.train.evalEvery) },
      { path: "data.testFraction", label: "Test fraction", number: { min: 0.05, max: 0.9, step: "0.05" }, get: (c) => str(c.data.testFraction) },
    ],
  },
  {
    legend: "Run", controls: [
      { path: "seed", label: "Seed", number: { min: 0, step: "1" }, get: (c) => str(c.seed) },
      { path: "probes.every", label: "Record every n steps", number: { min: 1, step: "1" }, get: (c) => str(c.probes.every) },
      { path: "engine", label: "Engine", options: ["wasm", "simd", "reference"], get: (c) => c.engine },
    ],
  },
];

/** The control's id in the page: "c-model-depth". */
export const controlId = (path: string): string => `c-${path.replace(/\./g, "-")}`;

/**
 * The form of every control: a change is parsed and validated as the flags are (applyOverrides);
 * a bad value shows its message beside the control and leaves the config as it was.
 */
export class ControlsForm {
  readonly element: HTMLElement;
  private readonly rows: { spec: ControlSpec; row: HTMLElement; label: HTMLElement; input: HTMLInputElement | HTMLSelectElement; error: HTMLElement }[] = [];

  constructor(private config: Config, private readonly onChange: (c: Config) => void) {
    this.element = h("div", { class: "controls-form" }, ...controlGroups.map((g) => h("fieldset", {}, h("legend", {}, g.legend), ...g.controls.map((s) => this.row(s)))));
    this.refresh(config);
  }

  /** Shows a config's values (after a preset, a URL, a remedy). */
  refresh(config: Config): void {
    this.config = config;
    for (const { spec, row, label, input, error } of this.rows) {
      row.hidden = spec.visible !== undefined && !spec.visible(config);
      if (spec.labelOf !== undefined && !row.hidden) label.textContent = spec.labelOf(config);
      if (document.activeElement !== input || input instanceof HTMLSelectElement) input.value = spec.get(config);
      error.textContent = "";
      input.removeAttribute("aria-invalid");
    }
  }

  private row(spec: ControlSpec): HTMLElement {
    const id = controlId(spec.path);
    const error = h("span", { class: "error", id: `${id}-error`, "aria-live": "polite" });
    const input = spec.options !== undefined
      ? h("select", { id, name: spec.path, "aria-describedby": `${id}-error` }, ...spec.options.map((o) => h("option", { value: o }, o)))
      : h("input", { id, name: spec.path, type: "number", inputmode: "decimal", "aria-describedby": `${id}-error`, ...spec.number });
    input.addEventListener("change", () => this.changed(spec, input, error));
    const label = h("label", { for: id, title: spec.help ?? spec.path }, spec.label);
    const row = h("div", { class: "control" }, label, input, error);
    this.rows.push({ spec, row, label, input, error });
    return row;
  }

  private changed(spec: ControlSpec, input: HTMLInputElement | HTMLSelectElement, error: HTMLElement): void {
    try {
      const next = spec.set !== undefined ? spec.set(this.config, input.value) : over(this.config, spec.path, input.value, spec.label);
      this.onChange(next);
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      input.setAttribute("aria-invalid", "true");
    }
  }
}
