package dev.lanes.kernels.vector.gemm;

/**
 * One thread's scratch memory for GEMM: the packed panels of B and A, the register tile's spill area and the
 * dot-product path's buffers, a swapped product's Cᵀ, a narrow B's widened chunk, in both precisions. Arrays only grow, so a thread that repeats a call allocates
 * nothing after the first.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private float[] floatB = new float[0];
    private float[] floatA = new float[0];
    private float[] floatTile = new float[0];
    private double[] doubleB = new double[0];
    private double[] doubleA = new double[0];
    private double[] doubleTile = new double[0];

    private float[] floatScratch = new float[0];
    private float[] floatRows = new float[0];
    private double[] doubleRows = new double[0];
    private double[] doubleScratch = new double[0];
    private float[] floatSwapped = new float[0];
    private double[] doubleSwapped = new double[0];
    private float[] floatWidened = new float[0];
    private double[] doubleWidened = new double[0];

    private Workspace() {
    }

    /** The calling thread's workspace. */
    static Workspace get() {
        return CURRENT.get();
    }

    float[] floatScratch(int size) {
        if (floatScratch.length < size) {
            floatScratch = new float[size];
        }
        return floatScratch;
    }

    double[] doubleScratch(int size) {
        if (doubleScratch.length < size) {
            doubleScratch = new double[size];
        }
        return doubleScratch;
    }

    /**
     * Rows of a narrow B widened before they are transposed into a panel ({@link Widening}); on the dot-product
     * path, the K tails of op(B)'s columns (the two never in the same call).
     */
    float[] floatRows(int size) {
        if (floatRows.length < size) {
            floatRows = new float[size];
        }
        return floatRows;
    }

    double[] doubleRows(int size) {
        if (doubleRows.length < size) {
            doubleRows = new double[size];
        }
        return doubleRows;
    }

    float[] floatB(int size) {
        if (floatB.length < size) {
            floatB = new float[size];
        }
        return floatB;
    }

    float[] floatA(int size) {
        if (floatA.length < size) {
            floatA = new float[size];
        }
        return floatA;
    }

    float[] floatTile(int size) {
        if (floatTile.length < size) {
            floatTile = new float[size];
        }
        return floatTile;
    }

    double[] doubleB(int size) {
        if (doubleB.length < size) {
            doubleB = new double[size];
        }
        return doubleB;
    }

    double[] doubleA(int size) {
        if (doubleA.length < size) {
            doubleA = new double[size];
        }
        return doubleA;
    }

    double[] doubleTile(int size) {
        if (doubleTile.length < size) {
            doubleTile = new double[size];
        }
        return doubleTile;
    }

    /** The products of a swapped GEMM (Cᵀ), which the epilogue then stores transposed into C. */
    float[] floatSwapped(int size) {
        if (floatSwapped.length < size) {
            floatSwapped = new float[size];
        }
        return floatSwapped;
    }

    double[] doubleSwapped(int size) {
        if (doubleSwapped.length < size) {
            doubleSwapped = new double[size];
        }
        return doubleSwapped;
    }

    /** A chunk of a narrow B widened for the paths that read B in place (not the blocked one, which packs it). */
    float[] floatWidened(int size) {
        if (floatWidened.length < size) {
            floatWidened = new float[size];
        }
        return floatWidened;
    }

    double[] doubleWidened(int size) {
        if (doubleWidened.length < size) {
            doubleWidened = new double[size];
        }
        return doubleWidened;
    }
}
