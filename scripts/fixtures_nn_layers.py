"""Writes the PyTorch reference fixtures of test/nn/batchnorm-fixtures.test.ts into test/fixtures/.

Run with Debian's Python, which has PyTorch: /usr/bin/python3 scripts/fixtures_nn_layers.py.
Everything is float64 and seeded. A tensor is {"shape": [...], "data": [flat row-major values]}.

nn_layers_norm.json
  batchNorm: nn.BatchNorm1d(width, eps=1e-5, momentum=0.1, affine=True) with random γ, β.
    steps[k] (k = 0, 1, 2; a different batch each, training mode): x, the upstream gradient g,
    y = BN(x), grad.x / grad.weight / grad.bias = ∂(Σ g⊙y)/∂·, and running_mean / running_var
    after the step. eval: evaluation mode on a fresh batch after the three steps, same fields.
  batchNormPlain: nn.BatchNorm1d(affine=False), training mode, one batch: x, g, y, grad.x,
    running_mean, running_var.
  layerNorm: nn.LayerNorm(width, eps=1e-5) with random γ, β: x, g, y, grad.x/weight/bias.

nn_layers_network.json
  A 3-hidden-layer net in gradscope's Network layout (see src/nn/network.ts): residual blocks
  of 2 layers, hidden layer h_l = a W_lᵀ + b_l, batch norm before tanh, block out =
  P·u + F(u) (P a bias-free projection where the width changes, else identity), a linear
  head, softmax cross-entropy (mean over the batch). Holds params (by gradscope's names),
  x, y, logits, loss, grad.P for every parameter, delta.l = ∂L/∂h_l, and the batch-norm
  buffers after the (training-mode) forward pass.
"""

import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
torch.set_default_dtype(torch.float64)


def pack(t):
    t = t.detach()
    if t.is_floating_point():
        return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}
    return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()]}


def norm_step(module, x, g):
    """y = module(x) and ∂(Σ g⊙y)/∂x, ∂/∂γ, ∂/∂β (parameter gradients cleared first)."""
    module.zero_grad(set_to_none=True)
    xi = x.clone().requires_grad_()
    y = module(xi)
    y.backward(g)
    out = {"x": pack(x), "g": pack(g), "y": pack(y), "grad.x": pack(xi.grad)}
    if module.weight is not None:
        out["grad.weight"] = pack(module.weight.grad)
        out["grad.bias"] = pack(module.bias.grad)
    return out


def norm_fixtures():
    torch.manual_seed(31337)
    width, batch = 5, 8
    bn = nn.BatchNorm1d(width, eps=1e-5, momentum=0.1, affine=True)
    with torch.no_grad():
        bn.weight.copy_(1 + 0.3 * torch.randn(width))
        bn.bias.copy_(0.2 * torch.randn(width))
    init = {"weight": pack(bn.weight), "bias": pack(bn.bias)}
    # Three batches with different per-feature means and scales, so the running statistics move.
    shifts = [(0.0, 1.0), (2.0, 3.0), (-1.0, 0.5)]
    bn.train()
    steps = []
    for mu, sd in shifts:
        x = mu + sd * torch.randn(batch, width) + torch.linspace(-0.5, 0.5, width)
        step = norm_step(bn, x, torch.randn(batch, width))
        step["running_mean"] = pack(bn.running_mean)
        step["running_var"] = pack(bn.running_var)
        steps.append(step)
    bn.eval()
    evaluation = norm_step(bn, 0.5 + 1.5 * torch.randn(batch, width), torch.randn(batch, width))

    plain = nn.BatchNorm1d(width, eps=1e-5, momentum=0.1, affine=False)
    plain.train()
    plain_step = norm_step(plain, 1.0 + 2.0 * torch.randn(batch, width), torch.randn(batch, width))
    plain_step["running_mean"] = pack(plain.running_mean)
    plain_step["running_var"] = pack(plain.running_var)

    ln_width, ln_batch = 6, 5
    ln = nn.LayerNorm(ln_width, eps=1e-5, elementwise_affine=True)
    with torch.no_grad():
        ln.weight.copy_(1 + 0.3 * torch.randn(ln_width))
        ln.bias.copy_(0.2 * torch.randn(ln_width))
    ln_step = norm_step(ln, 0.3 + 1.7 * torch.randn(ln_batch, ln_width), torch.randn(ln_batch, ln_width))
    ln_step.update({"weight": pack(ln.weight), "bias": pack(ln.bias)})

    return {
        "torch": torch.__version__,
        "about": "BatchNorm1d / LayerNorm float64; grads are of Σ g⊙y",
        "batchNorm": {"config": {"width": width, "batch": batch, "eps": 1e-5, "momentum": 0.1}, "init": init, "steps": steps, "eval": evaluation},
        "batchNormPlain": {"config": {"width": width, "batch": batch, "eps": 1e-5, "momentum": 0.1}, "step": plain_step},
        "layerNorm": {"config": {"width": ln_width, "batch": ln_batch, "eps": 1e-5}, **ln_step},
    }


def network_fixture():
    torch.manual_seed(4242)
    n_in, widths, classes, batch, every = 4, [6, 6, 6], 3, 8, 2
    params = {}
    fan = n_in
    for i, w in enumerate(widths):
        params[f"layers.{i}.weight"] = torch.randn(w, fan) * (1.3 / fan ** 0.5)
        params[f"layers.{i}.bias"] = 0.1 * torch.randn(w)
        params[f"layers.{i}.norm.weight"] = 1 + 0.25 * torch.randn(w)
        params[f"layers.{i}.norm.bias"] = 0.1 * torch.randn(w)
        fan = w
    params["blocks.0.proj.weight"] = torch.randn(widths[1], n_in) / n_in ** 0.5
    params["head.weight"] = torch.randn(classes, widths[-1]) / widths[-1] ** 0.5
    params["head.bias"] = 0.1 * torch.randn(classes)
    for p in params.values():
        p.requires_grad_()
    norms = [nn.BatchNorm1d(w, eps=1e-5, momentum=0.1, affine=False) for w in widths]
    x = torch.randn(batch, n_in)
    y = torch.randint(0, classes, (batch,))

    hs = []

    def layer(i, a):
        h = F.linear(a, params[f"layers.{i}.weight"], params[f"layers.{i}.bias"])
        h.retain_grad()
        hs.append(h)
        n = norms[i](h) * params[f"layers.{i}.norm.weight"] + params[f"layers.{i}.norm.bias"]
        return torch.tanh(n)

    a = x
    for start in range(0, len(widths), every):
        end = min(len(widths), start + every)
        width_in = n_in if start == 0 else widths[start - 1]
        skip = F.linear(a, params[f"blocks.{start // every}.proj.weight"]) if width_in != widths[end - 1] else a
        u = a
        for i in range(start, end):
            u = layer(i, u)
        a = skip + u
    logits = F.linear(a, params["head.weight"], params["head.bias"])
    loss = F.cross_entropy(logits, y)
    loss.backward()
    grads = {f"grad.{k}": pack(p.grad) for k, p in params.items()}
    grads.update({f"delta.{i}": pack(h.grad) for i, h in enumerate(hs)})
    buffers = {}
    for i, bn in enumerate(norms):
        buffers[f"layers.{i}.norm.running_mean"] = pack(bn.running_mean)
        buffers[f"layers.{i}.norm.running_var"] = pack(bn.running_var)
    return {
        "torch": torch.__version__,
        "about": "residual every 2, BN (affine) before tanh, projection on block 0, softmax CE; delta.l = ∂L/∂h_l",
        "config": {"inputs": n_in, "widths": widths, "outputs": classes, "batch": batch, "every": every, "eps": 1e-5, "momentum": 0.1},
        "x": pack(x),
        "y": pack(y),
        "params": {k: pack(p) for k, p in params.items()},
        "logits": pack(logits),
        "loss": float(loss),
        "grads": grads,
        "buffers": buffers,
    }


def norm_options_fixture():
    torch.manual_seed(27182)
    width, batch = 4, 6
    bn = nn.BatchNorm1d(width, eps=0.05, momentum=0.3, affine=True)
    with torch.no_grad():
        bn.weight.copy_(1 + 0.3 * torch.randn(width))
        bn.bias.copy_(0.2 * torch.randn(width))
    init = {"weight": pack(bn.weight), "bias": pack(bn.bias)}
    bn.train()
    steps = []
    # Small per-feature variances (0.1 … 0.3), so that ε = 0.05 changes the outputs visibly.
    for mu, sd in [(0.5, 0.3), (-1.0, 0.2), (2.0, 0.5)]:
        step = norm_step(bn, mu + sd * torch.randn(batch, width), torch.randn(batch, width))
        step["running_mean"] = pack(bn.running_mean)
        step["running_var"] = pack(bn.running_var)
        steps.append(step)
    bn.eval()
    evaluation = norm_step(bn, 0.3 * torch.randn(batch, width), torch.randn(batch, width))

    ln_width, ln_batch = 5, 4
    ln = nn.LayerNorm(ln_width, eps=0.1, elementwise_affine=False)
    ln_step = norm_step(ln, 0.4 * torch.randn(ln_batch, ln_width), torch.randn(ln_batch, ln_width))
    return {
        "torch": torch.__version__,
        "about": "BatchNorm1d / LayerNorm float64 with non-default eps and momentum; grads are of Σ g⊙y",
        "batchNorm": {"config": {"width": width, "batch": batch, "eps": 0.05, "momentum": 0.3}, "init": init, "steps": steps, "eval": evaluation},
        "layerNormPlain": {"config": {"width": ln_width, "batch": ln_batch, "eps": 0.1}, **ln_step},
    }


def twin_network(cfg, seed):
    """A Network twin in F.* ops: hidden layers Dense → (norm before) → φ → (norm after), residual blocks, linear head."""
    torch.manual_seed(seed)
    n_in, widths, n_out, batch = cfg["inputs"], cfg["widths"], cfg["outputs"], cfg["batch"]
    norm, res = cfg["norm"], cfg["residual"]
    phi = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}[cfg["activation"]]
    params, buffers = {}, {}

    def norm_params(name, width):
        params[f"{name}.weight"] = 1 + 0.25 * torch.randn(width)
        params[f"{name}.bias"] = 0.1 * torch.randn(width)
        if norm["kind"] == "batch":
            buffers[f"{name}.running_mean"] = torch.zeros(width)
            buffers[f"{name}.running_var"] = torch.ones(width)

    fan = n_in
    for i, w in enumerate(widths):
        params[f"layers.{i}.weight"] = torch.randn(w, fan) * (1.2 / fan ** 0.5)
        params[f"layers.{i}.bias"] = 0.2 * torch.randn(w)
        norm_params(f"layers.{i}.norm", w)
        fan = w
    every = res["every"]
    blocks = [(s, min(len(widths), s + every)) for s in range(0, len(widths), every)]
    for j, (s, e) in enumerate(blocks):
        width_in = n_in if s == 0 else widths[s - 1]
        if width_in != widths[e - 1]:
            params[f"blocks.{j}.proj.weight"] = torch.randn(widths[e - 1], width_in) / width_in ** 0.5
        norm_params(f"blocks.{j}.norm", width_in if res["norm"] == "pre" else widths[e - 1])
    params["head.weight"] = torch.randn(n_out, widths[-1]) / widths[-1] ** 0.5
    params["head.bias"] = 0.1 * torch.randn(n_out)
    for p in params.values():
        p.requires_grad_()
    x = torch.randn(batch, n_in)
    targets = torch.randint(0, n_out, (batch,)) if cfg["loss"] == "softmaxCrossEntropy" else torch.randn(batch, n_out)
    scale = res["scale"] if res["scale"] != "invSqrtDepth" else 1 / len(blocks) ** 0.5

    def normalize(name, v, training):
        w, b = params[f"{name}.weight"], params[f"{name}.bias"]
        if norm["kind"] == "batch":
            return F.batch_norm(v, buffers[f"{name}.running_mean"], buffers[f"{name}.running_var"], w, b, training, norm["momentum"], norm["eps"])
        return F.layer_norm(v, (v.shape[1],), w, b, norm["eps"])

    def forward(training, hs):
        a = x
        for j, (s, e) in enumerate(blocks):
            proj = params.get(f"blocks.{j}.proj.weight")
            skip = a if proj is None else F.linear(a, proj)
            u = normalize(f"blocks.{j}.norm", a, training) if res["norm"] == "pre" else a
            for i in range(s, e):
                h = F.linear(u, params[f"layers.{i}.weight"], params[f"layers.{i}.bias"])
                h.retain_grad()
                hs.append(h)
                if norm["placement"] == "before":
                    u = phi(normalize(f"layers.{i}.norm", h, training))
                else:
                    u = normalize(f"layers.{i}.norm", phi(h), training)
            a = skip + scale * u
            if res["norm"] == "post":
                a = normalize(f"blocks.{j}.norm", a, training)
        return F.linear(a, params["head.weight"], params["head.bias"])

    def loss_of(logits):
        return F.cross_entropy(logits, targets) if cfg["loss"] == "softmaxCrossEntropy" else F.mse_loss(logits, targets)

    initial = {k: pack(p) for k, p in params.items()}
    passes = {}
    for mode in ("train", "eval"):
        for p in params.values():
            p.grad = None
        hs = []
        logits = forward(mode == "train", hs)
        loss = loss_of(logits)
        loss.backward()
        out = {"logits": pack(logits), "loss": float(loss), "grads": {f"grad.{k}": pack(p.grad) for k, p in params.items()}}
        out["grads"].update({f"delta.{i}": pack(h.grad) for i, h in enumerate(hs)})
        out["buffers"] = {k: pack(v) for k, v in buffers.items()}
        passes[mode] = out
    return {"config": cfg, "params": initial, "x": pack(x), "targets": pack(targets), **passes}


def networks_fixture():
    nets = {
        "bnAfterPost": twin_network({
            "inputs": 3, "widths": [5, 5, 4], "outputs": 2, "batch": 7, "activation": "sigmoid", "loss": "meanSquaredError",
            "norm": {"kind": "batch", "placement": "after", "eps": 1e-3, "momentum": 0.3, "affine": True},
            "residual": {"every": 1, "scale": 0.5, "norm": "post", "projection": True},
        }, 1618),
        "lnBeforePre": twin_network({
            "inputs": 4, "widths": [4, 4, 6, 6], "outputs": 3, "batch": 6, "activation": "tanh", "loss": "softmaxCrossEntropy",
            "norm": {"kind": "layer", "placement": "before", "eps": 0.01, "momentum": 0.1, "affine": True},
            "residual": {"every": 2, "scale": "invSqrtDepth", "norm": "pre", "projection": True},
        }, 1414),
    }
    return {"torch": torch.__version__, "about": "float64 Network twins; train pass then eval pass on the same batch", "nets": nets}


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "nn_layers_norm.json": norm_fixtures(),
        "nn_layers_network.json": network_fixture(),
        "nn_layers_norm_options.json": norm_options_fixture(),
        "nn_layers_networks.json": networks_fixture(),
    }
    for name, content in files.items():
        path = os.path.join(OUT, name)
        with open(path, "w") as f:
            json.dump(content, f, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
