package dev.lanes.kernels.vector;

/**
 * Per-thread space, one element per lane, where a vector's lanes are stored to be added in the fixed order of
 * {@link VectorMath#sumLanes}. A kernel call must not allocate (a training step runs thousands of them), and C2
 * does not reliably scalar-replace a fresh array that a vector is stored into; a {@link ThreadLocal} keeps the
 * kernels safe to call from many threads at once.
 */
final class LaneScratch {
    private static final ThreadLocal<float[]> FLOATS =
            ThreadLocal.withInitial(() -> new float[PreferredSpecies.FLOATS.length()]);
    private static final ThreadLocal<double[]> DOUBLES =
            ThreadLocal.withInitial(() -> new double[PreferredSpecies.DOUBLES.length()]);

    private LaneScratch() {
    }

    static float[] floats() {
        return FLOATS.get();
    }

    static double[] doubles() {
        return DOUBLES.get();
    }
}
