package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares one provider's outputs of one case with the reference's, element by element, against per-element
 * tolerances derived in the calling test. A tolerance of 0 means the same value (NaN matches NaN, −0 matches
 * +0); an infinite expected value must be matched exactly.
 */
final class Agreement {
    /** Number of elements that follow the data in every array the tests make: they must never be written. */
    static final int TAIL = 3;
    static final double SENTINEL = 1000;

    /**
     * The largest |difference| / tolerance seen since the last {@link #resetWorst()}, and how many elements
     * differed at all: printed per operation, to show that the tolerances are tight enough to matter and that the
     * providers really do differ from the reference somewhere.
     */
    private static double worstRatio;
    private static long differingElements, comparedElements;

    private Agreement() {
    }

    /** The provider whose results every other is compared with. */
    static final String REFERENCE = "scalar";

    /** The reference kernels: the portable scalar provider, whose operations every SPI family defaults to. */
    static Kernels reference() {
        return Kernels.withProvider(REFERENCE);
    }

    static void resetWorst() {
        worstRatio = 0;
        differingElements = 0;
        comparedElements = 0;
    }

    static String worst() {
        return String.format("max |difference|/tolerance %.3g, %d of %d compared elements differ",
                worstRatio, differingElements, comparedElements);
    }

    static void record(double expected, double actual, double tolerance) {
        comparedElements++;
        if (Double.isFinite(expected) && Double.isFinite(actual) && expected != actual) {
            differingElements++;
            worstRatio = Math.max(worstRatio, tolerance == 0 ? Double.POSITIVE_INFINITY : Math.abs(actual - expected) / tolerance);
        }
    }

    /** {@code values} followed by {@link #TAIL} sentinel elements, rounded to the precision. */
    static double[] withTail(Precision p, double[] values) {
        double[] x = java.util.Arrays.copyOf(values, values.length + TAIL);
        for (int i = values.length; i < x.length; i++) {
            x[i] = SENTINEL + i;
        }
        return p.round(x);
    }

    /** An output buffer of n elements plus tail, pre-filled with a sentinel pattern (or NaN if asked). */
    static double[] outputBuffer(Precision p, int n, boolean nan) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, nan ? Double.NaN : -SENTINEL);
        return withTail(p, x);
    }

    static boolean within(double expected, double actual, double tolerance) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= tolerance;
    }

    /**
     * Runs {@code call} on the reference and on every provider, and fails with the provider, the output, the
     * index and the case (which includes its seed) on the first element out of tolerance.
     *
     * @param call       runs the case on a Kernels, returns its outputs (fresh inputs each time)
     * @param tolerances from the reference outputs, the per-element tolerance of each output
     */
    static void check(String what, Kernels reference, List<Kernels> providers,
                      Function<Kernels, List<double[]>> call,
                      Function<List<double[]>, List<double[]>> tolerances) {
        List<double[]> expected = call.apply(reference);
        List<double[]> tolerance = tolerances.apply(expected);
        for (Kernels provider : providers) {
            List<double[]> actual = call.apply(provider);
            for (int o = 0; o < expected.size(); o++) {
                double[] e = expected.get(o), a = actual.get(o), t = tolerance.get(o);
                for (int i = 0; i < e.length; i++) {
                    record(e[i], a[i], t[i]);
                    if (!within(e[i], a[i], t[i])) {
                        fail("provider '" + provider.providerName() + "', output " + o + "[" + i + "] = " + a[i]
                                + " but scalar gives " + e[i] + " (|difference| " + Math.abs(a[i] - e[i])
                                + " > tolerance " + t[i] + ") in " + what);
                    }
                }
            }
        }
    }

    /** Tolerance 0 for every element of every output: exact agreement. */
    static List<double[]> exact(List<double[]> outputs) {
        return outputs.stream().map(o -> new double[o.length]).toList();
    }
}
