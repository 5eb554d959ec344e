package dev.lanes.kernels.vector;

/**
 * Per-thread space: one element per lane, where a vector's lanes are stored to be added in the fixed order of
 * {@link VectorMath#sumLanes}; and a row's worth of per-column accumulators, for the kernels that sum a matrix's
 * columns while reading it row by row (sequentially: walking a column at a stride of a row costs several times
 * more). A kernel call must not allocate (a training step runs thousands of them), and C2 does not reliably
 * scalar-replace a fresh array that a vector is stored into; a {@link ThreadLocal} keeps the kernels safe to call
 * from many threads at once. The column space grows to the widest request and is then kept.
 */
final class LaneScratch {
    private static final ThreadLocal<float[]> FLOATS =
            ThreadLocal.withInitial(() -> new float[PreferredSpecies.FLOATS.length()]);
    private static final ThreadLocal<double[]> DOUBLES =
            ThreadLocal.withInitial(() -> new double[PreferredSpecies.DOUBLES.length()]);

    private static final ThreadLocal<float[][]> FLOAT_COLUMNS = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<double[][]> DOUBLE_COLUMNS = ThreadLocal.withInitial(() -> new double[1][0]);

    private LaneScratch() {
    }

    /** At least {@code n} floats of this thread's, contents undefined. */
    static float[] floats(int n) {
        float[][] holder = FLOAT_COLUMNS.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /** At least {@code n} doubles of this thread's, contents undefined. */
    static double[] doubles(int n) {
        double[][] holder = DOUBLE_COLUMNS.get();
        if (holder[0].length < n) {
            holder[0] = new double[n];
        }
        return holder[0];
    }

    static float[] floats() {
        return FLOATS.get();
    }

    static double[] doubles() {
        return DOUBLES.get();
    }
}
