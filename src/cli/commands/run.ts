import { parseArgs } from "node:util";
import { GradscopeError } from "../../core/errors.js";
import type { ClipSpec } from "../../nn/clipping.js";
import { defaultNetworkSpec, uniformWidths } from "../../nn/network-spec.js";
import { spirals } from "../../experiment/datasets/spirals.js";
import { trainClassifier, type StepRecord } from "../../experiment/train-classifier.js";
import { numberFlag } from "../args.js";
import { useEngine } from "../engine.js";
import { depthProfile } from "../depth-profile.js";
import type { Command } from "../command.js";

/** Help text of `gradscope run`. */
export const runHelp = `gradscope run — train a deep MLP and show where its gradient vanishes or explodes

Usage: gradscope run [options]

Trains on the built-in 2-D spirals data (3 classes, 600 points, from the seed) with softmax
cross-entropy and plain SGD, and prints the loss and the per-layer backprop signal
‖δ_l‖ = ‖∂L/∂h_l‖ at the first and the last step.

Options:
  --depth N          hidden layers (default 20)
  --width N          units per hidden layer (default 32)
  --activation NAME  sigmoid, tanh, relu, leakyRelu, elu, selu, gelu, silu, softplus, hardTanh, identity (default tanh)
  --init NAME        weight initializer: xavierNormal (default), heNormal, lecunNormal, standard,
                     orthogonal, normal, … (see the initializer table)
  --norm KIND        none (default), batch or layer normalization before each activation
  --residual K       a skip connection around every K hidden layers (default 0: none)
  --optimizer NAME   sgd (default), rmsprop, adam or adamw
  --clip-norm X      clip the global gradient norm to X
  --clip-value X     clip every gradient element to [−X, X]
  --l2 X             L2 penalty (X/2)·Σw² on the weights
  --steps N          training steps (default 300)
  --batch N          minibatch size (default 64)
  --lr X             learning rate (default 0.05)
  --seed N           seed of data, weights and batches (default 1)
  --engine NAME      wasm (default), simd, relaxed-simd or reference
  --json             one JSON object per step instead of text

Examples:
  gradscope run
  gradscope run --activation sigmoid --depth 30
  gradscope run --activation relu --init heNormal --depth 50
  gradscope run --activation sigmoid --depth 30 --residual 2
`;

/** `gradscope run`: trains and prints progress and the depth profile of ‖δ_l‖. */
function runAction(argv: string[], out: (line: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      depth: { type: "string" }, width: { type: "string" }, activation: { type: "string" },
      init: { type: "string" }, norm: { type: "string" }, residual: { type: "string" }, optimizer: { type: "string" }, "clip-norm": { type: "string" },
      "clip-value": { type: "string" }, l2: { type: "string" }, steps: { type: "string" }, batch: { type: "string" },
      lr: { type: "string" }, seed: { type: "string" }, engine: { type: "string" }, json: { type: "boolean" },
    },
    strict: true,
  });
  const depth = numberFlag("depth", values.depth, 20);
  const width = numberFlag("width", values.width, 32);
  const config = {
    seed: numberFlag("seed", values.seed, 1),
    network: {
      ...defaultNetworkSpec,
      widths: uniformWidths(depth, width),
      activation: values.activation ?? "tanh",
      init: values.init ?? "xavierNormal",
      norm: { ...defaultNetworkSpec.norm, kind: (values.norm ?? "none") as "none" },
      residual: { ...defaultNetworkSpec.residual, every: numberFlag("residual", values.residual, 0) },
    },
    training: {
      optimizer: (values.optimizer ?? "sgd") as "sgd",
      lr: numberFlag("lr", values.lr, 0.05),
      schedule: "constant" as const,
      clip: clipOf(values["clip-norm"], values["clip-value"]),
      regularization: { l2: numberFlag("l2", values.l2, 0) },
    },
    steps: numberFlag("steps", values.steps, 300),
    batch: numberFlag("batch", values.batch, 64),
  };
  const engine = useEngine(values.engine ?? "wasm");
  const data = spirals(600, 3, 0.2, config.seed);
  const json = values.json === true;
  const n = config.network;
  if (!json) out(`gradscope run: ${depth}×${width} ${String(n.activation)} MLP, init ${String(n.init)}, norm ${n.norm.kind}, residual ${n.residual.every || "none"}, on ${data.name} (${data.n} points), ${config.training.optimizer} lr ${config.training.lr}, batch ${config.batch}, seed ${config.seed}, engine ${engine.name}`);
  let first: StepRecord | null = null;
  let last: StepRecord | null = null;
  const started = performance.now();
  const every = Math.max(1, Math.round(config.steps / 10));
  trainClassifier(config, data, (r) => {
    first ??= r;
    last = r;
    if (json) out(JSON.stringify(r));
    else if (r.step === 1 || r.step % every === 0 || r.step === config.steps) {
      const ms = (performance.now() - started) / r.step;
      out(`step ${String(r.step).padStart(6)}  loss ${r.loss.toFixed(4)}  accuracy ${(100 * r.accuracy).toFixed(1).padStart(5)}%  ${ms.toFixed(2)} ms/step`);
    }
  });
  if (!json && first !== null && last !== null) {
    out("");
    for (const line of depthProfile(first, last)) out(line);
  }
  return 0;
}

/** The clipping rule from --clip-norm / --clip-value (at most one). */
function clipOf(norm: string | undefined, value: string | undefined): ClipSpec | null {
  if (norm !== undefined && value !== undefined) throw new GradscopeError("--clip-norm and --clip-value: give one of them, not both");
  if (norm !== undefined) return { kind: "globalNorm", threshold: numberFlag("clip-norm", norm, 0) };
  if (value !== undefined) return { kind: "value", threshold: numberFlag("clip-value", value, 0) };
  return null;
}

/** `gradscope run`. */
export const runCommand: Command = { name: "run", summary: "train a deep MLP and show the per-layer gradient profile", help: runHelp, run: (argv, io) => runAction(argv, io.out) };
