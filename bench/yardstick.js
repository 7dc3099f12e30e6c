// What the benchmarks share: the yardstick workloads of shared/DESIGN.md (float32 tanh MLP,
// 784 inputs, 10 classes, softmax cross-entropy, plain SGD at lr 0.01), the median, the
// warm-up, and a Trainer on the wasm backend as `gradscope run` trains.

/** The yardstick workloads: hidden layers × width, batch. */
export const WORKLOADS = { W1: { depth: 20, width: 256, batch: 128 }, W2: { depth: 10, width: 64, batch: 32 }, W3: { depth: 50, width: 128, batch: 64 } };
export const INPUTS = 784, CLASSES = 10, LR = 0.01;

/** The median of a list of numbers (the mean of the two middle ones for an even count). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * Runs `step` at least `steps` times and for at least `ms` milliseconds (V8 optimises a step's
 * JavaScript only after thousands of calls: 5 steps of W2 are 3 ms, far too few), or exactly
 * `exactly` times when given; returns how many steps it ran.
 */
export function warmUp(step, { steps, ms, exactly }) {
  const t0 = performance.now();
  let i = 0;
  if (exactly !== undefined) for (; i < exactly; i++) step();
  else for (; i < steps || performance.now() - t0 < ms; i++) step();
  return i;
}

/**
 * Loads the built library, makes the wasm backend ("auto" variant) current and returns the
 * modules with `setup(shape)`: a Trainer on a tanh network of the workload's shape (LeCun-normal
 * weights, zero biases) with one random batch, all from Rng(1).
 */
export async function wasmTrainers() {
  const core = await import("../dist/src/core/index.js");
  const nn = await import("../dist/src/nn/index.js");
  const { Trainer } = await import("../dist/src/experiment/trainer.js");
  const { Recorder } = await import("../dist/src/probes/index.js");
  const { createWasmBackend } = await import("../dist/src/core/kernels/wasm/index.js");
  const wasm = createWasmBackend();
  core.setBackend({ name: `wasm-${wasm.variant}`, kernels: wasm.kernels, allocator: wasm.allocator });
  const setup = ({ depth, width, batch }) => {
    const rng = new core.Rng(1);
    const spec = { ...nn.defaultNetworkSpec, inputs: INPUTS, outputs: CLASSES, widths: nn.uniformWidths(depth, width), activation: "tanh", init: "lecunNormal" };
    const trainer = new Trainer(new nn.Network(spec, rng), { loss: "softmaxCrossEntropy", optimizer: "sgd", lr: LR, schedule: "constant", clip: null, regularization: {} });
    const x = core.tensor(rng.normalArray(batch * INPUTS), [batch, INPUTS]);
    const labels = Int32Array.from({ length: batch }, () => rng.int(CLASSES));
    return { trainer, x, labels, rng };
  };
  return { core, Recorder, wasm, setup };
}
