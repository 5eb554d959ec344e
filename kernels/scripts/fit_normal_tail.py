#!/usr/bin/env python3
"""Fits the polynomial of the vector provider's float GELU (VectorGelu.C0 ... C10).

The tail of the standard normal, q(a) = Phi(-a) = erfc(a/sqrt 2)/2 for a >= 0, is written
q = t * R(s) * exp(-a^2/2), with t = 1/(1 + 0.3536a) (0.3536 rounded to float) and s = 2t - 1.
R(s) = q * exp(a^2/2) / t is smooth and positive on s in (-1, 1]; it is fitted by relative least squares at
1000 Chebyshev nodes against 40-digit values of erfc (mpmath), then its coefficients are rounded to float.
Prints the coefficients (lowest degree first) and the worst relative error of q evaluated in float
arithmetic as VectorGelu does (numpy float32; exp taken exactly and rounded, as VectorMath.exp is within 1 ulp).

    python3 kernels/scripts/fit_normal_tail.py      # needs numpy and mpmath (Debian: python3-numpy python3-mpmath)
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
SCALE = float(np.float32(0.3536))
DEGREE = 10
f32 = np.float32


def r_of_t(t):
    a = (1 / mp.mpf(t) - 1) / SCALE
    q = mp.erfc(a / mp.sqrt(2)) / 2
    return q / t * mp.exp(a * a / 2)


def main():
    n = 1000
    ts = [(1 + np.cos(np.pi * (k + 0.5) / n)) / 2 for k in range(n)]
    ys = np.array([float(r_of_t(t)) for t in ts])
    coef = np.polynomial.polynomial.polyfit(2 * np.array(ts) - 1, ys, DEGREE, w=1 / ys).astype(np.float32)

    def q_in_float(a):
        a = f32(a)
        t = f32(1) / f32(np.float64(a) * np.float64(f32(SCALE)) + 1)
        s = f32(np.float64(t) * 2 - 1)
        r = coef[-1]
        for c in coef[-2::-1]:
            r = f32(np.float64(r) * np.float64(s) + np.float64(c))
        hi = f32(a * a)
        lo = f32(np.float64(a) * np.float64(a) - np.float64(hi))
        e = f32(mp.exp(-np.float64(hi) / 2))
        return float(f32(f32(f32(t * e) * r) * f32(1 - f32(lo * f32(0.5)))))

    worst = 0.0
    for a in np.linspace(0, 13, 5000):
        a = float(np.float32(a))
        exact = float(mp.erfc(a / mp.sqrt(2)) / 2)
        if exact >= np.finfo(np.float32).tiny:
            worst = max(worst, abs(q_in_float(a) - exact) / exact)
    print("coefficients:", ", ".join(repr(float(c)) + "f" for c in coef))
    print(f"sum of |coefficients| {float(sum(abs(coef))):.4g}, min R {ys.min():.4g}")
    print(f"worst relative error of q in float: {worst:.3g} = {worst / 2 ** -24:.2f} u")


if __name__ == "__main__":
    main()
