package dev.lanes.kernels.conformance;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The sizes the agreement tests draw from: the empty and tiny sizes, small primes, and one below, at and one
 * above multiples of the vector lengths of this machine (float and double) and of other machines' widths
 * (4, 8 and 16 lanes), where a kernel switches between its main loop, its tail and its masks.
 */
final class Shapes {
    /**
     * This machine's preferred vector lengths; without the Vector API module (a third party's provider may not
     * need it) those of 512-bit vectors, the widest, whose multiples the other edge sizes below cover anyway.
     */
    static final int FLOAT_LANES, DOUBLE_LANES;

    static {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        FLOAT_LANES = vectorApi ? VectorLanes.FLOATS : 16;
        DOUBLE_LANES = vectorApi ? VectorLanes.DOUBLES : 8;
    }

    /** Loaded only when the Vector API module is there: naming its types elsewhere would fail without it. */
    private static final class VectorLanes {
        static final int FLOATS = FloatVector.SPECIES_PREFERRED.length();
        static final int DOUBLES = DoubleVector.SPECIES_PREFERRED.length();
    }

    /** Sorted; the largest is a few times the widest vector. */
    static final List<Integer> EDGE_SIZES;

    static {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(0, 1, 2, 3, 5, 7, 11, 13, 17, 31, 37));
        for (int lanes : new int[] {FLOAT_LANES, DOUBLE_LANES, 4, 8, 16}) {
            for (int multiple : new int[] {1, 2, 3}) {
                for (int delta = -1; delta <= 1; delta++) {
                    sizes.add(lanes * multiple + delta);
                }
            }
        }
        EDGE_SIZES = List.copyOf(sizes);
    }

    private Shapes() {
    }

    /** An edge size most of the time, else any size below {@code bound}. */
    static int size(SplittableRandom random, int bound) {
        return random.nextInt(4) == 0 ? random.nextInt(bound) : EDGE_SIZES.get(random.nextInt(EDGE_SIZES.size()));
    }

    /** A non-zero edge size most of the time, else any size in [1, bound). */
    static int positiveSize(SplittableRandom random, int bound) {
        int size;
        do {
            size = size(random, bound);
        } while (size == 0);
        return size;
    }

    /** Sizes for one-dimensional operations: every edge size, and a few thousand elements. */
    static List<Integer> lengths() {
        TreeSet<Integer> sizes = new TreeSet<>(EDGE_SIZES);
        sizes.addAll(List.of(100, 1000, 1023, 1024, 1025, 4099, 6000));
        return List.copyOf(sizes);
    }

    static double[] uniform(SplittableRandom random, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * random.nextDouble();
        }
        return x;
    }
}
