// Writes the gradscope side of the PyTorch interchange fixtures into test/fixtures/interop/ with
// our own code (from dist/: run `npx tsc -p tsconfig.json` first): two seeded networks saved by
// saveNetwork (gradscope-f64, gradscope-f32) and a batch x (gradscope-batch). Then
// `/usr/bin/python3 scripts/torch_interop.py` loads them into PyTorch and records its outputs.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng, tensor } from "../dist/src/core/index.js";
import { defaultNetworkSpec, Network } from "../dist/src/nn/index.js";
import { saveNetwork, writeTensors } from "../dist/src/nn/checkpoint.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "interop");
const norm = (kind, placement) => ({ ...defaultNetworkSpec.norm, kind, placement });

const models = {
  // batch norm before φ, residual blocks of 2 with projections, a batch norm after each block sum
  "gradscope-f64": {
    dtype: "float64",
    spec: { ...defaultNetworkSpec, inputs: 3, outputs: 2, widths: [4, 6, 6, 5], activation: "tanh", biasInit: { name: "normal", std: 0.1 },
      norm: norm("batch", "before"), residual: { every: 2, scale: "invSqrtDepth", norm: "post", projection: true } },
  },
  // layer norm after φ, one residual block with a projection and a layer norm on its input
  "gradscope-f32": {
    dtype: "float32",
    spec: { ...defaultNetworkSpec, inputs: 3, outputs: 2, widths: [5, 5, 4], activation: "relu", init: "heNormal", biasInit: { name: "normal", std: 0.1 },
      norm: norm("layer", "after"), residual: { every: 3, scale: 0.5, norm: "pre", projection: true } },
  },
};

mkdirSync(out, { recursive: true });
const rng = new Rng(7);
for (const [name, { dtype, spec }] of Object.entries(models)) {
  const net = new Network(spec, rng, dtype);
  // Non-trivial norm parameters, and running statistics from two training-mode passes.
  for (const p of net.parameters()) if (p.name.includes("norm.")) p.value.data.set(rng.normalArray(p.value.size, p.name.endsWith("weight") ? 1 : 0, 0.3));
  for (let i = 0; i < 2; i++) net.forward(tensor(rng.normalArray(16 * spec.inputs, 0.3, 1.5), [16, spec.inputs], dtype), { training: true, rng });
  writeFileSync(join(out, `${name}.safetensors`), saveNetwork(net));
}
const x = tensor(rng.normalArray(8 * 3), [8, 3], "float64");
writeFileSync(join(out, "gradscope-batch.safetensors"), writeTensors({ x }, "float64", { format: "pt" }));
console.log(`wrote ${Object.keys(models).join(", ")} and gradscope-batch to ${out}`);
