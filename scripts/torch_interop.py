"""safetensors interchange between gradscope and PyTorch: the fixtures of test/nn/checkpoint.test.ts.

Run with Debian's Python, which has PyTorch 1.13: `/usr/bin/python3 scripts/torch_interop.py`
after `node scripts/make_interop_model.js` (which writes the gradscope-*.safetensors files with
our own code, from dist/). Everything lands in test/fixtures/interop/:

(a) PyTorch reads our files: gradscope-{f64,f32}.safetensors are loaded into torch models of
    nn.Linear (+ norm) layers with `load_state_dict(strict=True)`, and their outputs on `x` of
    gradscope-batch.safetensors (eval mode; then train mode, then the running statistics that the
    train step left) are written to gradscope-torch.json, with the names, dtypes and shapes PyTorch
    parsed. The reader checks the layout rules of the reference implementation (header padded to a
    multiple of 8, tensors tiling the data section exactly).
(b) PyTorch writes files for us: torch-{f64,f32}.safetensors (a state_dict with fixed seeded
    weights, `num_batches_tracked` included, the spec as metadata "gradscope.spec"),
    torch-batch.safetensors (x F64, y I64 labels), torch-dtypes.safetensors (F16, BF16, I32, I64,
    F32 values) and torch-expected.json (the outputs as (a), and the dtype values as PyTorch reads
    them). The writer is our own minimal one (the `safetensors` package is not installed here).

Numbers in JSON are Python's repr (the shortest string that reads back as the same float64);
non-finite values are the strings "inf", "-inf", "nan".
"""

import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "interop")
DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}
NAMES = {v: k for k, v in DTYPES.items()}
assert sys.byteorder == "little", "the raw tensor bytes below are taken as little-endian"


# ---- a minimal safetensors reader and writer ----

def read_safetensors(path):
    """(tensors in file order, metadata), checking the reference implementation's layout rules."""
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    assert n % 8 == 0, f"{path}: header length {n} is not a multiple of 8"
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = buf[8 + n:]
    cursor = 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = e["data_offsets"]
        assert begin == cursor, f"{path}: {name} starts at {begin}, expected {cursor}"
        size = math.prod(e["shape"]) * torch.tensor([], dtype=DTYPES[e["dtype"]]).element_size()
        assert end - begin == size, f"{path}: {name} holds {end - begin} bytes, shape {e['shape']} of {e['dtype']} needs {size}"
        cursor = end
    assert cursor == len(data), f"{path}: tensors cover {cursor} of {len(data)} data bytes"
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        dtype = DTYPES[e["dtype"]]
        raw = bytearray(data[begin:end])
        t = torch.frombuffer(raw, dtype=dtype) if raw else torch.zeros(0, dtype=dtype)
        assert t.numel() == math.prod(e["shape"]), f"{path}: {name} has {t.numel()} elements for shape {e['shape']}"
        tensors[name] = t.reshape(e["shape"]).clone()
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes as the reference implementation: wider dtypes first then by name, compact JSON header padded with spaces to a multiple of 8."""
    order = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header = {"__metadata__": metadata} if metadata else {}
    blobs = []
    offset = 0
    for name, t in order:
        blob = t.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# ---- the torch twin of gradscope's Network (src/nn/network.ts) ----

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def make_norm(kind, width, norm):
    if kind == "batch":
        return nn.BatchNorm1d(width, eps=norm["eps"], momentum=norm["momentum"], affine=norm["affine"])
    return nn.LayerNorm(width, eps=norm["eps"], elementwise_affine=norm["affine"])


class Layer(nn.Linear):
    """Hidden layer i: its Linear's weight/bias are `layers.{i}.weight/bias`, its norm `layers.{i}.norm.*`."""

    def __init__(self, fan_in, width, spec):
        super().__init__(fan_in, width, bias=spec["bias"])
        kind = spec["norm"]["kind"]
        self.norm = None if kind == "none" else make_norm(kind, width, spec["norm"])


class Block(nn.Module):
    """Residual block j over hidden layers [start, end): `blocks.{j}.proj.weight` where widths differ, `blocks.{j}.norm.*`."""

    def __init__(self, start, end, spec):
        super().__init__()
        self.start, self.end = start, end
        fan_in = spec["inputs"] if start == 0 else spec["widths"][start - 1]
        width = spec["widths"][end - 1]
        r = spec["residual"]
        self.proj = None if fan_in == width else nn.Linear(fan_in, width, bias=False)
        kind = "layer" if spec["norm"]["kind"] == "none" else spec["norm"]["kind"]
        self.norm = None if r["norm"] == "none" else make_norm(kind, fan_in if r["norm"] == "pre" else width, spec["norm"])


class Net(nn.Module):
    """Hidden layers h = W a + b → (norm before φ) → φ → (norm after φ); residual blocks; a linear head."""

    def __init__(self, spec):
        super().__init__()
        assert isinstance(spec["activation"], str) and spec["dropout"] == 0, "the twin supports one named activation and no dropout"
        self.spec = spec
        widths = spec["widths"]
        self.layers = nn.ModuleList(Layer(spec["inputs"] if i == 0 else widths[i - 1], w, spec) for i, w in enumerate(widths))
        every = spec["residual"]["every"]
        spans = [(s, min(len(widths), s + every)) for s in range(0, len(widths), every)] if every > 0 else []
        self.blocks = nn.ModuleList(Block(s, e, spec) for s, e in spans)
        scale = spec["residual"]["scale"]
        self.branch_scale = 1 / math.sqrt(max(1, len(spans))) if scale == "invSqrtDepth" else scale
        self.head = nn.Linear(widths[-1], spec["outputs"], bias=spec["bias"])

    def layer(self, i, a):
        layer = self.layers[i]
        h = layer(a)
        before = self.spec["norm"]["placement"] == "before"
        if layer.norm is not None and before:
            h = layer.norm(h)
        a = ACTIVATIONS[self.spec["activation"]](h)
        return layer.norm(a) if layer.norm is not None and not before else a

    def forward(self, x):
        a = x
        if len(self.blocks) == 0:
            for i in range(len(self.layers)):
                a = self.layer(i, a)
            return self.head(a)
        where = self.spec["residual"]["norm"]
        for b in self.blocks:
            skip = a if b.proj is None else b.proj(a)
            u = b.norm(a) if b.norm is not None and where == "pre" else a
            for i in range(b.start, b.end):
                u = self.layer(i, u)
            a = skip + self.branch_scale * u
            if b.norm is not None and where == "post":
                a = b.norm(a)
        return self.head(a)


def run(net, x):
    """Outputs in eval mode, then in train mode (batch statistics), then the running statistics that step left."""
    with torch.no_grad():
        net.eval()
        out = {"eval": pack(net(x))}
        net.train()
        out["train"] = pack(net(x))
        out["running"] = {k: pack(v) for k, v in net.state_dict().items() if k.endswith(("running_mean", "running_var"))}
    return out


def dump(obj, path, indent=""):
    """JSON with one key a line down to the innermost objects, which take one line each (short diffs, small files)."""
    def text(o, pad):
        if isinstance(o, dict) and any(isinstance(v, dict) for v in o.values()):
            inner = ",\n".join(f"{pad} {json.dumps(k)}: {text(v, pad + ' ')}" for k, v in o.items())
            return "{\n" + inner + "\n" + pad + "}"
        return json.dumps(o, separators=(", ", ": "))
    with open(path, "w") as f:
        f.write(text(obj, indent) + "\n")


def number(v):
    return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))


def pack(t):
    """A tensor as {shape, data} with float64 (or integer) values."""
    flat = t.detach().reshape(-1)
    data = [int(v) for v in flat.tolist()] if not flat.is_floating_point() else [number(float(v)) for v in flat.double().tolist()]
    return {"shape": list(t.shape), "data": data}


def spec_of(inputs, outputs, widths, activation, norm="none", placement="before", every=0, scale=1, block_norm="none"):
    """A full gradscope NetworkSpec (src/nn/network-spec.ts); init fields are irrelevant once weights are loaded."""
    return {
        "inputs": inputs, "outputs": outputs, "widths": widths, "activation": activation,
        "init": "xavierNormal", "biasInit": "zeros", "bias": True,
        "norm": {"kind": norm, "placement": placement, "eps": 1e-5, "momentum": 0.1, "affine": True},
        "residual": {"every": every, "scale": scale, "norm": block_norm, "projection": True},
        "dropout": 0,
    }


# ---- (a) PyTorch reads files gradscope wrote ----

def read_ours():
    batch, _ = read_safetensors(os.path.join(OUT, "gradscope-batch.safetensors"))
    result = {"torch": torch.__version__, "about": "PyTorch reading gradscope's files (scripts/torch_interop.py)", "files": {}, "outputs": {}}
    for name in ("gradscope-f64", "gradscope-f32"):
        tensors, metadata = read_safetensors(os.path.join(OUT, f"{name}.safetensors"))
        net = Net(json.loads(metadata["gradscope.spec"]))
        dtype = next(iter(tensors.values())).dtype
        net.to(dtype)
        state = dict(tensors)
        for key in net.state_dict():
            if key.endswith("num_batches_tracked"):
                state[key] = torch.tensor(0)  # NOTE: gradscope keeps no step counter; PyTorch's default
        net.load_state_dict(state, strict=True)
        result["files"][name] = {"metadata": metadata, "tensors": {k: {"dtype": NAMES[t.dtype], "shape": list(t.shape)} for k, t in tensors.items()}}
        result["outputs"][name] = run(net, batch["x"].to(dtype))
    dump(result, os.path.join(OUT, "gradscope-torch.json"))


# ---- (b) PyTorch writes files gradscope reads ----

def torch_model(spec, dtype, seed):
    """A model with seeded weights and non-trivial norm parameters and running statistics."""
    torch.manual_seed(seed)
    net = Net(spec).to(dtype)
    with torch.no_grad():
        for mod in net.modules():
            if isinstance(mod, (nn.BatchNorm1d, nn.LayerNorm)):
                mod.weight.copy_(1 + 0.3 * torch.randn_like(mod.weight))
                mod.bias.copy_(0.2 * torch.randn_like(mod.bias))
            if isinstance(mod, nn.BatchNorm1d):
                mod.running_mean.copy_(0.5 * torch.randn_like(mod.running_mean))
                mod.running_var.copy_(0.5 + 1.5 * torch.rand_like(mod.running_var))
                mod.num_batches_tracked.fill_(7)
            if isinstance(mod, nn.Linear) and mod.bias is not None:
                mod.bias.copy_(0.1 * torch.randn_like(mod.bias))
    return net


def write_theirs():
    torch.manual_seed(2024)
    x = torch.randn(8, 3, dtype=torch.float64)
    y = torch.randint(0, 2, (8,), dtype=torch.int64)
    write_safetensors(os.path.join(OUT, "torch-batch.safetensors"), {"x": x, "y": y}, {"format": "pt"})
    models = {
        "torch-f64": (spec_of(3, 2, [6, 5, 4], "tanh", norm="batch", placement="before"), torch.float64),
        "torch-f32": (spec_of(3, 2, [4, 6, 6, 5], "relu", norm="batch", placement="after", every=2, scale=0.5), torch.float32),
    }
    expected = {"torch": torch.__version__, "about": "outputs of the PyTorch-written files (scripts/torch_interop.py)", "outputs": {}}
    for seed, (name, (spec, dtype)) in enumerate(models.items()):
        net = torch_model(spec, dtype, 10 + seed)
        write_safetensors(os.path.join(OUT, f"{name}.safetensors"), net.state_dict(), {"format": "pt", "gradscope.spec": json.dumps(spec)})
        expected["outputs"][name] = run(net, x.to(dtype))
    values = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 1e5, 6e-8, 3e-5, 1 / 3, -1e-40, 3.1e38, float("inf"), float("-inf"), float("nan")], dtype=torch.float64)
    dtypes = {
        "f16": values.to(torch.float16), "bf16": values.to(torch.bfloat16), "f32": values.to(torch.float32).reshape(2, 7),
        "i32": torch.tensor([[0, -1], [2147483647, -2147483648]], dtype=torch.int32),
        "i64": torch.tensor([0, -1, 2**53 - 1, -(2**53 - 1)], dtype=torch.int64), "scalar": torch.tensor(0.125, dtype=torch.float64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }
    write_safetensors(os.path.join(OUT, "torch-dtypes.safetensors"), dtypes, {})
    expected["dtypes"] = {k: {"dtype": NAMES[t.dtype], **pack(t)} for k, t in dtypes.items()}
    dump(expected, os.path.join(OUT, "torch-expected.json"))


if __name__ == "__main__":
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    write_theirs()
    read_ours()
    print(f"wrote {OUT} with torch {torch.__version__}")
