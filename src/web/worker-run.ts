import { Rng } from "../core/rng.js";
import { toNetworkSpec } from "../experiment/config/adapters.js";
import type { ExperimentConfig } from "../experiment/config/types.js";
import { prepareData } from "../experiment/session/data.js";
import { ExperimentSession, type Evaluation } from "../experiment/session/session.js";
import { boundaryGrid, planePoints } from "./boundary.js";
import { gainPrediction, meanSquare } from "./prediction.js";
import { viewLayerMetrics, type PlanePoints, type ReadyInfo, type RecordsDelta, type RunUpdate, type ViewLayerMetric } from "./protocol.js";

/** Cells per side of the decision-boundary grid. */
export const BOUNDARY_SIDE = 48;

/**
 * One experiment session as the page's worker drives it: steps, and compact updates holding only
 * the records, evaluations and findings that are new since the previous update.
 */
export class WorkerRun {
  private sentRecords = 0;
  private sentEvaluations = 0;
  private stepMs = 0;
  private finished: RunUpdate["final"] = null;
  private finalFindings: RunUpdate["findings"] = null;
  private readonly plane: PlanePoints | null;
  private readonly boundaryRng = new Rng(0);
  /** Wall time of the latest decision-boundary grid, ms (the worker spaces the grids by it). */
  boundaryMs = 0;

  private constructor(readonly session: ExperimentSession, readonly info: ReadyInfo) {
    this.plane = info.plane;
  }

  /** Prepares the config's data and the session; `engine` names the kernels in use. */
  static async create(config: ExperimentConfig, engine: string): Promise<WorkerRun> {
    const data = await prepareData(config);
    const session = new ExperimentSession(config, data);
    const spec = toNetworkSpec(config, data.inputs, data.outputs);
    const rec = session.recorder.recording;
    const info: ReadyInfo = {
      depth: rec.depth, widths: [...spec.widths], layerInfo: rec.layerInfo.map((i) => ({ ...i })),
      totalSteps: session.totalSteps, description: data.description, classes: data.outputs === 1 ? 2 : data.outputs, engine,
      prediction: gainPrediction(spec, meanSquare(data.train.x)),
      plane: data.classification ? planePoints(data.train) : null,
      histogramEdges: Array.from(rec.histogram.edges),
    };
    return new WorkerRun(session, info);
  }

  /** Whether the session has ended (all steps, NaN/Inf, or stopped). */
  get done(): boolean {
    return this.finished !== null || this.session.done;
  }

  /** One training step; ends the session (final evaluations, findings) when it was the last. */
  step(): void {
    if (this.done) return;
    const t0 = performance.now();
    this.session.step();
    this.stepMs += performance.now() - t0;
  }

  /**
   * The update since the previous one. With `withBoundary` the decision boundary is recomputed
   * (2-D data), with `withFindings` the recording so far is diagnosed. At the end of the session
   * both are included and the session is finished (final evaluations, memory released).
   */
  update(withBoundary: boolean, withFindings: boolean): RunUpdate {
    const s = this.session;
    const ending = this.finished === null && s.done;
    const rec = s.recorder.recording;
    const from = this.sentRecords, to = rec.count;
    const layers = {} as Record<ViewLayerMetric, number[][]>;
    for (const m of viewLayerMetrics) layers[m] = rec.layers[m].map((a) => Array.from(a.subarray(from, to)));
    const records: RecordsDelta = {
      from, steps: Array.from(rec.steps.subarray(from, to)),
      loss: Array.from(rec.scalars.loss.subarray(from, to)), accuracy: Array.from(rec.scalars.accuracy.subarray(from, to)), layers,
    };
    this.sentRecords = to;
    const bins = rec.histogram.edges.length - 1;
    const histogram = to === 0 ? null : rec.histogram.counts.map((c) => Array.from(c.subarray((to - 1) * bins, to * bins)));
    let boundary = null;
    if (this.plane !== null && this.finished === null && (withBoundary || ending) && !rec.nonFinite) {
      const t0 = performance.now();
      boundary = boundaryGrid(s.net, this.plane, BOUNDARY_SIDE, this.boundaryRng);
      this.boundaryMs = performance.now() - t0;
    }
    let findings = withFindings || ending ? (this.finished === null ? s.diagnose() : this.finalFindings) : null;
    if (ending) {
      const result = s.finish();
      this.finished = { train: result.finalTrain, test: result.finalTest };
      this.finalFindings = result.findings;
      findings = result.findings;
    }
    const evaluations: Evaluation[] = s.evaluations.slice(this.sentEvaluations);
    this.sentEvaluations = s.evaluations.length;
    return {
      step: s.stepCount, status: s.status, records, histogram, evaluations, nonFinite: rec.nonFinite, boundary, findings,
      final: ending ? this.finished : null, stepsPerSecond: this.stepMs > 0 ? (s.stepCount / this.stepMs) * 1000 : 0,
    };
  }

  /** Releases the session (when the page resets or closes the run). */
  dispose(): void {
    if (this.finished === null) this.session.dispose();
  }
}
