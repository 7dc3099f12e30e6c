"""Writes the PyTorch reference fixtures of test/nn/optim*.test.ts, schedules and clipping into test/fixtures/.

Run with Debian's Python, which has PyTorch: /usr/bin/python3 scripts/fixtures_nn_optim.py.
Everything is float64 and seeded. A tensor is {"shape": [...], "data": [flat row-major values]}.

optim.json
  problem: a 2-layer tanh MLP, ŷ = tanh(x W1ᵀ + b1) W2ᵀ + b2, loss = mean((ŷ − y)²) over all
    elements, with fixed x, y and initial parameters (gradscope names; weights decay, biases
    and "frozen" do not). "frozen" takes no part in the loss, so its gradient stays None and
    every optimizer must leave it alone.
  runs[name]: the optimizer (PyTorch class and arguments; weight decay only in the group of
    the decaying parameters), the lr of each of the 5 steps, and per step k the gradients
    that step used (grads[k]) and the parameters after it (params[k]); state: the optimizer
    state after the last step under PyTorch's buffer names.
  sgd_decoupled has no PyTorch class: it is SGD with p ← p·(1 − lr·λ) applied to the decaying
    parameters before each step (the SGDW rule), written out here.

optim_schedules.json
  lr of StepLR, CosineAnnealingLR (closed form), LinearLR, and SequentialLR(LinearLR warm-up,
  then StepLR or CosineAnnealingLR) after t = 0, 1, …, 30 calls of scheduler.step().

optim_training.json
  Whole training loops as gradscope's Trainer runs them, on a 2-hidden-layer tanh Network twin
  (gradscope names, nn.Linear layout): per step k, on batch k, loss = data loss + penalty
  (λ₁·Σ|w| + (λ₂/2)·Σw² over the weights only), backward, clipping, then the optimizer with the
  scheduled lr (torch.optim.lr_scheduler, stepped after each update). runs[name]: the gradscope
  TrainingSpec it stands for, and per step: lr, data loss, penalty, the clipping's norm before,
  and the parameters after the update.

optim_clipping.json
  Fixed gradients of three tensors (plus one without a gradient): clip_grad_norm_ (fires and
  does not fire), clip_grad_norm_ on each tensor alone, and clip_grad_value_.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
torch.set_default_dtype(torch.float64)
STEPS = 5


def pack(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def problem():
    torch.manual_seed(20240611)
    n_in, hidden, n_out, batch = 3, 4, 2, 6
    params = {
        "layers.0.weight": torch.randn(hidden, n_in) / n_in ** 0.5,
        "layers.0.bias": 0.1 * torch.randn(hidden),
        "head.weight": torch.randn(n_out, hidden) / hidden ** 0.5,
        "head.bias": 0.1 * torch.randn(n_out),
        "frozen": torch.randn(3),
    }
    decay = {"layers.0.weight": True, "layers.0.bias": False, "head.weight": True, "head.bias": False, "frozen": True}
    x = torch.randn(batch, n_in)
    y = torch.randn(batch, n_out)
    return params, decay, x, y


def loss_of(p, x, y):
    h = torch.tanh(x @ p["layers.0.weight"].T + p["layers.0.bias"])
    out = h @ p["head.weight"].T + p["head.bias"]
    return ((out - y) ** 2).mean()


# name → (PyTorch class, keyword arguments, lr of each step)
CONFIGS = {
    "sgd_plain": ("SGD", {}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "sgd_momentum": ("SGD", {"momentum": 0.9}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "sgd_dampening": ("SGD", {"momentum": 0.8, "dampening": 0.3}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "sgd_nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "sgd_weight_decay": ("SGD", {"momentum": 0.9, "weight_decay": 0.05}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "sgd_decoupled": ("SGD", {"momentum": 0.9, "weight_decay": 0.05}, [0.1, 0.1, 0.08, 0.06, 0.05]),
    "rmsprop_plain": ("RMSprop", {}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "rmsprop_momentum": ("RMSprop", {"momentum": 0.9, "alpha": 0.9}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "rmsprop_centered": ("RMSprop", {"centered": True}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "rmsprop_centered_momentum_wd": ("RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1, "eps": 1e-6}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "adam": ("Adam", {}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "adam_amsgrad": ("Adam", {"amsgrad": True, "betas": (0.8, 0.5)}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "adam_weight_decay": ("Adam", {"weight_decay": 0.1, "betas": (0.85, 0.99), "eps": 1e-6}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "adamw": ("AdamW", {"weight_decay": 0.5}, [0.01, 0.01, 0.008, 0.006, 0.005]),
    "adamw_amsgrad": ("AdamW", {"weight_decay": 0.5, "amsgrad": True, "betas": (0.8, 0.5)}, [0.01, 0.01, 0.008, 0.006, 0.005]),
}


def run(name):
    cls, kwargs, lrs = CONFIGS[name]
    init, decay, x, y = problem()
    params = {k: v.clone().requires_grad_() for k, v in init.items()}
    kwargs = dict(kwargs)
    wd = kwargs.pop("weight_decay", 0.0 if cls != "AdamW" else 0.01)
    decoupled = name == "sgd_decoupled"
    decaying = [p for k, p in params.items() if decay[k]]
    groups = [
        {"params": decaying, "weight_decay": 0.0 if decoupled else wd},
        {"params": [p for k, p in params.items() if not decay[k]], "weight_decay": 0.0},
    ]
    opt = getattr(torch.optim, cls)(groups, lr=lrs[0], **kwargs)
    steps = []
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad(set_to_none=True)
        loss = loss_of(params, x, y)
        loss.backward()
        grads = {k: pack(p.grad) for k, p in params.items() if p.grad is not None}
        if decoupled:
            with torch.no_grad():
                for p in decaying:
                    if p.grad is not None:
                        p.mul_(1 - lr * wd)
        opt.step()
        steps.append({"loss": float(loss), "grads": grads, "params": {k: pack(p) for k, p in params.items()}})
    state = {}
    for k, p in params.items():
        if p in opt.state and len(opt.state[p]) > 0:
            state[k] = {b: (float(v) if not torch.is_tensor(v) or v.dim() == 0 else pack(v)) for b, v in opt.state[p].items() if v is not None}
    assert "frozen" not in state
    if kwargs.get("amsgrad"):
        # the fixture is only useful if the running maximum differs from the current average somewhere
        assert any((s["max_exp_avg_sq"]["data"] != s["exp_avg_sq"]["data"]) for s in state.values())
    options = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
    options["weight_decay"] = wd
    return {"class": cls, "options": options, "decoupled": decoupled, "lrs": lrs, "steps": steps, "state": state}


def optim_fixture():
    init, decay, x, y = problem()
    return {
        "torch": torch.__version__,
        "about": "float64; 2-layer tanh MLP, MSE loss; params after each of 5 steps",
        "problem": {"params": {k: pack(v) for k, v in init.items()}, "decay": decay, "x": pack(x), "y": pack(y)},
        "runs": {name: run(name) for name in CONFIGS},
    }


def lr_sequence(make, steps=30, closed_form=False):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    out = [sched._get_closed_form_lr()[0] if closed_form else sched.get_last_lr()[0]]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(sched._get_closed_form_lr()[0] if closed_form else sched.get_last_lr()[0])
    return out


def schedules_fixture():
    S = torch.optim.lr_scheduler
    return {
        "torch": torch.__version__,
        "about": "lr after t = 0..30 calls of scheduler.step(); base lr 0.1",
        "baseLr": 0.1,
        "step": {"stepSize": 7, "gamma": 0.5, "lrs": lr_sequence(lambda o: S.StepLR(o, step_size=7, gamma=0.5))},
        "cosine": {"totalSteps": 30, "minLr": 0.001, "lrs": lr_sequence(lambda o: S.CosineAnnealingLR(o, T_max=30, eta_min=0.001), closed_form=True)},
        "cosineRecursive": {"totalSteps": 30, "minLr": 0.001, "lrs": lr_sequence(lambda o: S.CosineAnnealingLR(o, T_max=30, eta_min=0.001))},
        "linearWarmup": {"warmupSteps": 10, "warmupStartFactor": 0.1, "lrs": lr_sequence(lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10))},
        "warmupCosine": {
            "warmupSteps": 5, "warmupStartFactor": 0.25, "totalSteps": 30, "minLr": 0.001,
            "lrs": lr_sequence(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, total_iters=5), S.CosineAnnealingLR(o, T_max=25, eta_min=0.001)], milestones=[5])),
        },
        "warmupStep": {
            "warmupSteps": 4, "warmupStartFactor": 0.5, "stepSize": 6, "gamma": 0.3,
            "lrs": lr_sequence(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=4), S.StepLR(o, step_size=6, gamma=0.3)], milestones=[4])),
        },
    }


def clipping_fixture():
    torch.manual_seed(777)
    shapes = {"a": [3, 4], "b": [5], "c": [2, 2]}
    grads = {"a": 2.0 * torch.randn(3, 4), "b": 0.5 * torch.randn(5), "c": torch.tensor([[3.0, -0.25], [0.0, -4.5]])}

    def params_with_grads():
        ps = {}
        for k, s in shapes.items():
            p = torch.zeros(s, requires_grad=True)
            p.grad = grads[k].clone()
            ps[k] = p
        ps["none"] = torch.zeros(2, requires_grad=True)
        return ps

    def global_norm(max_norm):
        ps = params_with_grads()
        total = torch.nn.utils.clip_grad_norm_(list(ps.values()), max_norm)
        return {"maxNorm": max_norm, "totalNorm": float(total), "grads": {k: pack(ps[k].grad) for k in shapes}}

    per = {}
    ps = params_with_grads()
    for k in shapes:
        per[k] = float(torch.nn.utils.clip_grad_norm_([ps[k]], 2.0))
    per_tensor = {"maxNorm": 2.0, "norms": per, "grads": {k: pack(ps[k].grad) for k in shapes}}

    ps = params_with_grads()
    torch.nn.utils.clip_grad_value_(list(ps.values()), 1.5)
    value = {"clipValue": 1.5, "grads": {k: pack(ps[k].grad) for k in shapes}}
    return {
        "torch": torch.__version__,
        "about": "float64 gradients; 'none' has no gradient",
        "order": list(shapes) + ["none"],
        "grads": {k: pack(v) for k, v in grads.items()},
        "globalNorm": global_norm(3.0),
        "globalNormNotFired": global_norm(1000.0),
        "perTensorNorm": per_tensor,
        "value": value,
    }


def training_run(spec, seed):
    """Trains the twin for len(batches) steps the way Trainer.step does, with PyTorch's optimizer, scheduler and clipping."""
    torch.manual_seed(seed)
    n_in, widths, classes, batch, steps = 3, [5, 4], 3, 8, 6
    params, fan = {}, n_in
    for i, w in enumerate(widths):
        params[f"layers.{i}.weight"] = (torch.randn(w, fan) / fan ** 0.5).requires_grad_()
        params[f"layers.{i}.bias"] = (0.1 * torch.randn(w)).requires_grad_()
        fan = w
    params["head.weight"] = (torch.randn(classes, fan) / fan ** 0.5).requires_grad_()
    params["head.bias"] = (0.1 * torch.randn(classes)).requires_grad_()
    initial = {k: pack(v) for k, v in params.items()}
    weights = [p for k, p in params.items() if k.endswith(".weight")]
    others = [p for k, p in params.items() if not k.endswith(".weight")]
    batches = [(torch.randn(batch, n_in), torch.randint(0, classes, (batch,))) for _ in range(steps)]

    o = spec["optimizer"]
    wd = o.get("weightDecay", 0.0)
    groups = [{"params": weights, "weight_decay": wd}, {"params": others, "weight_decay": 0.0}]
    if o["name"] == "sgd":
        opt = torch.optim.SGD(groups, lr=spec["lr"], momentum=o.get("momentum", 0.0), nesterov=o.get("nesterov", False))
    else:
        opt = torch.optim.AdamW(groups, lr=spec["lr"], betas=tuple(o.get("betas", (0.9, 0.999))))
    S = torch.optim.lr_scheduler
    sc = spec["schedule"]
    if sc["name"] == "cosine":
        w = sc["warmupSteps"]
        sched = S.SequentialLR(opt, [S.LinearLR(opt, start_factor=sc["warmupStartFactor"], total_iters=w), S.CosineAnnealingLR(opt, T_max=sc["totalSteps"] - w, eta_min=sc["minLr"])], milestones=[w])
    else:
        sched = S.StepLR(opt, step_size=sc["stepSize"], gamma=sc["gamma"])
    reg = spec["regularization"]
    clip = spec["clip"]

    def forward(x):
        a = x
        for i in range(len(widths)):
            a = torch.tanh(F.linear(a, params[f"layers.{i}.weight"], params[f"layers.{i}.bias"]))
        return F.linear(a, params["head.weight"], params["head.bias"])

    records = []
    for x, y in batches:
        lr = opt.param_groups[0]["lr"]
        opt.zero_grad(set_to_none=True)
        data = F.cross_entropy(forward(x), y)
        penalty = sum(reg.get("l1", 0.0) * w.abs().sum() + reg.get("l2", 0.0) / 2 * (w ** 2).sum() for w in weights)
        (data + penalty).backward()
        everything = list(params.values())
        before = float(torch.norm(torch.stack([p.grad.norm() for p in everything])))
        if clip["kind"] == "globalNorm":
            torch.nn.utils.clip_grad_norm_(everything, clip["threshold"])
        else:
            torch.nn.utils.clip_grad_value_(everything, clip["threshold"])
        after = float(torch.norm(torch.stack([p.grad.norm() for p in everything])))
        opt.step()
        sched.step()
        records.append({"lr": lr, "data": float(data), "penalty": float(penalty), "clipNormBefore": before, "clipNormAfter": after,
                        "params": {k: pack(v) for k, v in params.items()}})
    return {"spec": spec, "widths": widths, "inputs": n_in, "outputs": classes, "params": initial,
            "batches": [{"x": pack(x), "y": [int(v) for v in y.tolist()]} for x, y in batches], "steps": records}


def training_fixture():
    runs = {
        "nesterovWarmupCosineGlobalNormL2": training_run({
            "loss": "softmaxCrossEntropy", "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": True}, "lr": 0.2,
            "schedule": {"name": "cosine", "warmupSteps": 2, "warmupStartFactor": 0.5, "totalSteps": 6, "minLr": 0.01},
            "clip": {"kind": "globalNorm", "threshold": 0.3}, "regularization": {"l2": 0.05},
        }, 161),
        "adamwStepValueL1": training_run({
            "loss": "softmaxCrossEntropy", "optimizer": {"name": "adamw", "weightDecay": 0.1, "betas": [0.8, 0.95]}, "lr": 0.05,
            "schedule": {"name": "step", "stepSize": 2, "gamma": 0.5},
            "clip": {"kind": "value", "threshold": 0.05}, "regularization": {"l1": 0.002},
        }, 162),
    }
    return {"torch": torch.__version__, "about": "float64; Trainer-style steps: loss + penalty, backward, clip, optimizer, scheduler", "runs": runs}


def write(name, data):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", name)


if __name__ == "__main__":
    write("optim.json", optim_fixture())
    write("optim_schedules.json", schedules_fixture())
    write("optim_clipping.json", clipping_fixture())
    write("optim_training.json", training_fixture())
