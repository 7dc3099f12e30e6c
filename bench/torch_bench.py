"""PyTorch side of the yardstick (DESIGN.md): the same workloads as bench/run.js.

Run by bench/run.js as `/usr/bin/python3 bench/torch_bench.py --json [--quick]`; prints one
JSON object on stdout (human-readable lines without --json). Exit code 3 when torch is
missing. Each workload: a float32 tanh MLP, 784 inputs, 10 classes, softmax cross-entropy,
plain SGD; one step = forward + backward + update; median ms/step of each round, median
over rounds, for torch.set_num_threads(1) and (2).
"""

import json
import resource
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:  # reported by bench/run.js as a skipped comparison
    print(f"torch is not importable by {sys.executable}: {e}", file=sys.stderr)
    sys.exit(3)

WORKLOADS = {"W1": (20, 256, 128), "W2": (10, 64, 32), "W3": (50, 128, 64)}  # depth, width, batch
INPUTS, CLASSES, LR = 784, 10, 0.01
BLAS_FLOOR = 30.0  # GFLOP/s of a 256³ float32 matmul below which PyTorch runs a reference BLAS


def blas_info():
    """Which BLAS PyTorch uses: its build config, the BLAS libraries mapped in, and a measured 256³ sgemm."""
    config = torch.__config__.show()
    build = [part.strip() for part in config.replace(",", "\n").splitlines() if "BLAS" in part]
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if any(k in line.lower() for k in ("blas", "mkl", "lapack"))})
    except OSError:
        libs = []
    torch.set_num_threads(1)
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    for _ in range(20):
        a @ b
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        for _ in range(20):
            a @ b
        times.append((time.perf_counter() - t0) / 20)
    # NOTE: the best trial measures the library; the median would measure the machine's load too.
    gflops = 2 * 256**3 / min(times) / 1e9
    fast_lib = any("openblas" in lib.lower() or "mkl" in lib.lower() for lib in libs)
    return {"build": build, "libraries": libs, "matmul256Gflops": gflops, "valid": gflops >= BLAS_FLOOR, "optimizedLibraryLoaded": fast_lib}


def make_net(depth, width, batch, seed=1):
    gen = torch.Generator().manual_seed(seed)
    widths = [INPUTS] + [width] * depth + [CLASSES]
    params = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        params.append((torch.randn(fan_out, fan_in, generator=gen) / fan_in**0.5).requires_grad_())
        params.append((torch.randn(fan_out, generator=gen) * 0.1).requires_grad_())
    x = torch.randn(batch, INPUTS, generator=gen)
    y = torch.randint(0, CLASSES, (batch,), generator=gen)
    return params, x, y


def step(params, opt, x, y):
    a = x
    for i in range(0, len(params) - 2, 2):
        a = torch.tanh(F.linear(a, params[i], params[i + 1]))
    loss = F.cross_entropy(F.linear(a, params[-2], params[-1]), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def measure(depth, width, batch, threads, warmup, warmup_s, rounds, steps):
    """Median over rounds of the median ms/step within a round, after ≥ warmup steps and ≥ warmup_s seconds of them (as bench/run.js)."""
    torch.set_num_threads(threads)
    params, x, y = make_net(depth, width, batch)
    opt = torch.optim.SGD(params, lr=LR)
    t0, done = time.perf_counter(), 0
    while done < warmup or time.perf_counter() - t0 < warmup_s:
        step(params, opt, x, y)
        done += 1
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            step(params, opt, x, y)
            times.append((time.perf_counter() - t0) * 1e3)
        medians.append(statistics.median(times))
    return statistics.median(medians), medians


def main():
    as_json = "--json" in sys.argv
    quick = "--quick" in sys.argv
    warmup, warmup_s, rounds, steps = (2, 0.3, 3, 10) if quick else (5, 1.5, 5, 30)
    blas = blas_info()
    if not blas["valid"]:
        why = ("OpenBLAS/MKL is loaded, so the machine is probably busy" if blas["optimizedLibraryLoaded"]
               else "a reference BLAS: apt-get install libopenblas0-pthread")
        print(f"WARNING: PyTorch's 256³ float32 matmul runs at {blas['matmul256Gflops']:.1f} GFLOP/s (< {BLAS_FLOOR}): "
              f"{why}. Ratios against PyTorch are INVALID.", file=sys.stderr)
    result = {"torch": torch.__version__, "blas": blas, "workloads": {}}
    for name, (depth, width, batch) in WORKLOADS.items():
        entry = {"threads": {}}
        for threads in (1, 2):
            ms, medians = measure(depth, width, batch, threads, warmup, warmup_s, rounds, steps)
            entry["threads"][str(threads)] = {"msPerStep": ms, "roundMedians": medians}
        best = min(entry["threads"], key=lambda t: entry["threads"][t]["msPerStep"])
        entry["best"] = {"threads": int(best), "msPerStep": entry["threads"][best]["msPerStep"]}
        result["workloads"][name] = entry
        if not as_json:
            t = entry["threads"]
            print(f"{name}: {t['1']['msPerStep']:.3f} ms (1 thread), {t['2']['msPerStep']:.3f} ms (2 threads)")
    result["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if as_json:
        print(json.dumps(result))
    else:
        print(f"torch {torch.__version__}; BLAS {blas['libraries'] or blas['build']}; 256³ sgemm {blas['matmul256Gflops']:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
