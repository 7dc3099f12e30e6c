import { GradscopeError } from "../core/errors.js";
import { resolveActivation, type ActivationSpec } from "./activations.js";
import { validateInit, type InitSpec } from "./initializers.js";

/** Where a normalization layer sits in a hidden layer: on h before φ, or on φ(h). */
export type NormPlacement = "before" | "after";

/** The normalization of every hidden layer. */
export interface NormSpec {
  kind: "none" | "batch" | "layer";
  placement: NormPlacement;
  eps: number;
  momentum: number;
  affine: boolean;
}

/**
 * Residual blocks: every `every` hidden layers form a block with an identity skip
 * (a bias-free projection where widths differ): out = P·u + scale·F(u). `norm` adds one
 * normalization per block (of norm.kind, or layer norm when that is "none"): "pre" normalizes
 * the branch input, out = P·u + scale·F(N(u)); "post" normalizes the sum, out = N(P·u + scale·F(u)).
 */
export interface ResidualSpec {
  every: number;
  /** Branch scale: a number, or "invSqrtDepth" for 1/√(number of blocks). */
  scale: number | "invSqrtDepth";
  norm: "none" | "pre" | "post";
  /** Project the skip with a bias-free linear map where a block changes width (default true); without it widths must match. */
  projection: boolean;
}

/** Everything that defines a network's shape and its initialization. */
export interface NetworkSpec {
  inputs: number;
  outputs: number;
  /** Hidden layer widths, first to last (depth = widths.length). */
  widths: number[];
  /** One activation for all hidden layers, or one per layer. */
  activation: string | ActivationSpec | (string | ActivationSpec)[];
  init: string | InitSpec;
  /** Initializer of the output head's weight (default: the hidden layers' init). */
  headInit?: string | InitSpec;
  biasInit: string | InitSpec;
  bias: boolean;
  norm: NormSpec;
  residual: ResidualSpec;
  /** Dropout rate after each hidden layer, in [0, 1). */
  dropout: number;
}

/** The defaults every field falls back to. */
export const defaultNetworkSpec: NetworkSpec = {
  inputs: 2,
  outputs: 2,
  widths: new Array<number>(8).fill(32),
  activation: "tanh",
  init: "xavierNormal",
  biasInit: "zeros",
  bias: true,
  norm: { kind: "none", placement: "before", eps: 1e-5, momentum: 0.1, affine: true },
  residual: { every: 0, scale: 1, norm: "none", projection: true },
  dropout: 0,
};

const positiveInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1;

/** The widths list of `depth` layers of `width` units. */
export function uniformWidths(depth: number, width: number, root = "model"): number[] {
  if (!positiveInt(depth)) throw new GradscopeError(`${root}.depth: ${JSON.stringify(depth)} is not allowed; expected an integer ≥ 1`);
  if (!positiveInt(width)) throw new GradscopeError(`${root}.width: ${JSON.stringify(width)} is not allowed; expected an integer ≥ 1`);
  return new Array<number>(depth).fill(width);
}

/**
 * Checks a spec, throwing an error that names the field path (under `root`), the value given
 * and what is allowed.
 */
export function validateNetworkSpec(spec: NetworkSpec, root = "model"): void {
  const fail = (field: string, value: unknown, allowed: string): never => {
    throw new GradscopeError(`${root}.${field}: ${JSON.stringify(value)} is not allowed; expected ${allowed}`);
  };
  if (!positiveInt(spec.inputs)) fail("inputs", spec.inputs, "an integer ≥ 1");
  if (!positiveInt(spec.outputs)) fail("outputs", spec.outputs, "an integer ≥ 1");
  if (!Array.isArray(spec.widths) || spec.widths.length === 0) fail("widths", spec.widths, "a non-empty list of layer widths");
  spec.widths.forEach((w, i) => {
    if (!positiveInt(w)) fail(`widths[${i}]`, w, "an integer ≥ 1 (a layer needs at least one unit)");
  });
  if (Array.isArray(spec.activation)) {
    if (spec.activation.length !== spec.widths.length) {
      fail("activation", spec.activation, `one activation, or a list of ${spec.widths.length} (one per hidden layer)`);
    }
    spec.activation.forEach((a, i) => resolveActivation(a, `${root}.activation[${i}]`));
  } else {
    resolveActivation(spec.activation, `${root}.activation`);
  }
  validateInit(spec.init, `${root}.init`);
  validateInit(spec.biasInit, `${root}.biasInit`);
  if (spec.headInit !== undefined) validateInit(spec.headInit, `${root}.headInit`);
  if (typeof spec.bias !== "boolean") fail("bias", spec.bias, "true or false");
  for (const key of ["norm", "residual"] as const) {
    if (typeof spec[key] !== "object" || spec[key] === null) fail(key, spec[key], "an object (see the defaults)");
  }
  const n = spec.norm;
  if (!["none", "batch", "layer"].includes(n.kind)) fail("norm.kind", n.kind, `"none", "batch" or "layer"`);
  if (!["before", "after"].includes(n.placement)) fail("norm.placement", n.placement, `"before" or "after" (the activation)`);
  if (!(n.eps > 0 && Number.isFinite(n.eps))) fail("norm.eps", n.eps, "a positive number");
  if (!(n.momentum >= 0 && n.momentum <= 1)) fail("norm.momentum", n.momentum, "a number in [0, 1]");
  if (typeof n.affine !== "boolean") fail("norm.affine", n.affine, "true or false");
  const r = spec.residual;
  if (!(Number.isInteger(r.every) && r.every >= 0)) fail("residual.every", r.every, "an integer ≥ 0 (0: no skip connections)");
  if (r.every > spec.widths.length) fail("residual.every", r.every, `at most the depth (${spec.widths.length})`);
  if (!(r.scale === "invSqrtDepth" || (typeof r.scale === "number" && Number.isFinite(r.scale)))) fail("residual.scale", r.scale, `a number or "invSqrtDepth"`);
  if (!["none", "pre", "post"].includes(r.norm)) fail("residual.norm", r.norm, `"none", "pre" or "post"`);
  if (typeof r.projection !== "boolean") fail("residual.projection", r.projection, "true or false");
  if (r.every > 0 && !r.projection) {
    residualBlocks(spec.widths.length, r.every).forEach(([start, end], j) => {
      const inWidth = start === 0 ? spec.inputs : spec.widths[start - 1];
      const outWidth = spec.widths[end - 1];
      if (inWidth !== outWidth) {
        fail("residual.projection", false, `true: block ${j} (hidden layers ${start + 1}–${end}) maps width ${inWidth} to ${outWidth}, so an identity skip cannot be added`);
      }
    });
  }
  if (!(spec.dropout >= 0 && spec.dropout < 1)) fail("dropout", spec.dropout, "a rate in [0, 1)");
}

/** The [start, end) hidden-layer ranges of the residual blocks: consecutive groups of `every` (the last may be shorter). */
export function residualBlocks(depth: number, every: number): [number, number][] {
  const blocks: [number, number][] = [];
  if (every <= 0) return blocks;
  for (let s = 0; s < depth; s += every) blocks.push([s, Math.min(depth, s + every)]);
  return blocks;
}
