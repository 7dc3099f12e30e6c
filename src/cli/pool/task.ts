import { signalRatioSeries } from "../../doctor/health.js";
import type { ExperimentConfig } from "../../experiment/config/types.js";
import { prepareData, type PreparedData } from "../../experiment/session/index.js";
import { RunStore } from "../../store/index.js";
import { readCsvFile } from "../config-source.js";
import { useNodeEngine } from "../engine.js";
import { silentProgress } from "../progress.js";
import { statusOf, trainWithStore } from "../train.js";

/** One run for a pool worker: its grid position and name, the resolved config, and the store file (null: not stored). */
export interface RunTask {
  index: number;
  name: string;
  config: ExperimentConfig;
  store: string | null;
}

/** What a worker reports of a run: status, final metrics, ‖δ_1‖/‖δ_L‖ at the first and last record, findings. */
export interface RunOutcome {
  index: number;
  name: string;
  runId: number | null;
  /** finished, diverged (NaN/Inf), interrupted, or failed (the run threw: see error). */
  status: "finished" | "diverged" | "interrupted" | "failed";
  steps: number;
  trainMs: number;
  /** Final train- and test-split loss and accuracy (NaN when not measured). */
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  /** ‖δ_1‖/‖δ_L‖ at the first and the last recorded step. */
  ratioFirst: number;
  ratioLast: number;
  findings: { kind: string; severity: string; title: string }[];
  engine: string;
  error?: string;
}

/** The prepared data of the last data config and seed (a worker's runs often share them). */
let cached: { key: string; data: PreparedData } | null = null;

async function dataFor(config: ExperimentConfig): Promise<PreparedData> {
  const key = JSON.stringify([config.data, config.seed, config.loss]);
  if (cached?.key !== key) cached = { key, data: await prepareData(config, readCsvFile) };
  return cached.data;
}

/**
 * Trains one task to its end on the config's engine, writing it to the store as it trains
 * (its own connection: SQLite WAL lets several workers write at once); `shouldStop` ends it as
 * interrupted. A run that throws comes back as status "failed" with the message.
 */
export async function runTask(task: RunTask, shouldStop: () => boolean): Promise<RunOutcome> {
  const empty = { index: task.index, name: task.name, runId: null, steps: 0, trainMs: 0, trainLoss: NaN, testLoss: NaN, testAccuracy: NaN, ratioFirst: NaN, ratioLast: NaN, findings: [], engine: task.config.engine };
  let store: RunStore | null = null;
  let engine: ReturnType<typeof useNodeEngine> | null = null;
  try {
    const data = await dataFor(task.config);
    store = task.store === null ? null : RunStore.open(task.store);
    engine = useNodeEngine(task.config.engine);
    const { result, runId } = await trainWithStore(task.config, data, { store, name: task.name, progress: silentProgress, shouldStop });
    const ratios = signalRatioSeries(result.recording);
    const count = result.recording.count;
    return {
      ...empty, runId, steps: result.steps, trainMs: result.trainMs, engine: engine.backend.name,
      status: statusOf(result),
      trainLoss: result.finalTrain.loss, testLoss: result.finalTest.loss, testAccuracy: result.finalTest.accuracy,
      ratioFirst: count > 0 ? ratios[0] : NaN, ratioLast: count > 0 ? ratios[count - 1] : NaN,
      findings: result.findings.map((f) => ({ kind: f.kind, severity: f.severity, title: f.title })),
    };
  } catch (e) {
    return { ...empty, status: "failed", error: e instanceof Error ? e.message : String(e) };
  } finally {
    engine?.release();
    store?.close();
  }
}
