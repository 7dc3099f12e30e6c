// The optimizers' report for the probes (measureNextStep): the sums Σθ², Σg², Σ(Δθ)² of each
// parameter's update, checked against float64 recomputations from copies (to 1e-12; to 67·2⁻²⁴
// where the wasm kernel sums float32 in float32 blocks, see axpySums), and the update itself
// bit-identical to an unmeasured one, for every rule, on every backend, for float32 and float64.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng, tensor, type DType } from "../../src/core/index.js";
import { createOptimizer, UPDATE_SUMS, UpdateSum, type OptimizerSpec, type OptimizerName } from "../../src/nn/optim/index.js";
import type { Parameter } from "../../src/nn/parameter.js";
import { allBackends, close, onBackend } from "./helpers.js";

/** Parameters of odd sizes (SIMD tails), the second without gradient; the same values for every seed use. */
function parameters(dtype: DType, seed: number): Parameter[] {
  const rng = new Rng(seed);
  return [37, 5, 64, 3].map((n, i) => {
    const value = tensor(rng.normalArray(n), [n], dtype);
    if (i !== 1) value.grad = tensor(rng.normalArray(n).map((g) => g * 3), [n], dtype);
    return { name: `p${i}`, value, decay: i % 2 === 0 };
  });
}

const rules: (OptimizerSpec | OptimizerName)[] = [
  "sgd", { name: "sgd", weightDecay: 0.1 }, { name: "sgd", momentum: 0.9, nesterov: true }, { name: "sgd", weightDecay: 0.2, decoupledWeightDecay: true },
  "rmsprop", { name: "rmsprop", centered: true, momentum: 0.5 }, "adam", { name: "adamw", amsgrad: true },
];

for (const backend of allBackends()) {
  for (const dtype of ["float32", "float64"] as const) {
    for (const rule of rules) {
      test(`measureNextStep reports exact update sums and leaves the update unchanged (${backend.name}, ${dtype}, ${JSON.stringify(rule)})`, () => {
        onBackend(backend, () => {
          const plain = parameters(dtype, 3), measured = parameters(dtype, 3);
          const a = createOptimizer(rule), b = createOptimizer(rule);
          const sums = new Float64Array(UPDATE_SUMS * measured.length);
          const tolerance = backend.name.startsWith("wasm") && dtype === "float32" ? 67 * 2 ** -24 : 1e-12;
          for (let step = 0; step < 3; step++) {
            a.step(plain, 0.07);
            const before = measured.map((p) => Float64Array.from(p.value.data));
            b.measureNextStep?.(sums);
            b.step(measured, 0.07);
            measured.forEach((p, i) => {
              assert.deepEqual(Array.from(p.value.data), Array.from(plain[i].value.data), `${p.name} step ${step}`);
              const at = UPDATE_SUMS * i, grad = p.value.grad;
              if (grad === null) {
                for (let k = 0; k < UPDATE_SUMS; k++) assert.ok(Number.isNaN(sums[at + k]));
                return;
              }
              const sq = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v * v, 0);
              close(sums[at + UpdateSum.Before], sq(before[i]), tolerance, "Σθ²");
              close(sums[at + UpdateSum.Grad], sq(grad.data), tolerance, "Σg²");
              close(sums[at + UpdateSum.Change], sq(Array.from(p.value.data, (v, k) => v - before[i][k])), tolerance, "Σ(Δθ)²");
              assert.ok(sums[at + UpdateSum.Change] > 0);
            });
          }
          // One step only: the next is not measured.
          sums.fill(-1);
          b.step(measured, 0.07);
          assert.ok(sums.every((v) => v === -1));
        });
      });
    }
  }
}

test("measureNextStep refuses a sums array too short for the parameters", () => {
  const opt = createOptimizer("sgd");
  opt.measureNextStep?.(new Float64Array(5));
  assert.throws(() => opt.step(parameters("float32", 1), 0.1), /measureNextStep got 5 slots for 4 parameters/);
});
