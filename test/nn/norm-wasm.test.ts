// Batch and layer norm are fused ops that read and write tensor memory directly: on the wasm
// backends, where an allocation can grow the memory and detach older views, a deep normalized net
// must give finite gradients equal to the TypeScript reference within float32 rounding.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, Tape, referenceBackend, tensor, zeroGrad } from "../../src/core/index.js";
import { Network, defaultNetworkSpec, losses, uniformWidths } from "../../src/nn/index.js";
import { onBackend, wasmBackends } from "../helpers/backends.js";

/** ∂L/∂θ of every parameter after one forward/backward of a 12-layer net with `norm`, flattened. */
function gradients(kind: "batch" | "layer", training: boolean): number[] {
  const rng = new Rng(5);
  const net = new Network({
    ...defaultNetworkSpec, inputs: 20, outputs: 4, widths: uniformWidths(12, 96), activation: "tanh", init: "xavierNormal",
    norm: { ...defaultNetworkSpec.norm, kind },
  }, rng);
  const x = tensor(rng.normalArray(200 * 20), [200, 20]);
  const labels = Int32Array.from({ length: 200 }, (_, i) => i % 4);
  const tape = new Tape();
  try {
    tape.run(() => tape.backward(losses.softmaxCrossEntropy(net.forward(x, { training, rng }), labels)));
    const out: number[] = [];
    for (const p of net.parameters()) out.push(...(p.value.grad?.data ?? []));
    zeroGrad(net.parameters().map((p) => p.value));
    return out;
  } finally {
    tape.dispose();
    x.dispose();
    net.dispose();
  }
}

for (const kind of ["batch", "layer"] as const) {
  for (const training of [true, false]) {
    test(`${kind} norm (${training ? "training" : "evaluation"}): wasm gradients are finite and equal the reference`, () => {
      const ref = onBackend(referenceBackend, () => gradients(kind, training));
      for (const backend of wasmBackends()) {
        const got = onBackend(backend, () => gradients(kind, training));
        assert.equal(got.length, ref.length);
        let worst = 0, scale = 0;
        for (let i = 0; i < ref.length; i++) {
          assert.ok(Number.isFinite(got[i]), `${backend.name}: gradient ${i} is ${got[i]}`);
          worst = Math.max(worst, Math.abs(got[i] - ref[i]));
          scale = Math.max(scale, Math.abs(ref[i]));
        }
        assert.ok(worst <= 1e-3 * scale, `${backend.name}: max |Δ| ${worst} vs max |g| ${scale}`);
      }
    });
  }
}
