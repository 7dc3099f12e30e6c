"""Writes the PyTorch reference fixtures of test/core/fixtures.test.ts into test/fixtures/.

Run with Debian's Python, which has PyTorch: `npm run fixtures`
(= /usr/bin/python3 scripts/make_fixtures.py). Everything is float64 and seeded, so the
files only change when PyTorch's numerics do. Numbers are written by json (Python's repr:
the shortest string that reads back as the same float64).

Each file holds: `torch` (version), `about`, `config`, `inputs`, `params` (nn.Linear layout:
weight [out, in]), `loss` (mean over the batch), `grads` (`grad.P` for every parameter P and
`delta.{name}` = ∂L/∂h for every recorded hidden pre-activation h). A tensor is
{"shape": [...], "data": [flat row-major values]}.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
torch.set_default_dtype(torch.float64)


def pack(t):
    """A tensor as {shape, data} with float64 (or integer) values."""
    t = t.detach()
    data = [int(v) for v in t.reshape(-1).tolist()] if not t.is_floating_point() else [float(v) for v in t.reshape(-1).tolist()]
    return {"shape": list(t.shape), "data": data}


def linear(fan_in, fan_out, gain, bias_std):
    """A [out, in] weight ~ N(0, gain²/fan_in) and a bias ~ N(0, bias_std²), both leaves."""
    w = (torch.randn(fan_out, fan_in) * (gain / math.sqrt(fan_in))).requires_grad_()
    b = (torch.randn(fan_out) * bias_std).requires_grad_()
    return w, b


def watch(h, name, deltas):
    """Keeps ∂L/∂h of an intermediate tensor for the fixture."""
    h.retain_grad()
    deltas.append((name, h))
    return h


def finish(about, config, inputs, params, loss, deltas):
    loss.backward()
    grads = {f"grad.{n}": pack(p.grad) for n, p in params.items()}
    grads.update({f"delta.{n}": pack(h.grad) for n, h in deltas})
    return {
        "torch": torch.__version__,
        "about": about,
        "config": config,
        "inputs": {k: pack(v) for k, v in inputs.items()},
        "params": {k: pack(v) for k, v in params.items()},
        "loss": float(loss),
        "grads": grads,
    }


def deep_tanh_mlp():
    """(a) 6 tanh hidden layers of width 16, 8 inputs, 5 classes, batch 8, softmax cross-entropy."""
    torch.manual_seed(20240601)
    depth, width, n_in, classes, batch = 6, 16, 8, 5, 8
    x = torch.randn(batch, n_in)
    y = torch.randint(0, classes, (batch,))
    params, deltas = {}, []
    fan = n_in
    for i in range(depth):
        params[f"layers.{i}.weight"], params[f"layers.{i}.bias"] = linear(fan, width, 1.5, 0.1)
        fan = width
    params["head.weight"], params["head.bias"] = linear(width, classes, 1.0, 0.1)
    a = x
    for i in range(depth):
        h = watch(F.linear(a, params[f"layers.{i}.weight"], params[f"layers.{i}.bias"]), str(i), deltas)
        a = torch.tanh(h)
    logits = watch(F.linear(a, params["head.weight"], params["head.bias"]), "logits", deltas)
    loss = F.cross_entropy(logits, y)  # mean over the batch
    about = "h_i = a_{i-1} W_iᵀ + b_i, a_i = tanh(h_i), logits = a_6 W_headᵀ + b_head, L = mean_b −log softmax(logits)[y]"
    config = {"depth": depth, "width": width, "inputs": n_in, "classes": classes, "batch": batch, "activation": "tanh", "loss": "cross-entropy"}
    return finish(about, config, {"x": x, "y": y}, params, loss, deltas)


def residual_blocks():
    """(b) a stem, two residual tanh blocks y = x + W2·tanh(W1·x + b1) + b2, a linear head, MSE."""
    torch.manual_seed(7)
    n_in, width, inner, n_out, batch, blocks = 6, 10, 16, 3, 8, 2
    x = torch.randn(batch, n_in)
    target = torch.randn(batch, n_out)
    params, deltas = {}, []
    params["stem.weight"], params["stem.bias"] = linear(n_in, width, 1.0, 0.1)
    for i in range(blocks):
        params[f"blocks.{i}.fc1.weight"], params[f"blocks.{i}.fc1.bias"] = linear(width, inner, 1.2, 0.1)
        params[f"blocks.{i}.fc2.weight"], params[f"blocks.{i}.fc2.bias"] = linear(inner, width, 0.8, 0.1)
    params["head.weight"], params["head.bias"] = linear(width, n_out, 1.0, 0.1)
    r = watch(F.linear(x, params["stem.weight"], params["stem.bias"]), "stem", deltas)
    for i in range(blocks):
        u = watch(F.linear(r, params[f"blocks.{i}.fc1.weight"], params[f"blocks.{i}.fc1.bias"]), f"blocks.{i}.inner", deltas)
        r = watch(r + F.linear(torch.tanh(u), params[f"blocks.{i}.fc2.weight"], params[f"blocks.{i}.fc2.bias"]), f"blocks.{i}.out", deltas)
    out = watch(F.linear(r, params["head.weight"], params["head.bias"]), "head", deltas)
    loss = F.mse_loss(out, target)  # mean over all batch × outputs elements
    about = "r_0 = x W_stemᵀ + b_stem; u_i = r_i W1ᵀ + b1, r_{i+1} = r_i + tanh(u_i) W2ᵀ + b2; out = r W_headᵀ + b_head; L = mean((out − target)²)"
    config = {"inputs": n_in, "width": width, "inner": inner, "outputs": n_out, "batch": batch, "blocks": blocks, "loss": "mse"}
    return finish(about, config, {"x": x, "target": target}, params, loss, deltas)


# (c) elementwise activations. Inputs avoid the kinks (0 for leaky relu and elu, ±1 for
# hardtanh) and include large values on both sides (softplus switches to x above 20).
ACTIVATIONS = {
    "gelu": lambda v: F.gelu(v),
    "sigmoid": torch.sigmoid,
    "softplus": F.softplus,
    "elu": lambda v: F.elu(v, alpha=0.7),
    "selu": F.selu,
    "silu": F.silu,
    "leakyRelu": lambda v: F.leaky_relu(v, negative_slope=0.2),
    "hardTanh": F.hardtanh,
    "tanh": torch.tanh,
}


def activations():
    """(c) y = f(x) and ∂(Σ r⊙f(x))/∂x per activation, and a composite through log-softmax."""
    torch.manual_seed(99)
    base = [-31.0, -9.5, -4.2, -2.7, -1.3, -0.77, -0.31, -0.045, 0.052, 0.38, 0.93, 1.21, 2.2, 3.6, 6.1, 24.5]
    x = torch.tensor(base + torch.randn(8).mul(2).tolist()).reshape(4, 6)
    r = torch.randn(4, 6)
    per = {}
    for name, f in ACTIVATIONS.items():
        xi = x.clone().requires_grad_()
        y = f(xi)
        (r * y).sum().backward()
        per[name] = {"y": pack(y), "grad": pack(xi.grad)}
    xc = x.clone().requires_grad_()
    mixed = sum(f(xc) for f in ACTIVATIONS.values())
    z = torch.log_softmax(mixed * 0.25, dim=1)
    loss = (r * z).sum()
    loss.backward()
    return {
        "torch": torch.__version__,
        "about": "per activation: y = f(x), grad = ∂(Σ r⊙f(x))/∂x; composite: L = Σ r ⊙ log_softmax(0.25·Σ_f f(x), dim=1), grad = ∂L/∂x",
        "config": {"elu.alpha": 0.7, "leakyRelu.slope": 0.2, "order": list(ACTIVATIONS)},
        "inputs": {"x": pack(x), "r": pack(r)},
        "activations": per,
        "composite": {"logSoftmax": pack(z), "loss": float(loss), "grad": pack(xc.grad)},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {"mlp-tanh.json": deep_tanh_mlp(), "residual.json": residual_blocks(), "activations.json": activations()}
    total = 0
    for name, content in files.items():
        path = os.path.join(OUT, name)
        with open(path, "w") as f:
            json.dump(content, f, separators=(",", ":"))
            f.write("\n")
        total += os.path.getsize(path)
        print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")
    print(f"torch {torch.__version__}, total {total} bytes")
    if total > 200_000:
        sys.exit("fixtures exceed 200 KB: shrink the nets")


if __name__ == "__main__":
    main()
