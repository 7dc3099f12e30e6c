"""Fits the f64 polynomial of assembly/vnormal.ts: K(a) = Q(a)·e^(a²/2) = M(a)/√(2π) ≈ t·G(t) with
t = 4/(4 + a), G of degree 9, for a ∈ [0, 14.7]; Q(a) = ½·erfc(a/√2) is the normal tail and M the
Mills ratio. Lawson's iteratively reweighted least squares on 3000 Chebyshev nodes in t, relative
weight; values from mpmath at 40 digits. Prints the coefficients G0…G9 and the relative error.

    python3 scripts/fit_mills_ratio.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
C, A_MAX, DEGREE, NODES = 4.0, 14.7, 9, 3000


def k_exact(a):
    """K(a) = Q(a)·e^(a²/2), to 40 digits."""
    a = mp.mpf(a)
    return mp.erfc(a / mp.sqrt(2)) / 2 * mp.exp(a * a / 2)


t_lo, t_hi = C / (C + A_MAX), 1.0
ts = (t_lo + t_hi) / 2 + (t_hi - t_lo) / 2 * np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES)
g = np.array([float(k_exact(C / t - C)) for t in ts]) / ts
V = np.vander(ts, DEGREE + 1, increasing=True)
w = np.ones(NODES)
for _ in range(80):  # Lawson: the weights grow where the error is largest
    sw = np.sqrt(w) / np.abs(g)
    coef, *_ = np.linalg.lstsq(V * sw[:, None], g * sw, rcond=None)
    err = (V @ coef - g) / g
    w = w * np.abs(err) + 1e-300
    w /= w.sum()
for i, c in enumerate(coef):
    print(f"const G{i}: f64 = {float(c)!r};")
a = np.linspace(0, A_MAX, 20001)
t = C / (C + a)
rel = np.abs(t * np.polyval(coef[::-1], t) / np.array([float(k_exact(x)) for x in a]) - 1)
print(f"// max relative error {rel.max():.3g} on a dense grid of [0, {A_MAX}]")
