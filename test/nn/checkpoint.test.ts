// Checkpoints and tensor files: PyTorch's names and layout, exact save → load round trips, one
// error listing every mismatch, and interchange with PyTorch 1.13 through the committed files of
// test/fixtures/interop/ (written by scripts/make_interop_model.js and scripts/torch_interop.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { GradscopeError, Rng, tensor, type DType, type Tensor } from "../../src/core/index.js";
import { loadNetwork, readTensors, saveNetwork, writeTensors } from "../../src/nn/checkpoint.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/nn/io/safetensors.js";
import { defaultNetworkSpec, Network, type NetworkSpec } from "../../src/nn/index.js";

/** A tensor as the Python script writes it; "inf", "-inf", "nan" stand for the non-finite values. */
interface Packed { shape: number[]; data: (number | string)[] }
/** What PyTorch computed for one model: outputs in eval mode, in train mode, and the running statistics after. */
interface Outputs { eval: Packed; train: Packed; running: Record<string, Packed> }

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/interop/${name}`, import.meta.url));
const bytesOf = (name: string) => new Uint8Array(fixture(name));
const jsonOf = <T>(name: string) => JSON.parse(fixture(name).toString("utf8")) as T;
const numbers = (p: Packed) => p.data.map((v) => (typeof v === "number" ? v : Number(v.replace("inf", "Infinity"))));

const spec = (over: Partial<NetworkSpec>): NetworkSpec => ({ ...defaultNetworkSpec, inputs: 3, outputs: 2, widths: [4, 5], ...over });
const batchNorm = { ...defaultNetworkSpec.norm, kind: "batch" as const };
const residualSpec = spec({ widths: [4, 6, 6, 5], norm: batchNorm, residual: { every: 2, scale: 0.5, norm: "post", projection: true } });

/** Every parameter and buffer of a network by name. */
function stateOf(net: Network): Map<string, Tensor> {
  return new Map([...net.parameters(), ...net.buffers()].map((p) => [p.name, p.value]));
}

/** Eval-mode output, then train-mode output (which moves batch norm's running statistics). */
function outputs(net: Network, x: Tensor): { eval: number[]; train: number[] } {
  const rng = new Rng(0);
  return { eval: net.forward(x, { training: false, rng }).toArray(), train: net.forward(x, { training: true, rng }).toArray() };
}

/** |a − b| ≤ 1e-10·max(|a|,|b|) in float64; in float32 1e-5 relative, with a floor of 1e-6 of the largest |b|. */
function assertClose(what: string, actual: ArrayLike<number>, expected: number[], dtype: DType): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const [rtol, floor] = dtype === "float64" ? [1e-10, 1e-14] : [1e-5, 1e-6 * Math.max(...expected.map(Math.abs))];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], b = expected[i];
    assert.ok(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + floor, `${what}[${i}] (${dtype}): ours ${a}, PyTorch ${b}`);
  }
}

test("writeTensors / readTensors round trip batch and gradient files, scalars included", () => {
  const rng = new Rng(5);
  const record = {
    x: tensor(rng.normalArray(12), [4, 3], "float64"),
    y: tensor([0, 2, 1, 1], [4], "float64"),
    "grad.layers.0.weight": tensor(rng.normalArray(6), [2, 3]),
    "delta.0": tensor(rng.normalArray(8), [4, 2]),
    loss: tensor([0.75], [], "float64"),
  };
  const back = readTensors(writeTensors(record));
  for (const [name, t] of Object.entries(record)) {
    assert.equal(back[name].dtype, t.dtype, name);
    assert.deepEqual(back[name].shape, t.shape, name);
    assert.deepEqual(back[name].toArray(), t.toArray(), name);
  }
  const as32 = readTensors(writeTensors(record, "float32"));
  assert.equal(as32.x.dtype, "float32");
  assert.deepEqual(as32.x.toArray(), record.x.toArray().map(Math.fround));
  assert.deepEqual(decodeSafetensors(writeTensors({ x: record.x }, undefined, { step: "3" })).metadata, { step: "3" });
});

test("a checkpoint holds exactly PyTorch's names and [out, in] shapes", () => {
  const net = new Network(spec({ norm: batchNorm, residual: { every: 1, scale: 1, norm: "pre", projection: true } }), new Rng(1));
  const { tensors, metadata } = decodeSafetensors(saveNetwork(net));
  const shapes = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape]));
  assert.deepEqual(shapes, {
    "layers.0.weight": [4, 3], "layers.0.bias": [4], "layers.0.norm.weight": [4], "layers.0.norm.bias": [4],
    "layers.1.weight": [5, 4], "layers.1.bias": [5], "layers.1.norm.weight": [5], "layers.1.norm.bias": [5],
    "blocks.0.proj.weight": [4, 3], "blocks.0.norm.weight": [3], "blocks.0.norm.bias": [3],
    "blocks.1.proj.weight": [5, 4], "blocks.1.norm.weight": [4], "blocks.1.norm.bias": [4],
    "head.weight": [2, 5], "head.bias": [2],
    "layers.0.norm.running_mean": [4], "layers.0.norm.running_var": [4], "layers.1.norm.running_mean": [5], "layers.1.norm.running_var": [5],
    "blocks.0.norm.running_mean": [3], "blocks.0.norm.running_var": [3], "blocks.1.norm.running_mean": [4], "blocks.1.norm.running_var": [4],
  });
  assert.ok(Object.values(tensors).every((t) => t.dtype === "F32"));
  assert.equal(metadata.format, "pt");
  assert.deepEqual(JSON.parse(metadata["gradscope.spec"]), net.spec);
});

for (const dtype of ["float32", "float64"] as const) {
  test(`save → load (${dtype}): bit-identical parameters and buffers, identical outputs, metadata returned`, () => {
    const rng = new Rng(2);
    const a = new Network(residualSpec, new Rng(1), dtype);
    for (let i = 0; i < 3; i++) a.forward(tensor(rng.normalArray(24, 0.5, 2), [8, 3], dtype), { training: true, rng });
    const b = new Network(residualSpec, new Rng(99), dtype);
    const meta = loadNetwork(saveNetwork(a, { step: "3" }), b);
    assert.equal(meta.step, "3");
    const sa = stateOf(a), sb = stateOf(b);
    for (const [name, t] of sa) assert.deepEqual(sb.get(name)?.data, t.data, name);
    const x = tensor(rng.normalArray(15), [5, 3], dtype);
    assert.deepEqual(outputs(b, x), outputs(a, x));
    assert.deepEqual(saveNetwork(b, { step: "3" }), saveNetwork(a, { step: "3" }));
  });
}

test("a float32 network saved as F64 loads back exactly; an F64 file loads into a float32 network rounded", () => {
  const a = new Network(residualSpec, new Rng(1));
  const b = new Network(residualSpec, new Rng(2));
  loadNetwork(saveNetwork(a, {}, "float64"), b);
  for (const [name, t] of stateOf(a)) assert.deepEqual(stateOf(b).get(name)?.data, t.data, name);
  const wide = new Network(residualSpec, new Rng(3), "float64");
  loadNetwork(saveNetwork(wide), b);
  for (const [name, t] of stateOf(wide)) assert.deepEqual(Array.from(stateOf(b).get(name)?.data ?? []), Array.from(t.data, Math.fround), name);
});

test("a checkpoint of another shape is refused with every missing, unexpected and mis-shaped name, and nothing loaded", () => {
  const file = saveNetwork(new Network(spec({ norm: batchNorm }), new Rng(1)));
  const net = new Network(spec({ widths: [4, 6, 6] }), new Rng(2));
  const before = stateOf(net).get("layers.0.weight")?.toArray();
  assert.throws(() => loadNetwork(file, net), (e: unknown) => {
    assert.ok(e instanceof GradscopeError);
    assert.match(e.message, /\n {2}missing from the file: layers\.2\.weight, layers\.2\.bias\n/);
    assert.match(e.message, /not in the network: layers\.0\.norm\.weight, layers\.0\.norm\.bias, layers\.1\.norm\.weight, layers\.1\.norm\.bias, layers\.0\.norm\.running_mean, layers\.0\.norm\.running_var, layers\.1\.norm\.running_mean, layers\.1\.norm\.running_var\n/);
    assert.match(e.message, /wrong shape: layers\.1\.weight is \[5, 4\] in the file, \[6, 4\] in the network; layers\.1\.bias is \[5\] in the file, \[6\] in the network; head\.weight is \[2, 5\] in the file, \[2, 6\] in the network\n/);
    return true;
  });
  assert.deepEqual(stateOf(net).get("layers.0.weight")?.toArray(), before);
  assert.throws(() => loadNetwork(file.subarray(0, 40), net), /safetensors: header length \d+ goes beyond the file/);
});

test("PyTorch's num_batches_tracked is skipped beside a batch norm, and unexpected anywhere else", () => {
  const net = new Network(spec({ norm: batchNorm }), new Rng(1));
  const { tensors } = decodeSafetensors(saveNetwork(net));
  const withCounter = (name: string) => encodeSafetensors({
    ...Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, { dtype: "F32" as const, shape: t.shape, data: t.data }])),
    [name]: { dtype: "F64", shape: [], data: [7] },
  });
  loadNetwork(withCounter("layers.1.norm.num_batches_tracked"), net);
  assert.throws(() => loadNetwork(withCounter("layers.7.norm.num_batches_tracked"), net), /not in the network: layers\.7\.norm\.num_batches_tracked\n/);
});

/** A network built from the spec a file carries, in the file's float dtype, with the file loaded. */
function networkFrom(bytes: Uint8Array): Network {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const dtype = tensors["head.weight"].dtype === "F64" ? "float64" : "float32";
  const net = new Network(JSON.parse(metadata["gradscope.spec"]) as NetworkSpec, new Rng(0), dtype);
  loadNetwork(bytes, net);
  return net;
}

/** Our outputs on x against PyTorch's: eval, train, then the running statistics the train pass left. */
function assertSameAsTorch(name: string, net: Network, x: Tensor, torch: Outputs): void {
  const ours = outputs(net, x);
  assertClose(`${name} eval`, ours.eval, numbers(torch.eval), net.dtype);
  assertClose(`${name} train`, ours.train, numbers(torch.train), net.dtype);
  const state = stateOf(net);
  for (const [buffer, p] of Object.entries(torch.running)) assertClose(`${name} ${buffer}`, state.get(buffer)?.data ?? [], numbers(p), net.dtype);
}

test("files written by PyTorch load into a Network that reproduces PyTorch's outputs", () => {
  const expected = jsonOf<{ outputs: Record<string, Outputs> }>("torch-expected.json");
  const batch = readTensors(bytesOf("torch-batch.safetensors"));
  assert.deepEqual(batch.y.toArray().every(Number.isInteger), true);
  for (const name of ["torch-f64", "torch-f32"]) {
    const bytes = bytesOf(`${name}.safetensors`);
    const net = networkFrom(bytes);
    const file = decodeSafetensors(bytes).tensors;
    for (const [p, t] of stateOf(net)) assert.deepEqual(t.data, file[p].data, `${name} ${p} is bit-identical to the file`);
    assertSameAsTorch(name, net, net.dtype === "float64" ? batch.x : tensor(batch.x.data, batch.x.shape, "float32"), expected.outputs[name]);
  }
});

test("files written by gradscope load into PyTorch (strict) with the same outputs, and are what saveNetwork writes", () => {
  const torch = jsonOf<{ files: Record<string, { metadata: Record<string, string>; tensors: Record<string, { dtype: string; shape: number[] }> }>; outputs: Record<string, Outputs> }>("gradscope-torch.json");
  const x64 = readTensors(bytesOf("gradscope-batch.safetensors")).x;
  for (const name of ["gradscope-f64", "gradscope-f32"]) {
    const bytes = bytesOf(`${name}.safetensors`);
    const { tensors, metadata } = decodeSafetensors(bytes);
    assert.deepEqual(torch.files[name].metadata, metadata);
    assert.deepEqual(torch.files[name].tensors, Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape }])));
    const net = networkFrom(bytes);
    assert.deepEqual(saveNetwork(net), bytes, `${name}: our writer reproduces the file PyTorch read, byte for byte`);
    assertSameAsTorch(name, net, net.dtype === "float64" ? x64 : tensor(x64.data, x64.shape, "float32"), torch.outputs[name]);
  }
});

test("F16, BF16, F32, I32, I64, scalar and empty tensors written by PyTorch read as PyTorch reads them", () => {
  const { dtypes } = jsonOf<{ dtypes: Record<string, Packed & { dtype: string }> }>("torch-expected.json");
  const { tensors } = decodeSafetensors(bytesOf("torch-dtypes.safetensors"));
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(dtypes).sort());
  for (const [name, want] of Object.entries(dtypes)) {
    assert.equal(tensors[name].dtype, want.dtype, name);
    assert.deepEqual(tensors[name].shape, want.shape, name);
    assert.deepEqual(Array.from(tensors[name].data), numbers(want), name);
  }
});
