// Instruments observe and never change the numbers: a network trained with the Recorder at every
// step (all statistics and the sentinel) ends with bit-identical parameters to one trained without.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Recorder } from "../../src/probes/index.js";
import type { TrainingSpec } from "../../src/experiment/trainer.js";
import { allBackends, onBackend, problem, sgd } from "./helpers.js";

/** The parameters after `steps` steps, as raw float32 bits, with or without probes. */
function train(probed: boolean, steps: number, activation: string, clip: boolean, optimizer: TrainingSpec["optimizer"] = "sgd"): Map<string, Uint32Array> {
  const p = problem({ activation, widths: [6, 5, 4] }, sgd(0.5, { optimizer, ...(clip ? { clip: { kind: "globalNorm", threshold: 0.5 } } : {}) }));
  const recorder = probed ? new Recorder(p.trainer) : null;
  for (let s = 0; s < steps; s++) p.trainer.step(p.x, p.labels, p.rng, recorder?.hooksFor(p.labels));
  assert.equal(recorder?.recording.count ?? steps, steps);
  recorder?.dispose();
  const out = new Map(p.trainer.parameters.map((q) => [q.name, new Uint32Array(Float32Array.from(q.value.data).buffer)]));
  p.net.dispose();
  return out;
}

for (const backend of allBackends()) {
  for (const [activation, clip] of [["tanh", false], ["relu", true], ["sigmoid", false]] as const) {
    test(`probes do not change training (${backend.name}, ${activation}${clip ? ", clipped" : ""}): bit-identical parameters`, () => {
      onBackend(backend, () => {
        const without = train(false, 6, activation, clip);
        const withProbes = train(true, 6, activation, clip);
        for (const [name, bits] of without) assert.deepEqual(withProbes.get(name), bits, name);
      });
    });
  }
}

for (const backend of allBackends()) {
  for (const optimizer of [{ name: "sgd", momentum: 0.9, nesterov: true }, { name: "sgd", weightDecay: 0.1, decoupledWeightDecay: true }, "adamw", "rmsprop"] as const) {
    test(`probes do not change training with optimizer ${JSON.stringify(optimizer)} (${backend.name}): bit-identical parameters`, () => {
      onBackend(backend, () => {
        const without = train(false, 4, "tanh", false, optimizer);
        const withProbes = train(true, 4, "tanh", false, optimizer);
        for (const [name, bits] of without) assert.deepEqual(withProbes.get(name), bits, name);
      });
    });
  }
}
