"""Checks a `gradscope inspect` export with PyTorch: loss, every parameter gradient and every δ.

    /usr/bin/python3 scripts/verify_inspect.py DIR [DIR …]

DIR holds weights.safetensors, batch.safetensors and gradients.safetensors as written by
`gradscope inspect` (names and layouts of shared/DESIGN.md). The script rebuilds the network
with nn.Linear layers (the twin in scripts/torch_interop.py) from the spec in the weights'
metadata, loads the weights with load_state_dict(strict=True), runs the batch in training mode,
computes the loss named in the metadata as a mean over the batch, backpropagates, and asserts:

  - the loss equals gradscope's "gradscope.loss_value";
  - every grad.P equals P.grad, and every delta.{i} equals ∂L/∂h_i (h_i the output of hidden
    layer i's Linear), with the same names and shapes, and no tensor missing or extra.

PyTorch computes in float64 from gradscope's float32 weights and batch, so the reference is
exact to float32 rounding; each tensor must agree within max|ours − torch| ≤ 1e-3·max|torch| + 1e-7
(float32 accumulated over the depth). The safetensors package is not needed (the twin's reader).
Exit code 0 and a summary line on success; 1 with the worst mismatch otherwise.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_interop as twin  # noqa: E402  (the nn.Linear twin of gradscope's Network and a safetensors reader)

RTOL, ATOL = 1e-3, 1e-7

# Activations beyond the twin's three, with gradscope's default parameters (src/nn/activations.ts).
EXTRA = {
    "leakyRelu": lambda h, a=0.01: F.leaky_relu(h, a),
    "elu": lambda h, a=1.0: F.elu(h, a),
    "selu": F.selu,
    "gelu": F.gelu,
    "silu": F.silu,
    "swish": F.silu,
    "softplus": F.softplus,
    "hardTanh": F.hardtanh,
    "linear": lambda h: h,
    "identity": lambda h: h,
}


def named_activation(spec):
    """Registers the spec's activation with the twin and returns its key (a name, or name@alpha)."""
    act = spec["activation"]
    if isinstance(act, list):
        raise SystemExit("verify_inspect: per-layer activation lists are not supported by the PyTorch twin")
    if isinstance(act, str):
        if act not in twin.ACTIVATIONS:
            twin.ACTIVATIONS[act] = EXTRA[act]
        return act
    name, alpha = act["name"], act.get("alpha")
    key = name if alpha is None else f"{name}@{alpha}"
    twin.ACTIVATIONS[key] = twin.ACTIVATIONS.get(name) or (EXTRA[name] if alpha is None else (lambda h, f=EXTRA[name], a=alpha: f(h, a)))
    return key


def loss_of(name, z, y):
    """gradscope's losses (src/nn/losses.ts), each a mean over the batch."""
    if name == "softmaxCrossEntropy":
        return F.cross_entropy(z, y.long())
    if name == "binaryCrossEntropy":
        return F.binary_cross_entropy_with_logits(z, y.reshape(z.shape).to(z.dtype))
    if name == "meanSquaredError":
        target = y if y.dim() == 2 else F.one_hot(y.long(), z.shape[1]).to(z.dtype)
        return F.mse_loss(z, target.to(z.dtype))
    raise SystemExit(f"verify_inspect: unknown loss {name}")


def main(folder):
    weights, meta = twin.read_safetensors(os.path.join(folder, "weights.safetensors"))
    batch, _ = twin.read_safetensors(os.path.join(folder, "batch.safetensors"))
    grads, gmeta = twin.read_safetensors(os.path.join(folder, "gradients.safetensors"))
    spec = json.loads(meta["gradscope.spec"])
    config = json.loads(meta["gradscope.config"])
    if spec["dropout"] != 0:
        raise SystemExit("verify_inspect: dropout draws random masks that PyTorch cannot reproduce; inspect with model.dropout = 0")
    spec["activation"] = named_activation(spec)

    dtype = torch.float64
    net = twin.Net(spec).to(dtype)
    state = {k: v.to(dtype) for k, v in weights.items()}
    for key in net.state_dict():
        if key.endswith("num_batches_tracked"):
            state[key] = torch.tensor(0)
    net.load_state_dict(state, strict=True)
    net.train()

    deltas = []

    def keep(_module, _inputs, h):
        """Keeps h_i = the Linear's output and its gradient δ_i (returns None: the output is unchanged)."""
        h.retain_grad()
        deltas.append(h)

    for layer in net.layers:
        layer.register_forward_hook(keep)
    z = net(batch["x"].to(dtype))
    loss = loss_of(config["loss"], z, batch["y"])
    loss.backward()

    ours = float(gmeta["gradscope.loss_value"])
    theirs = float(loss)
    assert abs(ours - theirs) <= RTOL * abs(theirs) + 1e-6, f"loss: gradscope {ours}, PyTorch {theirs}"

    expected = {f"grad.{name}": p.grad for name, p in net.named_parameters()}
    expected.update({f"delta.{i}": h.grad for i, h in enumerate(deltas)})
    missing = sorted(set(expected) - set(grads))
    extra = sorted(set(grads) - set(expected))
    assert not missing and not extra, f"tensor names differ: missing {missing}, unexpected {extra}"
    worst = (0.0, "")
    for name, ref in expected.items():
        got = grads[name].to(dtype)
        assert list(got.shape) == list(ref.shape), f"{name}: shape {list(got.shape)} in the file, {list(ref.shape)} in PyTorch"
        err = float((got - ref).abs().max()) if ref.numel() else 0.0
        scale = float(ref.abs().max()) if ref.numel() else 0.0
        assert err <= RTOL * scale + ATOL, f"{name}: max |gradscope − PyTorch| = {err:.3e} exceeds {RTOL}·{scale:.3e} + {ATOL}"
        worst = max(worst, (err / (RTOL * scale + ATOL), name))
    print(f"verify_inspect: OK — loss {theirs:.6g} (gradscope {ours:.6g}); {len(expected)} tensors match PyTorch "
          f"(the worst, {worst[1]}, at {100 * worst[0]:.2g}% of its tolerance); torch {torch.__version__}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for folder in sys.argv[1:]:
        try:
            main(folder)
        except AssertionError as e:
            print(f"verify_inspect: MISMATCH in {folder} — {e}", file=sys.stderr)
            sys.exit(1)
