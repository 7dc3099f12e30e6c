// Shared by the report tests: real short trainings turned into ReportRuns (memoized per config).
import { ExperimentSession, prepareData, resolveConfig } from "../../src/experiment/index.js";
import type { ReportRun } from "../../src/report/index.js";

const cache = new Map<string, Promise<ReportRun>>();

/** A run trained to the end by an ExperimentSession on the config (resolved from a partial). */
export function trained(name: string, partial: Record<string, unknown>): Promise<ReportRun> {
  const key = JSON.stringify(partial);
  if (!cache.has(key)) {
    cache.set(key, (async () => {
      const config = resolveConfig(partial);
      const data = await prepareData(config);
      const s = new ExperimentSession(config, data);
      while (!s.done) s.step();
      const r = s.finish();
      return {
        name, status: r.status, config, recording: r.recording, findings: r.findings, evaluations: r.evaluations,
        data: data.description, inputs: data.inputs, outputs: data.outputs, finalTest: r.finalTest, steps: r.steps, trainMs: r.trainMs,
      };
    })());
  }
  return cache.get(key)!;
}

/** A small sigmoid net whose signal vanishes toward the input (findings expected). */
export const sigmoidRun = () => trained("sigmoid-6", {
  model: { depth: 6, width: 16, activation: "sigmoid" }, train: { steps: 40, batch: 32, evalEvery: 10 }, probes: { every: 2 },
});

/** A small ReLU net with He init (healthy). */
export const reluRun = () => trained("relu-6", {
  model: { depth: 6, width: 16, activation: "relu", init: "heNormal" }, train: { steps: 40, batch: 32, evalEvery: 10 }, probes: { every: 2 },
});

/** A ReLU net with a huge learning rate: NaN/Inf within a few steps. */
export const divergedRun = () => trained("diverged", {
  model: { depth: 6, width: 16, activation: "relu", init: "heNormal" }, optimizer: { name: "sgd", lr: 100 }, train: { steps: 40, batch: 32, evalEvery: 10 }, probes: { every: 1 },
});

/** The JSON data block embedded in a report. */
export function embeddedData(html: string): { runs: { name: string; profiles: { step: number; deltaNorm: (number | string)[] }[]; gains: { predicted: number[] | null; measured: (number | string)[] } }[]; heat: Record<string, { steps: number[]; layers: number; f32: string }> } {
  const m = /<script type="application\/json" id="gradscope-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error("no embedded data block");
  return JSON.parse(m[1]);
}

/** Every URL in a src or href attribute, and whether the page calls fetch or XMLHttpRequest. */
export function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith("#") && !u.startsWith("data:"));
  if (/\bfetch\s*\(|XMLHttpRequest|import\s*\(/.test(html)) refs.push("fetch/XMLHttpRequest/import() call");
  if (/https?:\/\//.test(html.replace(/\bxmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ""))) refs.push("an http(s) URL in the text");
  return refs;
}

/** Heatmap cell (layer l, column c), 0-based, of an embedded heatmap (base64 little-endian float32, layer-major). */
export function heatCell(heat: { steps: number[]; f32: string }, l: number, c: number): number {
  return Buffer.from(heat.f32, "base64").readFloatLE((l * heat.steps.length + c) * 4);
}
