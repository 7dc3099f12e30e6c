import type { DType } from "../core/dtype.js";
import { GradscopeError, formatShape } from "../core/errors.js";
import { sameShape } from "../core/shape.js";
import { tensor, type Tensor } from "../core/tensor.js";
import { decodeSafetensors, encodeSafetensors, type DecodedTensor, type TensorToWrite } from "./io/safetensors.js";
import type { Network } from "./network.js";

/*
 * Checkpoints and tensor files in safetensors, with PyTorch's names (shared/DESIGN.md,
 * "Interchange with other frameworks"): a network's parameters and buffers as `layers.{i}.weight`
 * [out, in], `layers.{i}.bias`, `layers.{i}.norm.{weight,bias,running_mean,running_var}`,
 * `blocks.{j}.proj.weight`, `blocks.{j}.norm.*`, `head.weight`, `head.bias`.
 */

const fileDType = (dtype: DType) => (dtype === "float64" ? "F64" : "F32");

/**
 * Encodes named tensors as a safetensors file, each in `dtype` (default: its own), for batch
 * files (`x` [batch, features], `y`) and gradient files (`grad.P`, `delta.{i}` [batch, width]).
 *
 * @example
 * const bytes = writeTensors({ x, y }, "float64");
 */
export function writeTensors(record: Record<string, Tensor>, dtype?: DType, metadata: Record<string, string> = {}): Uint8Array {
  const out: Record<string, TensorToWrite> = {};
  for (const [name, t] of Object.entries(record)) out[name] = { dtype: fileDType(dtype ?? t.dtype), shape: t.shape, data: t.data };
  return encodeSafetensors(out, metadata);
}

/** Decodes a safetensors file into tensors: float32 for F32/F16/BF16, float64 for F64 and integer labels (I64, I32). */
export function readTensors(bytes: Uint8Array): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(decodeSafetensors(bytes).tensors)) {
    out[name] = tensor(t.data, t.shape, t.data instanceof Float32Array ? "float32" : "float64");
  }
  return out;
}

/** Every tensor a checkpoint of `net` holds: parameters, then batch norm running statistics. */
function stateOf(net: Network): { name: string; value: Tensor }[] {
  return [...net.parameters(), ...net.buffers()];
}

/**
 * Saves a network's parameters and buffers as safetensors (in the network's dtype unless `dtype`
 * is given), with PyTorch's names and layout so that `load_state_dict` reads it. The metadata
 * gets `format: "pt"` and `gradscope.spec` (the NetworkSpec as JSON) unless given.
 *
 * @example
 * const bytes = saveNetwork(net, { step: "1000" });
 */
export function saveNetwork(net: Network, metadata: Record<string, string> = {}, dtype: DType = net.dtype): Uint8Array {
  const record: Record<string, Tensor> = {};
  for (const { name, value } of stateOf(net)) record[name] = value;
  return writeTensors(record, dtype, { format: "pt", "gradscope.spec": JSON.stringify(net.spec), ...metadata });
}

// NOTE: PyTorch's BatchNorm1d keeps a step counter `num_batches_tracked` (I64 scalar) that our
// batch norm does not need (its momentum is fixed); a PyTorch file may carry it and it is skipped.
const isTorchCounter = (name: string, expected: Map<string, unknown>) =>
  name.endsWith(".num_batches_tracked") && expected.has(name.replace(/num_batches_tracked$/, "running_mean"));

/**
 * Loads a checkpoint into a network built from the same spec: every parameter and buffer must be
 * in the file with the same shape. Otherwise nothing is changed and one error lists every
 * missing, unexpected and mis-shaped tensor by name. Values are converted to the network's dtype.
 * Returns the file's metadata.
 *
 * @example
 * const net = new Network(spec, new Rng(0));
 * loadNetwork(bytes, net);
 */
export function loadNetwork(bytes: Uint8Array, net: Network): Record<string, string> {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const expected = new Map(stateOf(net).map((s) => [s.name, s.value]));
  const missing: string[] = [];
  const misShaped: string[] = [];
  for (const [name, value] of expected) {
    const found: DecodedTensor | undefined = tensors[name];
    if (found === undefined) missing.push(name);
    else if (!sameShape(found.shape, value.shape)) misShaped.push(`${name} is ${formatShape(found.shape)} in the file, ${formatShape(value.shape)} in the network`);
  }
  const unexpected = Object.keys(tensors).filter((name) => !expected.has(name) && !isTorchCounter(name, expected));
  if (missing.length + unexpected.length + misShaped.length > 0) {
    const lines = [
      missing.length > 0 ? `  missing from the file: ${missing.join(", ")}` : "",
      unexpected.length > 0 ? `  not in the network: ${unexpected.join(", ")}` : "",
      misShaped.length > 0 ? `  wrong shape: ${misShaped.join("; ")}` : "",
    ].filter((line) => line !== "");
    throw new GradscopeError(`loadNetwork: the checkpoint does not fit this network:\n${lines.join("\n")}\nBuild the network from the spec the file was saved with (its metadata "gradscope.spec").`);
  }
  for (const [name, value] of expected) value.data.set(tensors[name].data);
  return metadata;
}
