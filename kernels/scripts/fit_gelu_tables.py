#!/usr/bin/env python3
"""Fits the tables of the vector provider's fast exact-GELU path (VectorGelu.TAIL and VectorGelu.SLOPE_TAIL).

For a = |x| < 4, split into 16 intervals [j/4, (j + 1)/4), d = 8a - (2j + 1) in [-1, 1]:
  q(a) = Phi(-a) = erfc(a/sqrt 2)/2               (GELU(x) = x*q for x < 0, x - x*q above), and
  h(a) = q(a) - a*phi(a) = d/dx [x*Phi(x)] at -a  (the derivative is h for x < 0, 1 - h above),
are each a polynomial of degree 5 in d per interval: a relative least squares fit (weights 1/q, and 1/(q + a*phi)
for h, which changes sign) at 200 Chebyshev nodes against 30-digit values (mpmath), coefficients rounded to float.

Prints the Java tables and, per function, the worst of (over 2001 points per interval, in units of u = 2^-24):
  fit      |P(d) - f| with the float coefficients, evaluated exactly, relative to q (to q + a*phi for h);
  horner   u * sum_i |s_i|*|d|^i / q, the first-order bound of Horner's rule with fused multiply-adds (each step
           rounds once, the partial sum s_i reaches the result times d^i); d itself is exact for a >= 1/16 and
           within 2^-25 below, moving q by at most 0.05 * 2^-25 (0.1u of q >= 0.45 there).
Their sum is the derived error of the table's value; VectorGelu's comment and OpsConformance's bounds quote it.

    python3 kernels/scripts/fit_gelu_tables.py      # needs numpy and mpmath (Debian: python3-numpy python3-mpmath)
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 30
U = 2.0 ** -24
INTERVALS, WIDTH, DEGREE = 16, 0.25, 5


def q(a):
    return mp.erfc(a / mp.sqrt(2)) / 2


def a_phi(a):
    return a * mp.exp(-a * a / 2) / mp.sqrt(2 * mp.pi)


def a_of(j, d):
    return mp.mpf(WIDTH) * (j + (mp.mpf(d) + 1) / 2)


def fit(j, f, weight):
    nodes = np.cos(np.pi * (np.arange(200) + 0.5) / 200)
    values = np.array([float(f(a_of(j, d))) for d in nodes])
    weights = np.array([float(weight(a_of(j, d))) for d in nodes])
    cheb = np.polynomial.chebyshev.chebfit(nodes, values, DEGREE, w=1 / weights)
    return np.polynomial.chebyshev.cheb2poly(cheb).astype(np.float32)


def errors(j, coef, f, weight):
    fit_worst = horner_worst = 0.0
    c = [mp.mpf(float(v)) for v in coef]
    for d in np.linspace(-1, 1, 2001):
        a, dm = a_of(j, d), mp.mpf(float(d))
        partial, sums = c[DEGREE], []
        for k in range(DEGREE - 1, -1, -1):
            partial = partial * dm + c[k]
            sums.append((k, abs(partial)))
        scale = weight(a)
        fit_worst = max(fit_worst, float(abs(partial - f(a)) / scale))
        horner_worst = max(horner_worst, float(sum(s * abs(dm) ** k for k, s in sums) * U / scale))
    return fit_worst / U, horner_worst / U


def table(name, f, weight):
    coefs = [fit(j, f, weight) for j in range(INTERVALS)]
    fit_worst = horner_worst = total = 0.0
    for j in range(INTERVALS):
        e_fit, e_horner = errors(j, coefs[j], f, weight)
        fit_worst, horner_worst, total = max(fit_worst, e_fit), max(horner_worst, e_horner), max(total, e_fit + e_horner)
    print(f"    /** {name}: row k holds the coefficient of d^k for the 16 intervals (kernels/scripts/fit_gelu_tables.py). */")
    print(f"    private static final float[][] {name} = {{")
    for k in range(DEGREE + 1):
        print("            {" + ", ".join(repr(float(coefs[j][k])) + "f" for j in range(INTERVALS)) + "},")
    print("    };")
    print(f"    // {name}: fit {fit_worst:.3f}u, Horner {horner_worst:.2f}u, worst sum {total:.2f}u")


table("TAIL", q, q)
table("SLOPE_TAIL", lambda a: q(a) - a_phi(a), lambda a: q(a) + a_phi(a))
