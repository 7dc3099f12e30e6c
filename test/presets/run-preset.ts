// Shared by the preset tests: run a preset's quick configs on the wasm engine and read the recordings.
import { after } from "node:test";
import {
  ExperimentSession, prepareData, presetConfigs, runExperiment, useEngine,
  type ExperimentConfig, type PreparedData, type PresetConfigOptions, type SessionResult,
} from "../../src/experiment/index.js";
import type { LayerMetric, Recording } from "../../src/probes/index.js";

const engine = useEngine("wasm");
after(() => engine.release());

const dataCache = new Map<string, PreparedData>();

/** The prepared data of a config, shared by runs with the same data section and seed. */
export async function dataOf(config: ExperimentConfig): Promise<PreparedData> {
  const key = JSON.stringify([config.seed, config.data, config.loss]);
  let data = dataCache.get(key);
  if (data === undefined) dataCache.set(key, (data = await prepareData(config)));
  return data;
}

/** Every run of a preset (quick unless told), trained to the end: label → result. */
export async function runPreset(name: string, options: PresetConfigOptions = { quick: true }): Promise<Map<string, SessionResult>> {
  const results = new Map<string, SessionResult>();
  for (const { label, config } of presetConfigs(name, options)) results.set(label, await runExperiment(config, await dataOf(config)));
  return results;
}

/** One run of a preset (quick), trained to the end. */
export async function runOne(name: string, label: string): Promise<SessionResult> {
  const config = presetRun(name, label);
  return runExperiment(config, await dataOf(config));
}

/** The quick config of one run of a preset. */
export function presetRun(name: string, label: string): ExperimentConfig {
  const run = presetConfigs(name, { quick: true }).find((r) => r.label === label);
  if (run === undefined) throw new Error(`${name} has no run "${label}"`);
  return run.config;
}

/** The recording after the first training step of a config (its statistics at initialization). */
export async function firstStep(config: ExperimentConfig): Promise<Recording> {
  const session = new ExperimentSession(config, await dataOf(config));
  session.step();
  return session.finish().recording;
}

/** A layer metric at record r for layers 1…L (r < 0 counts from the last record). */
export function layerColumn(rec: Recording, metric: LayerMetric, r = 0): number[] {
  const i = r < 0 ? rec.count + r : r;
  return Array.from({ length: rec.depth }, (_, l) => rec.layers[metric][l][i]);
}

/** ‖δ_1‖/‖δ_L‖ at record r. */
export function inputToTopRatio(rec: Recording, r = 0): number {
  const d = layerColumn(rec, "deltaNorm", r);
  return d[0] / d[d.length - 1];
}

/** Geometric mean over layers of the per-layer gain ‖δ_l‖/‖δ_(l+1)‖ at record r: (‖δ_1‖/‖δ_L‖)^(1/(L−1)). */
export function meanGain(rec: Recording, r = 0): number {
  return inputToTopRatio(rec, r) ** (1 / (rec.depth - 1));
}

/** |a/b − 1|. */
export const relativeError = (a: number, b: number): number => Math.abs(a / b - 1);

/** Mean of a list. */
export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
