#!/usr/bin/env python3
"""Measures the error of the vector provider's float expm1 (VectorMath.expm1(FloatVector)) against exact values.

Replays its arithmetic in numpy float32, step for step (a fused multiply-add as the exact float64 product of two
floats plus the addend, rounded to float32: the product is exact in float64, the sum may round twice, which moves
the estimate by far less than the 0.01u printed), and compares with math.expm1 in double (within 1e-16 relative).
Prints the worst relative error in units of u = 2^-24 over 10^6 random arguments in [-90, 89] and 10^6 in [-1, 1].

    python3 kernels/scripts/expm1_float_error.py      # needs numpy (Debian: python3-numpy)
"""
import math

import numpy as np

f32 = np.float32
U = 2.0 ** -24
ROUNDER, LOG2E = f32(1.5 * 2 ** 23), f32(1.44269504088896341)
LN2_HI, LN2_LO = f32(0.693359375), f32(-2.12194440e-4)
COEFFICIENTS = [1 / 40320, 1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 0.5, 1.0]


def fma(a, b, c):
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(f32)


def expm1_float(x):
    x = x.astype(f32)
    clamped = np.maximum(x, f32(-88))
    rounded = fma(np.minimum(clamped, f32(88)), np.full_like(x, LOG2E), np.full_like(x, ROUNDER))
    k = (rounded - ROUNDER).astype(f32)
    r = fma(k, np.full_like(x, -LN2_LO), (k * -LN2_HI + clamped).astype(f32))
    q = fma(r, np.full_like(x, f32(COEFFICIENTS[0])), np.full_like(x, f32(COEFFICIENTS[1])))
    for c in COEFFICIENTS[2:]:
        q = fma(q, r, np.full_like(x, f32(c)))
    power = np.ldexp(np.ones_like(x, dtype=np.float64), k.astype(np.int64)).astype(f32)
    return fma((q * r).astype(f32), power, (power - f32(1)).astype(f32))


def worst(x):
    x = x.astype(f32)
    got = expm1_float(x).astype(np.float64)
    exact = np.array([math.expm1(float(v)) for v in x])
    finite = np.isfinite(exact) & (np.abs(exact) < float(np.finfo(f32).max))
    rel = np.abs(got[finite] - exact[finite]) / np.abs(exact[finite])
    i = int(np.argmax(rel))
    return rel[i] / U, float(x[finite][i])


def main():
    rng = np.random.default_rng(1)
    for low, high in ((-90, 89), (-1, 1), (88, 88.72)):
        error, at = worst(rng.uniform(low, high, 1_000_000))
        print(f"[{low}, {high}]: worst relative error {error:.2f} u at x = {at!r}")


if __name__ == "__main__":
    main()
