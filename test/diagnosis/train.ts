// Real training for the integration tests: a Network trained by the Trainer on a 2-D data set
// drawn from the seeded Rng, observed by the probes' Recorder.
import { Rng, tensor } from "../../src/core/index.js";
import type { DiagnosisContext } from "../../src/diagnosis/index.js";
import { Trainer, type TrainingSpec } from "../../src/experiment/trainer.js";
import { Network, defaultNetworkSpec, type NetworkSpec } from "../../src/nn/index.js";
import { Recorder } from "../../src/probes/index.js";
import type { Recording } from "../../src/probes/recording.js";

/** Two classes in the plane: inside or outside the circle of radius 0.8 (x uniform in [−1.2, 1.2]²). */
export function rings(n: number, seed: number): { x: Float64Array; labels: Int32Array } {
  const rng = new Rng(seed);
  const x = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniformIn(-1.2, 1.2), b = rng.uniformIn(-1.2, 1.2);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    labels[i] = a * a + b * b < 0.64 ? 1 : 0;
  }
  return { x, labels };
}

/** A training run: the model (inputs/outputs fixed at 2), how it trains, steps and batch. */
export interface Run {
  model: Partial<NetworkSpec>;
  training?: Partial<TrainingSpec>;
  steps?: number;
  batch?: number;
  seed?: number;
}

/** The model and training specs of a run, with defaults (SGD, lr 0.1, no clipping). */
export function specsOf(run: Run): { model: NetworkSpec; training: TrainingSpec } {
  return {
    model: { ...defaultNetworkSpec, ...run.model, inputs: 2, outputs: 2 },
    training: { loss: "softmaxCrossEntropy", optimizer: "sgd", lr: 0.1, schedule: "constant", clip: null, regularization: {}, ...run.training },
  };
}

/** The diagnosis context of a run: its full config. */
export function contextOf(run: Run): DiagnosisContext {
  const { model, training } = specsOf(run);
  return { model, training };
}

/** Trains a run (default 150 steps of batch 64) with the Recorder attached; stops at the first NaN/Inf. */
export function train(run: Run): Recording {
  const { model, training } = specsOf(run);
  const seed = run.seed ?? 1;
  const rng = new Rng(seed);
  const net = new Network(model, rng.fork(1));
  const trainer = new Trainer(net, training);
  const recorder = new Recorder(trainer);
  const data = rings(1024, seed + 100);
  const batch = run.batch ?? 64;
  const pick = rng.fork(2);
  const xb = new Float64Array(2 * batch);
  try {
    for (let s = 0; s < (run.steps ?? 150) && !recorder.stopped; s++) {
      const yb = new Int32Array(batch);
      for (let i = 0; i < batch; i++) {
        const k = pick.int(1024);
        xb[2 * i] = data.x[2 * k];
        xb[2 * i + 1] = data.x[2 * k + 1];
        yb[i] = data.labels[k];
      }
      const x = tensor(xb, [batch, 2]);
      trainer.step(x, yb, pick, recorder.hooksFor(yb));
      x.dispose();
    }
  } finally {
    net.dispose();
  }
  return recorder.recording;
}
