import { add, mul } from "../core/ops/arithmetic.js";
import type { DType } from "../core/dtype.js";
import type { Rng } from "../core/rng.js";
import type { Tensor } from "../core/tensor.js";
import { applyActivation, resolveActivation, type ActivationSpec } from "./activations.js";
import { Dense } from "./dense.js";
import { dropout } from "./dropout.js";
import { residualBlocks, validateNetworkSpec, type NetworkSpec, type NormSpec } from "./network-spec.js";
import { BatchNorm, LayerNorm, type Norm } from "./normalization.js";
import type { Buffer, ForwardContext, Module, Parameter } from "./parameter.js";

/** One hidden layer l: h_l = W_l·a_{l−1} + b_l, then normalization and φ in the configured order. */
interface HiddenLayer {
  dense: Dense;
  norm: Norm | null;
  activation: Required<ActivationSpec>;
}

/** A residual block over hidden layers [start, end). */
interface Block {
  start: number;
  end: number;
  projection: Dense | null;
  norm: Norm | null;
}

/**
 * What one forward pass produced at hidden layer l, for the probes: `pre` = h_l (the dense
 * output, whose gradient is the backprop signal δ_l), `actIn` = the input of φ, `act` = φ's output.
 */
export interface LayerTrace {
  pre: Tensor;
  actIn: Tensor;
  act: Tensor;
}

/** The output of a traced forward pass: the network output and each hidden layer's tensors. */
export interface ForwardTrace {
  output: Tensor;
  layers: LayerTrace[];
}

function makeNorm(name: string, width: number, spec: NormSpec, kind: "batch" | "layer", dtype: DType): Norm {
  return kind === "batch" ? new BatchNorm(name, width, spec, dtype) : new LayerNorm(name, width, spec, dtype);
}

function applyNorm(norm: Norm, x: Tensor, ctx: ForwardContext): Tensor {
  return norm instanceof BatchNorm ? norm.forward(x, ctx) : norm.forward(x);
}

/**
 * A deep fully connected network built from a NetworkSpec: hidden layers of the given widths
 * with every remedy as a switch (activation, initializer, batch/layer norm before or after φ,
 * residual blocks with projection and branch scale, dropout) and a linear head.
 *
 * @example
 * const net = new Network({ ...defaultNetworkSpec, inputs: 2, outputs: 3, widths: uniformWidths(20, 64), activation: "relu", init: "heNormal" }, new Rng(1));
 * const { output, layers } = net.forwardTrace(x, { training: true, rng });
 */
export class Network implements Module {
  readonly layers: HiddenLayer[];
  readonly blocks: Block[];
  readonly head: Dense;
  readonly branchScale: number;

  constructor(readonly spec: NetworkSpec, rng: Rng, readonly dtype: DType = "float32") {
    validateNetworkSpec(spec);
    const acts = Array.isArray(spec.activation) ? spec.activation : spec.widths.map(() => spec.activation as string | ActivationSpec);
    const bias = spec.bias ? spec.biasInit : null;
    let inWidth = spec.inputs;
    this.layers = spec.widths.map((width, i) => {
      const dense = new Dense(`layers.${i}`, inWidth, width, rng, spec.init, bias, `model.layers[${i}]`, dtype);
      const norm = spec.norm.kind === "none" ? null : makeNorm(`layers.${i}.norm`, width, spec.norm, spec.norm.kind, dtype);
      inWidth = width;
      return { dense, norm, activation: resolveActivation(acts[i], `model.activation[${i}]`) };
    });
    const r = spec.residual;
    this.blocks = residualBlocks(spec.widths.length, r.every).map(([start, end], j) => {
      const from = start === 0 ? spec.inputs : spec.widths[start - 1];
      const to = spec.widths[end - 1];
      const projection = from === to ? null : new Dense(`blocks.${j}.proj`, from, to, rng, spec.init, null, `model.residual.block[${j}]`, dtype);
      const normWidth = r.norm === "pre" ? from : to;
      const kind = spec.norm.kind === "none" ? "layer" : spec.norm.kind;
      const norm = r.norm === "none" ? null : makeNorm(`blocks.${j}.norm`, normWidth, spec.norm, kind, dtype);
      return { start, end, projection, norm };
    });
    this.branchScale = r.scale === "invSqrtDepth" ? 1 / Math.sqrt(Math.max(1, this.blocks.length)) : r.scale;
    this.head = new Dense("head", inWidth, spec.outputs, rng, spec.headInit ?? spec.init, bias, "model.head", dtype);
  }

  /** Depth: the number of hidden layers. */
  get depth(): number {
    return this.layers.length;
  }

  /** The network output [batch, outputs] for x [batch, inputs]. */
  forward(x: Tensor, ctx: ForwardContext): Tensor {
    return this.forwardTrace(x, ctx).output;
  }

  /** The output and, for every hidden layer, h_l, φ's input and φ's output (all on the tape). */
  forwardTrace(x: Tensor, ctx: ForwardContext): ForwardTrace {
    const traces: LayerTrace[] = [];
    let a = x;
    let l = 0;
    const runLayers = (input: Tensor, end: number): Tensor => {
      let u = input;
      for (; l < end; l++) u = this.layerForward(this.layers[l], u, ctx, traces);
      return u;
    };
    if (this.blocks.length === 0) {
      a = runLayers(a, this.layers.length);
    } else {
      for (const block of this.blocks) {
        const skip = block.projection === null ? a : block.projection.forward(a);
        const branchIn = block.norm !== null && this.spec.residual.norm === "pre" ? applyNorm(block.norm, a, ctx) : a;
        const branch = runLayers(branchIn, block.end);
        const sum = add(skip, this.branchScale === 1 ? branch : mul(branch, this.branchScale));
        a = block.norm !== null && this.spec.residual.norm === "post" ? applyNorm(block.norm, sum, ctx) : sum;
      }
    }
    return { output: this.head.forward(a), layers: traces };
  }

  private layerForward(layer: HiddenLayer, input: Tensor, ctx: ForwardContext, traces: LayerTrace[]): Tensor {
    const pre = layer.dense.forward(input);
    const before = layer.norm !== null && this.spec.norm.placement === "before";
    const actIn = before ? applyNorm(layer.norm as Norm, pre, ctx) : pre;
    const act = applyActivation(layer.activation, actIn);
    traces.push({ pre, actIn, act });
    const out = layer.norm !== null && !before ? applyNorm(layer.norm, act, ctx) : act;
    return dropout(out, this.spec.dropout, ctx);
  }

  /** Every trainable parameter with its PyTorch-style name, hidden layers first, then blocks, then the head. */
  parameters(): Parameter[] {
    const ps: Parameter[] = [];
    for (const layer of this.layers) {
      ps.push(...layer.dense.parameters());
      if (layer.norm !== null) ps.push(...layer.norm.parameters());
    }
    for (const b of this.blocks) {
      if (b.projection !== null) ps.push(...b.projection.parameters());
      if (b.norm !== null) ps.push(...b.norm.parameters());
    }
    ps.push(...this.head.parameters());
    return ps;
  }

  /** Batch norm running statistics, named as PyTorch's buffers. */
  buffers(): Buffer[] {
    const bs: Buffer[] = [];
    for (const layer of this.layers) if (layer.norm !== null) bs.push(...layer.norm.buffers());
    for (const b of this.blocks) if (b.norm !== null) bs.push(...b.norm.buffers());
    return bs;
  }

  /** Releases every parameter, gradient and buffer. */
  dispose(): void {
    for (const p of this.parameters()) {
      p.value.grad?.dispose();
      p.value.dispose();
    }
    for (const b of this.buffers()) b.value.dispose();
  }
}

