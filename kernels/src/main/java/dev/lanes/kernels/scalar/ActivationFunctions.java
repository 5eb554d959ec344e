package dev.lanes.kernels.scalar;

/**
 * The smooth activations of the reference, one element at a time, in double: the float reference rounds these
 * results once, so it is as close to the exact value as a float allows (within about 1 ulp), and the double
 * reference is within a few ulp except where documented below.
 *
 * <p>Java has no erf, so GELU's Φ(x) = ½·erfc(−x/√2) is computed here, from two classical expansions of
 * erfc(z), z = |x|/√2 (Abramowitz and Stegun 7.1.6 and 7.1.14; the same as Numerical Recipes §6.2):
 * <ul>
 * <li>z &lt; 1.5: erf(z) = (2/√π)·e^(−z²)·Σₙ 2ⁿz^(2n+1) / (1·3·…·(2n+1)), a series of positive terms (no
 *     cancellation; at most 25 terms below 1e-17 of the sum), and erfc = 1 − erf, which loses at most
 *     erf/erfc ≤ 29 times the rounding of erf at z = 1.5 (measured: within 1e-15 relative).
 * <li>z ≥ 1.5: the continued fraction erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + …)))), by the
 *     modified Lentz method (at most 91 steps at z = 1.5, fewer beyond; measured within 1e-15 relative).
 * </ul>
 * e^(−x²/2) is formed from x² split exactly into hi + lo (a fused multiply-add), so the argument of exp carries
 * no rounding: without that, the tail Φ(−8) would be off by u·x²/2 = 32u relative.
 */
final class ActivationFunctions {
    private ActivationFunctions() {
    }

    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    /** The cubic coefficient of PyTorch's tanh approximation of GELU. */
    private static final double GELU_TANH_CUBIC = 0.044715;
    /** Beyond it Φ(−a) &lt; 1e-322 (e^(−a²/2) underflows): 0, and the expansions need not run (nor loop on NaN). */
    private static final double TAIL_END = 38.6;

    /** e^(−x²/2), with x² split exactly into hi + lo so that the argument of exp is exact (to O(lo²)). */
    static double gaussian(double x) {
        double hi = x * x, lo = Math.fma(x, x, -hi);
        return Math.exp(-0.5 * hi) * (1 - 0.5 * lo);
    }

    /** Φ(−a) = ½·erfc(a/√2) for a ≥ 0 (NaN for NaN): the standard normal's upper tail. */
    static double upperTail(double a) {
        if (!(a < TAIL_END)) {
            return a >= TAIL_END ? 0 : Double.NaN;
        }
        double z = a * (1 / Math.sqrt(2));
        if (z < 1.5) {
            // erf(z)·√π/(2e^(−z²)) = Σ tₙ, tₙ = tₙ₋₁·2z²/(2n + 1), t₀ = z.
            double term = z, sum = z, twoZ2 = 2 * z * z;
            for (int n = 1; term > 1e-17 * sum; n++) {
                term *= twoZ2 / (2 * n + 1);
                sum += term;
            }
            return 0.5 * (1 - 2 / SQRT_PI * gaussian(a) * sum);
        }
        // Modified Lentz: f = z + a₁/(z + a₂/(z + …)) with aₖ = k/2.
        double f = z, c = z, d = 0;
        for (int k = 1; k < 1000; k++) {
            double ak = 0.5 * k;
            d = 1 / (z + ak * d);
            c = z + ak / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 0.5 * gaussian(a) / (SQRT_PI * f);
    }

    /** Φ(x), the standard normal's distribution function; 1 − Φ(−x) above 0, where no cancellation can occur. */
    static double normalCdf(double x) {
        double tail = upperTail(Math.abs(x));
        return x < 0 ? tail : 1 - tail;
    }

    /** GELU, exact form: x·Φ(x). */
    static double gelu(double x) {
        return x * normalCdf(x);
    }

    /** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
    static double geluDerivative(double x) {
        return normalCdf(x) + x * INV_SQRT_2PI * gaussian(x);
    }

    /**
     * GELU, PyTorch's tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2u) (the same
     * function: 1 + tanh(u) = 2σ(2u)), which does not cancel where tanh(u) is near −1.
     */
    static double geluTanh(double x) {
        return x * sigmoid(2 * geluTanhInner(x));
    }

    /** d/dx x·σ(2u(x)) = s + x·s(1 − s)·2u′(x), s = σ(2u), u′ = √(2/π)(1 + 3·0.044715x²). */
    static double geluTanhDerivative(double x) {
        double twiceInner = 2 * geluTanhInner(x), s = sigmoid(twiceInner), oneMinusS = sigmoid(-twiceInner);
        return s + x * s * oneMinusS * 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
    }

    private static double geluTanhInner(double x) {
        return SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x);
    }

    /** σ(z) from e^−|z|, which never overflows; 1 − σ(z) is σ(−z), without cancellation. */
    static double sigmoid(double z) {
        double e = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** SiLU: x·σ(x). */
    static double silu(double x) {
        return x * sigmoid(x);
    }

    /** d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))). */
    static double siluDerivative(double x) {
        return sigmoid(x) * (1 + x * sigmoid(-x));
    }

    /** ELU: x for x &gt; 0, else α·(e^x − 1), with expm1 so that small |x| keeps its digits. */
    static double elu(double x, double alpha) {
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    /** d/dx ELU: 1 for x &gt; 0, else α·e^x. */
    static double eluDerivative(double x, double alpha) {
        return x > 0 ? 1 : alpha * Math.exp(x);
    }

    /**
     * Softplus as PyTorch: x where βx &gt; threshold (its linear regime), else log(1 + e^(βx))/β, computed as
     * (max(βx, 0) + log1p(e^(−|βx|)))/β so that e^(βx) never overflows.
     */
    static double softplus(double x, double beta, double threshold) {
        double z = beta * x;
        if (z > threshold) {
            return x;
        }
        return (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
    }

    /** d/dx softplus: 1 in the linear regime, else σ(βx). */
    static double softplusDerivative(double x, double beta, double threshold) {
        double z = beta * x;
        return z > threshold ? 1 : sigmoid(z);
    }
}
