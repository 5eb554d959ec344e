package dev.lanes.kernels;

import dev.lanes.kernels.spi.Activations;
import dev.lanes.kernels.spi.Elementwise;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;
import dev.lanes.kernels.spi.NarrowLinear;
import dev.lanes.kernels.spi.Normalization;
import dev.lanes.kernels.spi.OptimizerSteps;
import dev.lanes.kernels.spi.Reductions;
import dev.lanes.kernels.spi.Rowwise;

import java.util.List;

import static dev.lanes.kernels.Checks.dense;
import static dev.lanes.kernels.Checks.disjoint;
import static dev.lanes.kernels.Checks.end;
import static dev.lanes.kernels.Checks.nonNegative;
import static dev.lanes.kernels.Checks.strided;
import static dev.lanes.kernels.Checks.vector;

/**
 * The kernels of Lanes: GEMM and the row-wise and element-wise operations a neural network's training step
 * needs, in {@code float} and {@code double}. This class owns the contract of every operation; the work is
 * done by a {@link KernelsProvider provider} found at run time.
 *
 * <h2>Getting an instance</h2>
 * {@link #get()} returns the best provider that can run here ({@code vector} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else {@code scalar}), or the one the system property
 * {@code lanes.kernels} names. {@link #withProvider(String)} picks one by name; {@link #withThreads(int)} sets
 * how many threads a call may use (default: the system property {@code lanes.threads}, else the number of
 * available processors). Instances are immutable and safe to share between threads.
 *
 * <h2>Layout</h2>
 * Matrices are row-major. GEMM takes an offset and a leading dimension (the distance between the starts of
 * two rows) for each operand, as BLAS does. The other operations take contiguous row-major data starting at
 * index 0, with the sizes given explicitly, so an array larger than needed (a reused buffer) is fine.
 *
 * <h2>Checking and aliasing</h2>
 * Every argument is checked before any output element is written: a {@code null} array throws
 * {@link NullPointerException}, anything else that is wrong (negative sizes, arrays too short for the stated
 * shape, offsets out of range, leading dimensions smaller than a row, overlapping GEMM operands, labels out of
 * range) throws {@link IllegalArgumentException} naming the operation, the argument and the shapes. Unless a
 * method says otherwise, an element-wise or row-wise output may be the same array as its input (in place).
 *
 * <h2>NaN and infinity</h2>
 * Operations follow IEEE 754 arithmetic: a NaN input gives a NaN in the outputs it feeds. The exceptions are
 * documented per operation (a comparison with NaN is false, so ReLU's mask and gradient are 0 there). Softmax,
 * log-softmax and cross-entropy subtract each row's maximum first, so no exponential overflows: finite inputs of
 * any size give a finite softmax, and a log-softmax or cross-entropy that is finite whenever its exact value fits
 * the element type (up to rounding). Where the exact value does not fit, the result is infinite: log-softmax of
 * the float row [3e38, −3e38] is [0, −∞], as its exact value −6e38 is beyond the float range.
 *
 * <h2>Precision</h2>
 * Results are computed in the element type. Providers may sum in a different order (for example lane by
 * lane), so two providers agree to within the rounding error of the sum, not bit for bit. One provider gives
 * the same bits for the same inputs whatever its thread count.
 */
public final class Kernels {

    private final KernelsProvider provider;
    private final int threads;
    // The families are asked for once and kept in final fields, so each operation is one direct interface call.
    private final Gemm gemm;
    private final Elementwise elementwise;
    private final Activations activations;
    private final Rowwise rowwise;
    private final Reductions reductions;
    private final OptimizerSteps optimizerSteps;
    private final Normalization normalization;
    private final NarrowLinear narrowLinear;

    private Kernels(KernelsProvider provider, int threads) {
        this.provider = provider;
        this.threads = threads;
        KernelsBackend backend = provider.create(threads);
        if (backend == null) {
            throw new IllegalStateException("kernel provider '" + provider.name() + "' created a null backend");
        }
        this.gemm = family(provider, "gemm", backend.gemm());
        this.elementwise = family(provider, "elementwise", backend.elementwise());
        this.activations = family(provider, "activations", backend.activations());
        this.rowwise = family(provider, "rowwise", backend.rowwise());
        this.reductions = family(provider, "reductions", backend.reductions());
        this.optimizerSteps = family(provider, "optimizerSteps", backend.optimizerSteps());
        this.normalization = family(provider, "normalization", backend.normalization());
        this.narrowLinear = family(provider, "narrowLinear", backend.narrowLinear());
    }

    private static <T> T family(KernelsProvider provider, String name, T family) {
        if (family == null) {
            throw new IllegalStateException("kernel provider '" + provider.name() + "' returned null from " + name
                    + "(); return the default (KernelsBackend." + name + "()) to use the reference");
        }
        return family;
    }

    private static volatile Kernels defaultKernels;

    /**
     * The default kernels: chosen once per JVM, as described in the class documentation.
     *
     * @return the shared default instance, the same one on every call once it was created
     * @throws IllegalArgumentException if {@code lanes.kernels} names a provider that is missing or cannot run
     *         here, or {@code lanes.threads} is not a whole number ≥ 1; every call says so again until it is fixed
     */
    public static Kernels get() {
        Kernels kernels = defaultKernels;
        if (kernels == null) {
            // Not a holder class: a failed class initialisation would hide the reason behind NoClassDefFoundError.
            synchronized (Kernels.class) {
                kernels = defaultKernels;
                if (kernels == null) {
                    kernels = new Kernels(ProviderSelection.selectDefault(), ProviderSelection.defaultThreads());
                    defaultKernels = kernels;
                }
            }
        }
        return kernels;
    }

    /**
     * Kernels from the provider with this name, using the default thread count.
     *
     * @param name a provider's {@link KernelsProvider#name() name}, e.g. {@code "scalar"} or {@code "vector"}
     * @return new kernels backed by that provider
     * @throws IllegalArgumentException if no provider has this name, or it cannot run here (the message says why)
     */
    public static Kernels withProvider(String name) {
        return new Kernels(ProviderSelection.byName(name), ProviderSelection.defaultThreads());
    }

    /**
     * Every provider on the class path, available here or not, highest rank first.
     *
     * @return the providers {@link java.util.ServiceLoader} finds, unmodifiable; check each one's
     *         {@link KernelsProvider#unavailableReason()} before relying on it
     */
    public static List<KernelsProvider> providers() {
        return ProviderSelection.all();
    }

    /**
     * The same provider, allowed to use up to {@code threads} threads per call.
     *
     * @param threads the most threads one call may use, ≥ 1
     * @return kernels on the same provider with that thread count ({@code this} if it is unchanged)
     * @throws IllegalArgumentException if threads &lt; 1
     */
    public Kernels withThreads(int threads) {
        Checks.positive("withThreads", "threads", threads, "");
        return threads == this.threads ? this : new Kernels(provider, threads);
    }

    /**
     * The name of the provider doing the work, e.g. {@code "vector"}.
     *
     * @return the provider's {@link KernelsProvider#name() name}
     */
    public String providerName() {
        return provider.name();
    }

    /**
     * The provider's own description of what it uses here, e.g. its vector width.
     *
     * @return one line for a log, as {@link KernelsProvider#describe()}
     */
    public String describe() {
        return provider.describe();
    }

    /**
     * How many threads one call may use.
     *
     * @return the thread limit per call, ≥ 1
     */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "Kernels[" + provider.name() + ", " + threads + " thread(s): " + provider.describe() + "]";
    }

    // ================================================================================================
    // GEMM
    // ================================================================================================

    /**
     * General matrix multiply, as BLAS's {@code sgemm}: C = alpha·op(A)·op(B) + beta·C, where op(A) is m×k,
     * op(B) is k×n and C is m×n.
     *
     * <p>Storage (row-major): if {@code transA} is {@link Transpose#NONE}, A is stored m×k and
     * op(A)[i][p] = {@code a[aOffset + i·lda + p]}, with lda ≥ max(1, k); if {@link Transpose#TRANSPOSE}, A is
     * stored k×m and op(A)[i][p] = {@code a[aOffset + p·lda + i]}, with lda ≥ max(1, m). B likewise, and
     * C[i][j] = {@code c[cOffset + i·ldc + j]} with ldc ≥ max(1, n).
     *
     * <p>When beta is 0, C is not read (NaN or garbage in C does not propagate); when alpha is 0 or k is 0,
     * A and B are not read. C must not overlap A or B. Only the m×n elements of C are written.
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param n the number of columns of op(B) and of C, ≥ 0
     * @param k the inner dimension (columns of op(A), rows of op(B)), ≥ 0; 0 makes C = beta·C
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @throws NullPointerException if an array (other than {@code bias}), {@code transA}, {@code transB} or
     *         {@code activation} is {@code null}
     * @throws IllegalArgumentException if a size or offset is negative, a leading dimension is smaller than its
     *         stored row, an array is too short for its shape, or C overlaps A or B
     */
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null, Activation.IDENTITY);
    }

    /**
     * GEMM with a fused epilogue: C = act(alpha·op(A)·op(B) + beta·C + bias), where {@code bias} (length ≥ n,
     * or {@code null} for none) is added to every row, and {@code act} is applied to each element as it is
     * stored. One pass over C does what GEMM, {@link #addBias} and {@link #relu} would do in three. Otherwise
     * as {@link #gemm(Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}.
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param n the number of columns of op(B) and of C, ≥ 0
     * @param k the inner dimension (columns of op(A), rows of op(B)), ≥ 0; 0 makes C = beta·C
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @param bias a row of length ≥ n added to every row of C before the activation, or {@code null} for none
     * @param activation the function applied to each element of C as it is stored ({@link Activation#IDENTITY} for none)
     * @throws NullPointerException if an array (other than {@code bias}), {@code transA}, {@code transB} or
     *         {@code activation} is {@code null}
     * @throws IllegalArgumentException if a size or offset is negative, a leading dimension is smaller than its
     *         stored row, an array is too short for its shape, or C overlaps A or B
     */
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc,
                     float[] bias, Activation activation) {
        checkGemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, bias, activation);
        if (m == 0 || n == 0) {
            return;
        }
        if (gemm.fusesEpilogue(activation)) {
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
        } else {
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, Activation.IDENTITY);
            activateRows(activation, m, n, c, cOffset, ldc);
        }
    }

    /**
     * GEMM in double precision: C = alpha·op(A)·op(B) + beta·C; see the
     * {@linkplain #gemm(Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)
     * float version} for the storage and the rules on beta, alpha and overlap.
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param n the number of columns of op(B) and of C, ≥ 0
     * @param k the inner dimension (columns of op(A), rows of op(B)), ≥ 0; 0 makes C = beta·C
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @throws NullPointerException if an array (other than {@code bias}), {@code transA}, {@code transB} or
     *         {@code activation} is {@code null}
     * @throws IllegalArgumentException if a size or offset is negative, a leading dimension is smaller than its
     *         stored row, an array is too short for its shape, or C overlaps A or B
     */
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                     double beta, double[] c, int cOffset, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null, Activation.IDENTITY);
    }

    /**
     * GEMM with a fused epilogue in double precision: C = act(alpha·op(A)·op(B) + beta·C + bias); see the
     * {@linkplain #gemm(Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int, float[], Activation)
     * float version}.
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param n the number of columns of op(B) and of C, ≥ 0
     * @param k the inner dimension (columns of op(A), rows of op(B)), ≥ 0; 0 makes C = beta·C
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @param bias a row of length ≥ n added to every row of C before the activation, or {@code null} for none
     * @param activation the function applied to each element of C as it is stored ({@link Activation#IDENTITY} for none)
     * @throws NullPointerException if an array (other than {@code bias}), {@code transA}, {@code transB} or
     *         {@code activation} is {@code null}
     * @throws IllegalArgumentException if a size or offset is negative, a leading dimension is smaller than its
     *         stored row, an array is too short for its shape, or C overlaps A or B
     */
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                     double beta, double[] c, int cOffset, int ldc,
                     double[] bias, Activation activation) {
        checkGemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, bias, activation);
        if (m == 0 || n == 0) {
            return;
        }
        if (gemm.fusesEpilogue(activation)) {
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
        } else {
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, Activation.IDENTITY);
            activateRows(activation, m, n, c, cOffset, ldc);
        }
    }

    /**
     * The epilogue of a GEMM that does not fuse {@code activation} (see {@link Gemm#fusesEpilogue}): the
     * provider's activation kernel over C, in one call when C is dense, else row by row through a copy.
     */
    private void activateRows(Activation activation, int m, int n, float[] c, int cOffset, int ldc) {
        if (cOffset == 0 && ldc == n) {
            activate(activation, m * n, c);
            return;
        }
        float[] row = new float[n]; // a strided C with a provider that does not fuse: not a training step's path
        for (int i = 0; i < m; i++) {
            System.arraycopy(c, cOffset + i * ldc, row, 0, n);
            activate(activation, n, row);
            System.arraycopy(row, 0, c, cOffset + i * ldc, n);
        }
    }

    private void activate(Activation activation, int n, float[] x) {
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> activations.relu(n, x, x);
            case GELU -> activations.gelu(n, x, x);
            case GELU_TANH -> activations.geluTanh(n, x, x);
        }
    }

    /** {@link #activateRows(Activation, int, int, float[], int, int)} in double precision. */
    private void activateRows(Activation activation, int m, int n, double[] c, int cOffset, int ldc) {
        if (cOffset == 0 && ldc == n) {
            activate(activation, m * n, c);
            return;
        }
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(c, cOffset + i * ldc, row, 0, n);
            activate(activation, n, row);
            System.arraycopy(row, 0, c, cOffset + i * ldc, n);
        }
    }

    private void activate(Activation activation, int n, double[] x) {
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> activations.relu(n, x, x);
            case GELU -> activations.gelu(n, x, x);
            case GELU_TANH -> activations.geluTanh(n, x, x);
        }
    }

    private static void checkGemm(Transpose transA, Transpose transB, int m, int n, int k,
                                  Object a, int aOffset, int lda, Object b, int bOffset, int ldb,
                                  Object c, int cOffset, int ldc, Object bias, Activation activation) {
        String op = "gemm";
        if (transA == null || transB == null || activation == null) {
            throw new NullPointerException(op + ": " + (transA == null ? "transA" : transB == null ? "transB" : "activation") + " is null");
        }
        nonNegative(op, "m", m);
        nonNegative(op, "n", n);
        nonNegative(op, "k", k);
        boolean ta = transA == Transpose.TRANSPOSE;
        boolean tb = transB == Transpose.TRANSPOSE;
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        strided(op, "a", a, aOffset, aRows, aCols, lda);
        strided(op, "b", b, bOffset, bRows, bCols, ldb);
        strided(op, "c", c, cOffset, m, n, ldc);
        if (bias != null) {
            vector(op, "bias", bias, n);
        }
        long cEnd = end(cOffset, m, n, ldc);
        disjoint(op, "c", c, cOffset, cEnd, "a", a, aOffset, end(aOffset, aRows, aCols, lda));
        disjoint(op, "c", c, cOffset, cEnd, "b", b, bOffset, end(bOffset, bRows, bCols, ldb));
    }

    // ================================================================================================
    // Packed B (a matrix multiplied many times)
    // ================================================================================================

    /**
     * Packs op(B), k × n, once into the layout this kernels' GEMM multiplies, for the
     * {@linkplain #gemm(Transpose, int, float, float[], int, int, PackedMatrix, float, float[], int, int, float[], Activation)
     * packed GEMM}: a B multiplied many times (a layer's weights at inference) is then not packed again at every call.
     * The result is a copy; B is only read.
     *
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k, as a
     *        Linear layer's weight out×in is op(B) = Wᵀ)
     * @param k the rows of op(B), ≥ 0
     * @param n the columns of op(B), ≥ 0
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @return the packed matrix, for kernels of this provider
     * @throws NullPointerException if {@code transB} or {@code b} is {@code null}
     * @throws IllegalArgumentException if a size or offset is negative, {@code ldb} is smaller than a stored row,
     *         {@code b} is too short for its shape, or the packed matrix would not fit an array
     */
    public PackedMatrix pack(Transpose transB, int k, int n, float[] b, int bOffset, int ldb) {
        checkPack(transB, k, n, b, bOffset, ldb);
        float[] packed = new float[packedLength(k, n, gemm.floatPackedLength(k, n))];
        if (k > 0 && n > 0) {
            gemm.pack(transB, k, n, b, bOffset, ldb, packed);
        }
        return new PackedMatrix(gemm.getClass(), k, n, packed, null);
    }

    /**
     * {@link #pack(Transpose, int, int, float[], int, int)} for a double B.
     *
     * @param transB whether B is stored as op(B) ({@link Transpose#NONE}, k×n) or as its transpose (n×k)
     * @param k the rows of op(B), ≥ 0
     * @param n the columns of op(B), ≥ 0
     * @param b B's elements, starting at {@code bOffset}
     * @param bOffset the index in {@code b} of B's first element, ≥ 0
     * @param ldb the distance in {@code b} between the starts of two stored rows of B
     * @return the packed matrix, for kernels of this provider
     * @throws NullPointerException if {@code transB} or {@code b} is {@code null}
     * @throws IllegalArgumentException as for the float version
     */
    public PackedMatrix pack(Transpose transB, int k, int n, double[] b, int bOffset, int ldb) {
        checkPack(transB, k, n, b, bOffset, ldb);
        double[] packed = new double[packedLength(k, n, gemm.doublePackedLength(k, n))];
        if (k > 0 && n > 0) {
            gemm.pack(transB, k, n, b, bOffset, ldb, packed);
        }
        return new PackedMatrix(gemm.getClass(), k, n, null, packed);
    }

    /**
     * GEMM with B packed beforehand by {@link #pack(Transpose, int, int, float[], int, int) pack}:
     * C = act(alpha·op(A)·op(B) + beta·C + bias), op(B) being {@code b}'s k × n, otherwise as
     * {@link #gemm(Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int, float[], Activation)
     * gemm}. The result is within the same error bound as {@code gemm}'s, but may differ from it in the last bits where
     * {@code gemm} takes another path for the shape (a few rows go through dot products there).
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b op(B), packed by kernels of this provider from a float B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @param bias a row of length ≥ n added to every row of C before the activation, or {@code null} for none
     * @param activation the function applied to each element of C as it is stored
     * @throws NullPointerException if {@code transA}, {@code a}, {@code b}, {@code c} or {@code activation} is {@code null}
     * @throws IllegalArgumentException if {@code b} holds doubles or was packed by another provider, a size or
     *         offset is negative, a leading dimension is smaller than its stored row, an array is too short for its
     *         shape, or C overlaps A
     */
    public void gemm(Transpose transA, int m, float alpha, float[] a, int aOffset, int lda, PackedMatrix b,
                     float beta, float[] c, int cOffset, int ldc, float[] bias, Activation activation) {
        checkPackedGemm(transA, m, a, aOffset, lda, b, false, c, cOffset, ldc, bias, activation);
        int n = b.columns(), k = b.rows();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {                                  // C = act(beta·C + bias), by the plain GEMM's rule for k = 0
            gemm(transA, Transpose.NONE, m, n, 0, alpha, a, aOffset, lda, b.floats(), 0, n, beta, c, cOffset, ldc,
                    bias, activation);
        } else if (gemm.fusesEpilogue(activation)) {
            gemm.gemmPacked(transA, m, n, k, alpha, a, aOffset, lda, b.floats(), beta, c, cOffset, ldc, bias, activation);
        } else {
            gemm.gemmPacked(transA, m, n, k, alpha, a, aOffset, lda, b.floats(), beta, c, cOffset, ldc, bias,
                    Activation.IDENTITY);
            activateRows(activation, m, n, c, cOffset, ldc);
        }
    }

    /**
     * The {@linkplain #gemm(Transpose, int, float, float[], int, int, PackedMatrix, float, float[], int, int, float[], Activation)
     * packed GEMM} in double precision, with B packed from a double B.
     *
     * @param transA whether A is stored as op(A) ({@link Transpose#NONE}, m×k) or as its transpose (k×m)
     * @param m the number of rows of op(A) and of C, ≥ 0
     * @param alpha the factor applied to the product op(A)·op(B)
     * @param a A's elements, starting at {@code aOffset}
     * @param aOffset the index in {@code a} of A's first element, ≥ 0
     * @param lda the distance in {@code a} between the starts of two stored rows of A
     * @param b op(B), packed by kernels of this provider from a double B
     * @param beta the factor applied to C's old contents; 0 means C is only written
     * @param c C's elements, starting at {@code cOffset}: read when beta is not 0, then overwritten
     * @param cOffset the index in {@code c} of C's first element, ≥ 0
     * @param ldc the distance in {@code c} between the starts of two rows of C
     * @param bias a row of length ≥ n added to every row of C before the activation, or {@code null} for none
     * @param activation the function applied to each element of C as it is stored
     * @throws NullPointerException as for the float version
     * @throws IllegalArgumentException as for the float version, or if {@code b} holds floats
     */
    public void gemm(Transpose transA, int m, double alpha, double[] a, int aOffset, int lda, PackedMatrix b,
                     double beta, double[] c, int cOffset, int ldc, double[] bias, Activation activation) {
        checkPackedGemm(transA, m, a, aOffset, lda, b, true, c, cOffset, ldc, bias, activation);
        int n = b.columns(), k = b.rows();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            gemm(transA, Transpose.NONE, m, n, 0, alpha, a, aOffset, lda, b.doubles(), 0, n, beta, c, cOffset, ldc,
                    bias, activation);
        } else if (gemm.fusesEpilogue(activation)) {
            gemm.gemmPacked(transA, m, n, k, alpha, a, aOffset, lda, b.doubles(), beta, c, cOffset, ldc, bias, activation);
        } else {
            gemm.gemmPacked(transA, m, n, k, alpha, a, aOffset, lda, b.doubles(), beta, c, cOffset, ldc, bias,
                    Activation.IDENTITY);
            activateRows(activation, m, n, c, cOffset, ldc);
        }
    }

    private static void checkPack(Transpose transB, int k, int n, Object b, int bOffset, int ldb) {
        if (transB == null) {
            throw new NullPointerException("pack: transB is null");
        }
        nonNegative("pack", "k", k);
        nonNegative("pack", "n", n);
        boolean tb = transB == Transpose.TRANSPOSE;
        strided("pack", "b", b, bOffset, tb ? n : k, tb ? k : n, ldb);
    }

    private static int packedLength(int k, int n, long length) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("pack: op(B) of " + k + " × " + n + " packs into " + length
                    + " elements, more than an array holds");
        }
        return (int) length;
    }

    private void checkPackedGemm(Transpose transA, int m, Object a, int aOffset, int lda, PackedMatrix b,
                                 boolean isDouble, Object c, int cOffset, int ldc, Object bias, Activation activation) {
        String op = "gemm";
        if (b == null) {
            throw new NullPointerException(op + ": the packed matrix b is null");
        }
        if (b.isDouble() != isDouble) {
            throw new IllegalArgumentException(op + ": " + b + " holds " + (b.isDouble() ? "doubles" : "floats")
                    + ", multiplied with " + (isDouble ? "double" : "float") + " arrays; pack B from the same precision");
        }
        if (b.layout() != gemm.getClass()) {
            throw new IllegalArgumentException(op + ": " + b + " was packed by " + b.layout().getName()
                    + ", these kernels multiply with " + gemm.getClass().getName() + "; pack it with these kernels");
        }
        int k = b.rows(), n = b.columns();
        if (transA == null || activation == null) {
            throw new NullPointerException(op + ": " + (transA == null ? "transA" : "activation") + " is null");
        }
        nonNegative(op, "m", m);
        boolean ta = transA == Transpose.TRANSPOSE;
        int aRows = ta ? k : m, aCols = ta ? m : k;
        strided(op, "a", a, aOffset, aRows, aCols, lda);
        strided(op, "c", c, cOffset, m, n, ldc);
        if (bias != null) {
            vector(op, "bias", bias, n);
        }
        disjoint(op, "c", c, cOffset, end(cOffset, m, n, ldc), "a", a, aOffset, end(aOffset, aRows, aCols, lda));
    }

    // ================================================================================================
    // Narrow weights (inference)
    // ================================================================================================

    /**
     * An affine map with bfloat16 weights: y = x·Wᵀ + b, where x is rows×in, W is out×in (as PyTorch's
     * {@code nn.Linear} stores it) and y is rows×out, all row-major from index 0. Each weight is widened to float
     * as it is read (exactly: a bfloat16 is a float's upper 16 bits) and the sums are float, so the result
     * differs from {@link #gemm} on the widened weights only by the order of the sums. Float only.
     *
     * @param rows the rows of x and y (the batch), ≥ 0
     * @param in the features of each input row and the columns of W, ≥ 0; 0 makes y = b (or 0)
     * @param out the features of each output row and the rows of W, ≥ 0
     * @param x the inputs, length ≥ rows·in
     * @param weights W's bfloat16 bit patterns, length ≥ out·in
     * @param bias a row of length ≥ out added to every row of y, or {@code null} for none
     * @param y receives the outputs, length ≥ rows·out; must not be {@code x}
     * @throws NullPointerException if x, weights or y is {@code null}
     * @throws IllegalArgumentException if a size is negative, an array is shorter than its shape needs, or y is x
     */
    public void linearBFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        checkNarrowLinear("linearBFloat16", rows, in, out, x, weights, null, bias, y);
        if (rows > 0 && out > 0) {
            narrowLinear.linearBFloat16(rows, in, out, x, weights, bias, y);
        }
    }

    /**
     * As {@link #linearBFloat16}, with W in IEEE 754 binary16 (half precision, PyTorch's {@code torch.float16}),
     * widened exactly as {@link Float#float16ToFloat} does.
     *
     * @param rows the rows of x and y (the batch), ≥ 0
     * @param in the features of each input row and the columns of W, ≥ 0
     * @param out the features of each output row and the rows of W, ≥ 0
     * @param x the inputs, length ≥ rows·in
     * @param weights W's binary16 bit patterns, length ≥ out·in
     * @param bias a row of length ≥ out added to every row of y, or {@code null} for none
     * @param y receives the outputs, length ≥ rows·out; must not be {@code x}
     * @throws NullPointerException if x, weights or y is {@code null}
     * @throws IllegalArgumentException if a size is negative, an array is shorter than its shape needs, or y is x
     */
    public void linearFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        checkNarrowLinear("linearFloat16", rows, in, out, x, weights, null, bias, y);
        if (rows > 0 && out > 0) {
            narrowLinear.linearFloat16(rows, in, out, x, weights, bias, y);
        }
    }

    /**
     * As {@link #linearBFloat16}, with W quantised to signed bytes per output row (symmetric, as PyTorch's dynamic
     * quantisation: W[j] ≈ scales[j]·q[j]): y[i][j] = scales[j]·Σₚ x[i][p]·q[j][p] + b[j]. The inputs stay float.
     *
     * @param rows the rows of x and y (the batch), ≥ 0
     * @param in the features of each input row and the columns of q, ≥ 0
     * @param out the features of each output row, the rows of q and the scales, ≥ 0
     * @param x the inputs, length ≥ rows·in
     * @param weights q, length ≥ out·in
     * @param scales one factor per output row, length ≥ out
     * @param bias a row of length ≥ out added to every row of y, or {@code null} for none
     * @param y receives the outputs, length ≥ rows·out; must not be {@code x}
     * @throws NullPointerException if x, weights, scales or y is {@code null}
     * @throws IllegalArgumentException if a size is negative, an array is shorter than its shape needs, or y is x
     */
    public void linearInt8(int rows, int in, int out, float[] x, byte[] weights, float[] scales, float[] bias, float[] y) {
        if (scales == null) {
            throw new NullPointerException("linearInt8: scales is null");
        }
        checkNarrowLinear("linearInt8", rows, in, out, x, weights, scales, bias, y);
        if (rows > 0 && out > 0) {
            narrowLinear.linearInt8(rows, in, out, x, weights, scales, bias, y);
        }
    }

    private static void checkNarrowLinear(String op, int rows, int in, int out, float[] x, Object weights,
                                          float[] scales, float[] bias, float[] y) {
        nonNegative(op, "rows", rows);
        nonNegative(op, "in", in);
        nonNegative(op, "out", out);
        dense(op, "x", x, rows, in);
        dense(op, "weights", weights, out, in);
        if (scales != null) {
            vector(op, "scales", scales, out);
        }
        if (bias != null) {
            vector(op, "bias", bias, out);
        }
        dense(op, "y", y, rows, out);
        if (y == x && rows > 0 && out > 0 && in > 0) {
            throw new IllegalArgumentException(op + ": y and x must be different arrays (y is written while x is read)");
        }
    }

    // ================================================================================================
    // Bias
    // ================================================================================================

    /**
     * out[i][j] = x[i][j] + bias[j] for a rows×cols matrix x and a row {@code bias} of length ≥ cols.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major (length ≥ rows·cols)
     * @param bias the row added to every row of x (length ≥ cols)
     * @param out receives x + bias, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        checkRowOp("addBias", rows, cols, x, out);
        vector("addBias", "bias", bias, cols);
        elementwise.addBias(rows, cols, x, bias, out);
    }

    /**
     * {@link #addBias(int, int, float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major (length ≥ rows·cols)
     * @param bias the row added to every row of x (length ≥ cols)
     * @param out receives x + bias, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        checkRowOp("addBias", rows, cols, x, out);
        vector("addBias", "bias", bias, cols);
        elementwise.addBias(rows, cols, x, bias, out);
    }

    /**
     * The gradient of a bias-add: out[j] = beta·out[j] + Σᵢ x[i][j] for a rows×cols matrix x. With beta 0,
     * {@code out} is not read; with beta 1, the sums accumulate into it. {@code out} must not be {@code x}.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the matrix whose columns are summed (a batch of output gradients), rows×cols row-major (length ≥ rows·cols)
     * @param beta 0 to overwrite {@code out}, 1 to accumulate into it (any factor on out's old values)
     * @param out the column sums, length ≥ cols; must not be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs or out is x
     */
    public void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        checkColumnSums(rows, cols, x, out);
        reductions.columnSums(rows, cols, x, beta, out);
    }

    /**
     * {@link #columnSums(int, int, float[], float, float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the matrix whose columns are summed (a batch of output gradients), rows×cols row-major (length ≥ rows·cols)
     * @param beta 0 to overwrite {@code out}, 1 to accumulate into it (any factor on out's old values)
     * @param out the column sums, length ≥ cols; must not be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs or out is x
     */
    public void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        checkColumnSums(rows, cols, x, out);
        reductions.columnSums(rows, cols, x, beta, out);
    }

    private static void checkColumnSums(int rows, int cols, Object x, Object out) {
        nonNegative("columnSums", "rows", rows);
        nonNegative("columnSums", "cols", cols);
        dense("columnSums", "x", x, rows, cols);
        vector("columnSums", "out", out, cols);
        Checks.notSame("columnSums", "x", x, "out", out);
    }

    // ================================================================================================
    // Activations
    // ================================================================================================

    /**
     * out[i] = max(x[i], 0) for i &lt; n; NaN stays NaN.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives max(x, 0), length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void relu(int n, float[] x, float[] out) {
        checkElementwise("relu", n, "x", x, "out", out);
        activations.relu(n, x, out);
    }

    /**
     * {@link #relu(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives max(x, 0), length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void relu(int n, double[] x, double[] out) {
        checkElementwise("relu", n, "x", x, "out", out);
        activations.relu(n, x, out);
    }

    /**
     * mask[i] = 1 where x[i] &gt; 0, else 0 (also for NaN): ReLU's derivative, as PyTorch takes it.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the pre-activation, length ≥ n
     * @param mask receives 1 or 0 per element, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void reluMask(int n, float[] x, float[] mask) {
        checkElementwise("reluMask", n, "x", x, "mask", mask);
        activations.reluMask(n, x, mask);
    }

    /**
     * {@link #reluMask(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the pre-activation, length ≥ n
     * @param mask receives 1 or 0 per element, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void reluMask(int n, double[] x, double[] mask) {
        checkElementwise("reluMask", n, "x", x, "mask", mask);
        activations.reluMask(n, x, mask);
    }

    /**
     * ReLU's backward pass: dx[i] = dy[i] where x[i] &gt; 0, else 0 (gradient 0 at x ≤ 0 and at NaN, as
     * PyTorch). {@code x} may be ReLU's input or its output: both are positive at the same places.
     * {@code dx} may be {@code dy} or {@code x}.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x ReLU's input or output, length ≥ n: only its sign is used
     * @param dy the gradient of the loss with respect to ReLU's output, length ≥ n
     * @param dx receives the gradient with respect to ReLU's input, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void reluBackward(int n, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("reluBackward", n, "x", x, dy, dx);
        activations.reluBackward(n, x, dy, dx);
    }

    /**
     * {@link #reluBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x ReLU's input or output, length ≥ n: only its sign is used
     * @param dy the gradient of the loss with respect to ReLU's output, length ≥ n
     * @param dx receives the gradient with respect to ReLU's input, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void reluBackward(int n, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("reluBackward", n, "x", x, dy, dx);
        activations.reluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = 1 / (1 + e^(−x[i])); saturates to exactly 0 or 1 for large |x|, never NaN for finite x.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives the sigmoid of x, each in [0, 1], length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void sigmoid(int n, float[] x, float[] out) {
        checkElementwise("sigmoid", n, "x", x, "out", out);
        activations.sigmoid(n, x, out);
    }

    /**
     * {@link #sigmoid(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives the sigmoid of x, each in [0, 1], length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void sigmoid(int n, double[] x, double[] out) {
        checkElementwise("sigmoid", n, "x", x, "out", out);
        activations.sigmoid(n, x, out);
    }

    /**
     * Sigmoid's backward pass from its output y: dx[i] = dy[i]·y[i]·(1 − y[i]).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param y sigmoid's output (not its input), length ≥ n
     * @param dy the gradient of the loss with respect to y, length ≥ n
     * @param dx receives the gradient with respect to sigmoid's input, length ≥ n; may be {@code dy} or {@code y}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void sigmoidBackward(int n, float[] y, float[] dy, float[] dx) {
        checkElementwiseBackward("sigmoidBackward", n, "y", y, dy, dx);
        activations.sigmoidBackward(n, y, dy, dx);
    }

    /**
     * {@link #sigmoidBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param y sigmoid's output (not its input), length ≥ n
     * @param dy the gradient of the loss with respect to y, length ≥ n
     * @param dx receives the gradient with respect to sigmoid's input, length ≥ n; may be {@code dy} or {@code y}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void sigmoidBackward(int n, double[] y, double[] dy, double[] dx) {
        checkElementwiseBackward("sigmoidBackward", n, "y", y, dy, dx);
        activations.sigmoidBackward(n, y, dy, dx);
    }

    /**
     * out[i] = tanh(x[i]) for i &lt; n; ±1 for large |x|, never NaN for finite x.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives tanh(x), each in [−1, 1], length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void tanh(int n, float[] x, float[] out) {
        checkElementwise("tanh", n, "x", x, "out", out);
        activations.tanh(n, x, out);
    }

    /**
     * {@link #tanh(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives tanh(x), each in [−1, 1], length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void tanh(int n, double[] x, double[] out) {
        checkElementwise("tanh", n, "x", x, "out", out);
        activations.tanh(n, x, out);
    }

    /**
     * Tanh's backward pass from its output y: dx[i] = dy[i]·(1 − y[i]²).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param y tanh's output (not its input), length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code y}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void tanhBackward(int n, float[] y, float[] dy, float[] dx) {
        checkElementwiseBackward("tanhBackward", n, "y", y, dy, dx);
        activations.tanhBackward(n, y, dy, dx);
    }

    /**
     * {@link #tanhBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param y tanh's output (not its input), length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code y}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void tanhBackward(int n, double[] y, double[] dy, double[] dx) {
        checkElementwiseBackward("tanhBackward", n, "y", y, dy, dx);
        activations.tanhBackward(n, y, dy, dx);
    }

    /**
     * GELU in its exact form, as PyTorch's {@code gelu(x, approximate='none')}: out[i] = x[i]·Φ(x[i]), Φ the
     * standard normal distribution function (½·erfc(−x/√2)). Large negative x give (signed) zeros, never NaN
     * for finite x.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives GELU(x), length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void gelu(int n, float[] x, float[] out) {
        checkElementwise("gelu", n, "x", x, "out", out);
        activations.gelu(n, x, out);
    }

    /**
     * {@link #gelu(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives GELU(x), length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void gelu(int n, double[] x, double[] out) {
        checkElementwise("gelu", n, "x", x, "out", out);
        activations.gelu(n, x, out);
    }

    /**
     * GELU's backward pass from its input x: dx[i] = dy[i]·(Φ(x[i]) + x[i]·φ(x[i])), φ the standard normal
     * density.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x GELU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluBackward(int n, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("geluBackward", n, "x", x, dy, dx);
        activations.geluBackward(n, x, dy, dx);
    }

    /**
     * {@link #geluBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x GELU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluBackward(int n, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("geluBackward", n, "x", x, dy, dx);
        activations.geluBackward(n, x, dy, dx);
    }

    /**
     * GELU's tanh approximation, as PyTorch's {@code gelu(x, approximate='tanh')}: out[i] = ½x(1 +
     * tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2√(2/π)(x + 0.044715x³)) (the same function, without the
     * cancellation of 1 + tanh near −1).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives the approximation, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluTanh(int n, float[] x, float[] out) {
        checkElementwise("geluTanh", n, "x", x, "out", out);
        activations.geluTanh(n, x, out);
    }

    /**
     * {@link #geluTanh(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives the approximation, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluTanh(int n, double[] x, double[] out) {
        checkElementwise("geluTanh", n, "x", x, "out", out);
        activations.geluTanh(n, x, out);
    }

    /**
     * The tanh approximation's backward pass from its input x: dx[i] = dy[i]·(s + x·s(1 − s)·2√(2/π)(1 +
     * 3·0.044715x²)), s = σ(2√(2/π)(x + 0.044715x³)).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the approximation's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluTanhBackward(int n, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("geluTanhBackward", n, "x", x, dy, dx);
        activations.geluTanhBackward(n, x, dy, dx);
    }

    /**
     * {@link #geluTanhBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the approximation's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void geluTanhBackward(int n, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("geluTanhBackward", n, "x", x, dy, dx);
        activations.geluTanhBackward(n, x, dy, dx);
    }

    /**
     * Leaky ReLU, as PyTorch's {@code LeakyReLU}: out[i] = x[i] where x[i] &gt; 0, else slope·x[i]; NaN stays
     * NaN.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param slope the factor applied to x ≤ 0 (PyTorch's {@code negative_slope}, default 0.01), finite
     * @param x the input, length ≥ n
     * @param out receives leaky ReLU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void leakyRelu(int n, float slope, float[] x, float[] out) {
        checkElementwise("leakyRelu", n, "x", x, "out", out);
        finite("leakyRelu", "slope", slope, true);
        activations.leakyRelu(n, slope, x, out);
    }

    /**
     * {@link #leakyRelu(int, float, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param slope the factor applied to x ≤ 0 (PyTorch's {@code negative_slope}, default 0.01), finite
     * @param x the input, length ≥ n
     * @param out receives leaky ReLU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void leakyRelu(int n, double slope, double[] x, double[] out) {
        checkElementwise("leakyRelu", n, "x", x, "out", out);
        finite("leakyRelu", "slope", slope, false);
        activations.leakyRelu(n, slope, x, out);
    }

    /**
     * Leaky ReLU's backward pass: dx[i] = dy[i] where x[i] &gt; 0, else slope·dy[i] (also at NaN).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param slope the factor applied to x ≤ 0 (PyTorch's {@code negative_slope}, default 0.01), finite
     * @param x the input (or, with slope &gt; 0, the output: only the sign counts), length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void leakyReluBackward(int n, float slope, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("leakyReluBackward", n, "x", x, dy, dx);
        finite("leakyReluBackward", "slope", slope, true);
        activations.leakyReluBackward(n, slope, x, dy, dx);
    }

    /**
     * {@link #leakyReluBackward(int, float, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param slope the factor applied to x ≤ 0 (PyTorch's {@code negative_slope}, default 0.01), finite
     * @param x the input (or, with slope &gt; 0, the output: only the sign counts), length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void leakyReluBackward(int n, double slope, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("leakyReluBackward", n, "x", x, dy, dx);
        finite("leakyReluBackward", "slope", slope, false);
        activations.leakyReluBackward(n, slope, x, dy, dx);
    }

    /**
     * ELU, as PyTorch's {@code ELU}: out[i] = x[i] where x[i] &gt; 0, else alpha·(e^x[i] − 1).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the value ELU approaches as x → −∞, negated (PyTorch's default 1.0), finite
     * @param x the input, length ≥ n
     * @param out receives ELU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void elu(int n, float alpha, float[] x, float[] out) {
        checkElementwise("elu", n, "x", x, "out", out);
        finite("elu", "alpha", alpha, true);
        activations.elu(n, alpha, x, out);
    }

    /**
     * {@link #elu(int, float, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the value ELU approaches as x → −∞, negated (PyTorch's default 1.0), finite
     * @param x the input, length ≥ n
     * @param out receives ELU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void elu(int n, double alpha, double[] x, double[] out) {
        checkElementwise("elu", n, "x", x, "out", out);
        finite("elu", "alpha", alpha, false);
        activations.elu(n, alpha, x, out);
    }

    /**
     * ELU's backward pass from its input x: dx[i] = dy[i] where x[i] &gt; 0, else dy[i]·alpha·e^x[i].
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the value ELU approaches as x → −∞, negated (PyTorch's default 1.0), finite
     * @param x ELU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void eluBackward(int n, float alpha, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("eluBackward", n, "x", x, dy, dx);
        finite("eluBackward", "alpha", alpha, true);
        activations.eluBackward(n, alpha, x, dy, dx);
    }

    /**
     * {@link #eluBackward(int, float, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the value ELU approaches as x → −∞, negated (PyTorch's default 1.0), finite
     * @param x ELU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void eluBackward(int n, double alpha, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("eluBackward", n, "x", x, dy, dx);
        finite("eluBackward", "alpha", alpha, false);
        activations.eluBackward(n, alpha, x, dy, dx);
    }

    /**
     * SiLU (swish), as PyTorch's {@code SiLU}: out[i] = x[i]·σ(x[i]) = x[i] / (1 + e^−x[i]); never NaN for
     * finite x.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives SiLU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void silu(int n, float[] x, float[] out) {
        checkElementwise("silu", n, "x", x, "out", out);
        activations.silu(n, x, out);
    }

    /**
     * {@link #silu(int, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input, length ≥ n
     * @param out receives SiLU of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void silu(int n, double[] x, double[] out) {
        checkElementwise("silu", n, "x", x, "out", out);
        activations.silu(n, x, out);
    }

    /**
     * SiLU's backward pass from its input x: dx[i] = dy[i]·σ(x[i])·(1 + x[i]·(1 − σ(x[i]))).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x SiLU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void siluBackward(int n, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("siluBackward", n, "x", x, dy, dx);
        activations.siluBackward(n, x, dy, dx);
    }

    /**
     * {@link #siluBackward(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x SiLU's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void siluBackward(int n, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("siluBackward", n, "x", x, dy, dx);
        activations.siluBackward(n, x, dy, dx);
    }

    /**
     * Softplus, as PyTorch's {@code Softplus(beta, threshold)}: out[i] = x[i] where beta·x[i] &gt; threshold
     * (the linear regime), else log(1 + e^(beta·x[i])) / beta; never overflows for finite x.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param beta the sharpness β (PyTorch's default 1), finite and &gt; 0
     * @param threshold the linear regime starts where β·x exceeds it (PyTorch's default 20), not NaN
     * @param x the input, length ≥ n
     * @param out receives softplus of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void softplus(int n, float beta, float threshold, float[] x, float[] out) {
        checkElementwise("softplus", n, "x", x, "out", out);
        checkSoftplus("softplus", beta, threshold, true);
        activations.softplus(n, beta, threshold, x, out);
    }

    /**
     * {@link #softplus(int, float, float, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param beta the sharpness β (PyTorch's default 1), finite and &gt; 0
     * @param threshold the linear regime starts where β·x exceeds it (PyTorch's default 20), not NaN
     * @param x the input, length ≥ n
     * @param out receives softplus of x, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void softplus(int n, double beta, double threshold, double[] x, double[] out) {
        checkElementwise("softplus", n, "x", x, "out", out);
        checkSoftplus("softplus", beta, threshold, false);
        activations.softplus(n, beta, threshold, x, out);
    }

    /**
     * Softplus's backward pass from its input x: dx[i] = dy[i] in the linear regime (beta·x[i] &gt; threshold),
     * else dy[i]·σ(beta·x[i]).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param beta the sharpness β (PyTorch's default 1), finite and &gt; 0
     * @param threshold the linear regime starts where β·x exceeds it (PyTorch's default 20), not NaN
     * @param x softplus's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void softplusBackward(int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        checkElementwiseBackward("softplusBackward", n, "x", x, dy, dx);
        checkSoftplus("softplusBackward", beta, threshold, true);
        activations.softplusBackward(n, beta, threshold, x, dy, dx);
    }

    /**
     * {@link #softplusBackward(int, float, float, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param beta the sharpness β (PyTorch's default 1), finite and &gt; 0
     * @param threshold the linear regime starts where β·x exceeds it (PyTorch's default 20), not NaN
     * @param x softplus's input, length ≥ n
     * @param dy the gradient of the loss with respect to the output, length ≥ n
     * @param dx receives the gradient with respect to the input, length ≥ n; may be {@code dy} or {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or a hyper-parameter is out of its range
     */
    public void softplusBackward(int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        checkElementwiseBackward("softplusBackward", n, "x", x, dy, dx);
        checkSoftplus("softplusBackward", beta, threshold, false);
        activations.softplusBackward(n, beta, threshold, x, dy, dx);
    }

    // ================================================================================================
    // Softmax and losses
    // ================================================================================================

    /**
     * Row-wise softmax of a rows×cols matrix: out[i][j] = e^(x[i][j] − mᵢ) / Σⱼ e^(x[i][j] − mᵢ) with mᵢ the
     * row's maximum, so finite inputs of any magnitude give finite results that sum to 1. A row holding NaN or
     * +∞ (or only −∞) becomes NaN; −∞ entries get probability 0.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the scores (logits), rows×cols row-major (length ≥ rows·cols)
     * @param out receives the probabilities, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void softmax(int rows, int cols, float[] x, float[] out) {
        checkRowOp("softmax", rows, cols, x, out);
        rowwise.softmax(rows, cols, x, out);
    }

    /**
     * {@link #softmax(int, int, float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the scores (logits), rows×cols row-major (length ≥ rows·cols)
     * @param out receives the probabilities, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void softmax(int rows, int cols, double[] x, double[] out) {
        checkRowOp("softmax", rows, cols, x, out);
        rowwise.softmax(rows, cols, x, out);
    }

    /**
     * Row-wise log-softmax: out[i][j] = x[i][j] − mᵢ − log Σⱼ e^(x[i][j] − mᵢ), with mᵢ the row maximum, so it
     * stays finite where log(softmax(x)) would give −∞. Non-finite inputs as for {@link #softmax}.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the scores (logits), rows×cols row-major (length ≥ rows·cols)
     * @param out receives the log-probabilities, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void logSoftmax(int rows, int cols, float[] x, float[] out) {
        checkRowOp("logSoftmax", rows, cols, x, out);
        rowwise.logSoftmax(rows, cols, x, out);
    }

    /**
     * {@link #logSoftmax(int, int, float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the scores (logits), rows×cols row-major (length ≥ rows·cols)
     * @param out receives the log-probabilities, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void logSoftmax(int rows, int cols, double[] x, double[] out) {
        checkRowOp("logSoftmax", rows, cols, x, out);
        rowwise.logSoftmax(rows, cols, x, out);
    }

    /**
     * Softmax's backward pass, row by row, from its output y: dx[i][j] = y[i][j]·(dy[i][j] − Σₖ dy[i][k]·y[i][k]).
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the probabilities softmax gave, rows×cols row-major (length ≥ rows·cols)
     * @param dy the gradient of the loss with respect to y, rows×cols
     * @param dx receives the gradient with respect to softmax's input, rows×cols; may be {@code y} or {@code dy}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void softmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        checkRowBackward("softmaxBackward", rows, cols, y, dy, dx);
        rowwise.softmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * {@link #softmaxBackward(int, int, float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the probabilities softmax gave, rows×cols row-major (length ≥ rows·cols)
     * @param dy the gradient of the loss with respect to y, rows×cols
     * @param dx receives the gradient with respect to softmax's input, rows×cols; may be {@code y} or {@code dy}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void softmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        checkRowBackward("softmaxBackward", rows, cols, y, dy, dx);
        rowwise.softmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * Log-softmax's backward pass, row by row, from its output y: dx[i][j] = dy[i][j] − e^y[i][j]·Σₖ dy[i][k].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the log-probabilities log-softmax gave, rows×cols row-major (length ≥ rows·cols)
     * @param dy the gradient of the loss with respect to y, rows×cols
     * @param dx receives the gradient with respect to log-softmax's input, rows×cols; may be {@code y} or {@code dy}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void logSoftmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        checkRowBackward("logSoftmaxBackward", rows, cols, y, dy, dx);
        rowwise.logSoftmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * {@link #logSoftmaxBackward(int, int, float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the log-probabilities log-softmax gave, rows×cols row-major (length ≥ rows·cols)
     * @param dy the gradient of the loss with respect to y, rows×cols
     * @param dx receives the gradient with respect to log-softmax's input, rows×cols; may be {@code y} or {@code dy}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void logSoftmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        checkRowBackward("logSoftmaxBackward", rows, cols, y, dy, dx);
        rowwise.logSoftmaxBackward(rows, cols, y, dy, dx);
    }

    private static void checkRowBackward(String op, int rows, int cols, Object y, Object dy, Object dx) {
        nonNegative(op, "rows", rows);
        nonNegative(op, "cols", cols);
        dense(op, "y", y, rows, cols);
        dense(op, "dy", dy, rows, cols);
        dense(op, "dx", dx, rows, cols);
    }

    /**
     * Softmax cross-entropy over integer class labels, fused with its gradient: returns the mean over the
     * rows of −log softmax(logits)[i][labels[i]], and, when {@code gradient} is not {@code null}, stores
     * ∂loss/∂logits = (softmax(logits) − onehot(labels)) / rows in it (rows×cols; it may be {@code logits}).
     * The loss is finite whenever its exact value, the mean, fits the element type (up to rounding), even where
     * one row's loss or the sum of the rows' losses does not: it is accumulated scaled down
     * ({@link dev.lanes.kernels.spi.LossMean}, which also bounds its error). Four float rows {1e38, −1e38} with
     * labels 1 give 2e38; rows whose mean exceeds the largest finite value (all rows {MAX, −MAX}, labels 1) give +∞.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 0
     * @param logits the unnormalised scores, rows×cols row-major (length ≥ rows·cols)
     * @param labels the class of each sample, in [0, cols), length ≥ rows
     * @param gradient receives ∂loss/∂logits (rows×cols), or {@code null} to compute only the loss
     * @return the mean loss over the rows, ≥ 0
     * @throws IllegalArgumentException if rows is 0 (there is no mean of nothing) or a label is not in [0, cols)
     */
    public float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        checkCrossEntropy(rows, cols, logits, labels, gradient);
        return rowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    /**
     * {@link #softmaxCrossEntropy(int, int, float[], int[], float[])} in double precision.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 0
     * @param logits the unnormalised scores, rows×cols row-major (length ≥ rows·cols)
     * @param labels the class of each sample, in [0, cols), length ≥ rows
     * @param gradient receives ∂loss/∂logits (rows×cols), or {@code null} to compute only the loss
     * @return the mean loss over the rows, ≥ 0
     * @throws IllegalArgumentException if rows is 0 (there is no mean of nothing) or a label is not in [0, cols)
     */
    public double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        checkCrossEntropy(rows, cols, logits, labels, gradient);
        return rowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    private static void checkCrossEntropy(int rows, int cols, Object logits, int[] labels, Object gradient) {
        String op = "softmaxCrossEntropy";
        Checks.positive(op, "rows", rows, "(the loss is a mean over rows)");
        nonNegative(op, "cols", cols);
        dense(op, "logits", logits, rows, cols);
        if (gradient != null) {
            dense(op, "gradient", gradient, rows, cols);
        }
        Checks.labels(op, labels, rows, cols);
    }

    /**
     * Cross-entropy as PyTorch's {@code nn.CrossEntropyLoss(weight=w, label_smoothing=ε)} with mean reduction,
     * fused with its gradient. With ℓⱼ = −log softmax(logits)ᵢⱼ the loss is
     * Σᵢ [(1 − ε)·w[yᵢ]·ℓ_{yᵢ} + (ε/cols)·Σⱼ wⱼ·ℓⱼ] / Σᵢ w[yᵢ] (PyTorch 1.13's denominator for both terms), and
     * ∂loss/∂logitsᵢⱼ = (aᵢ·pᵢⱼ − (ε/cols)·wⱼ − (1 − ε)·w[yᵢ]·[j = yᵢ]) / Σᵢ w[yᵢ] with aᵢ = (1 − ε)·w[yᵢ] + (ε/cols)·Σⱼ wⱼ.
     * With no weights and ε = 0 this is {@link #softmaxCrossEntropy(int, int, float[], int[], float[])}, and is
     * computed by it (with its overflow-safe mean). Otherwise the rows' losses are summed plainly: the result is
     * finite when that sum is. If every label's weight is 0 the denominator is 0 and the loss NaN, as in PyTorch.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 1
     * @param logits the unnormalised scores, rows×cols row-major (length ≥ rows·cols)
     * @param labels the class of each sample, in [0, cols), length ≥ rows
     * @param classWeights each class's weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param labelSmoothing ε in [0, 1]: the share of the target spread evenly over the classes
     * @param gradient receives ∂loss/∂logits (rows×cols; may be {@code logits}), or {@code null} for the loss only
     * @return the weighted mean loss
     * @throws IllegalArgumentException if rows or cols is 0, a label is not in [0, cols), a weight is negative or
     *         not finite, ε is outside [0, 1], or an array is shorter than its shape needs
     */
    public float crossEntropy(int rows, int cols, float[] logits, int[] labels, float[] classWeights,
                              float labelSmoothing, float[] gradient) {
        checkWeightedCrossEntropy(rows, cols, logits, labels, labelSmoothing, gradient);
        if (classWeights == null && labelSmoothing == 0) {
            return rowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
        }
        if (classWeights != null) {
            Checks.nonNegativeFinite("crossEntropy", "classWeights", classWeights, cols);
        }
        return rowwise.crossEntropy(rows, cols, logits, labels, classWeights, labelSmoothing, gradient);
    }

    /**
     * {@link #crossEntropy(int, int, float[], int[], float[], float, float[])} in double precision.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 1
     * @param logits the unnormalised scores, rows×cols row-major (length ≥ rows·cols)
     * @param labels the class of each sample, in [0, cols), length ≥ rows
     * @param classWeights each class's weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param labelSmoothing ε in [0, 1]
     * @param gradient receives ∂loss/∂logits (rows×cols; may be {@code logits}), or {@code null} for the loss only
     * @return the weighted mean loss
     * @throws IllegalArgumentException as the float version
     */
    public double crossEntropy(int rows, int cols, double[] logits, int[] labels, double[] classWeights,
                               double labelSmoothing, double[] gradient) {
        checkWeightedCrossEntropy(rows, cols, logits, labels, labelSmoothing, gradient);
        if (classWeights == null && labelSmoothing == 0) {
            return rowwise.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
        }
        if (classWeights != null) {
            Checks.nonNegativeFinite("crossEntropy", "classWeights", classWeights, cols);
        }
        return rowwise.crossEntropy(rows, cols, logits, labels, classWeights, labelSmoothing, gradient);
    }

    private static void checkWeightedCrossEntropy(int rows, int cols, Object logits, int[] labels, double labelSmoothing,
                                                  Object gradient) {
        String op = "crossEntropy";
        Checks.positive(op, "rows", rows, "(the loss is a mean over rows)");
        Checks.positive(op, "cols", cols, "(smoothing spreads over the classes)");
        dense(op, "logits", logits, rows, cols);
        if (gradient != null) {
            dense(op, "gradient", gradient, rows, cols);
        }
        Checks.labels(op, labels, rows, cols);
        Checks.smoothing(op, labelSmoothing);
    }

    /**
     * Binary cross-entropy on logits as PyTorch's {@code nn.BCEWithLogitsLoss(pos_weight=p)} with mean reduction,
     * fused with its gradient: per element, with x the logit, y the target and p its column's positive weight,
     * (1 − y)·x + (1 + (p − 1)·y)·softplus(−x), computed in the stable form max(x, 0) − x·y + log1p(e^−|x|)
     * + (p − 1)·y·(max(−x, 0) + log1p(e^−|x|)) (the last term only with positive weights), averaged over every
     * element; ∂loss/∂x = (σ(x) − y − (p − 1)·y·σ(−x)) / (rows·cols). Targets are not checked (PyTorch does not
     * either): a loss that wants them in [0, 1] checks them once per data set.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of outputs (labels) per sample, ≥ 1
     * @param logits the scores, rows×cols row-major
     * @param targets the targets, rows×cols row-major
     * @param posWeight each column's positive weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param gradient receives ∂loss/∂logits (rows×cols; may be {@code logits}), or {@code null} for the loss only
     * @return the mean loss over the rows·cols elements
     * @throws IllegalArgumentException if rows or cols is 0, a positive weight is negative or not finite, or an
     *         array is shorter than its shape needs
     */
    public float binaryCrossEntropyWithLogits(int rows, int cols, float[] logits, float[] targets, float[] posWeight,
                                              float[] gradient) {
        checkBinaryCrossEntropy(rows, cols, logits, targets, gradient);
        if (posWeight != null) {
            Checks.nonNegativeFinite("binaryCrossEntropyWithLogits", "posWeight", posWeight, cols);
        }
        return reductions.binaryCrossEntropyWithLogits(rows, cols, logits, targets, posWeight, gradient);
    }

    /**
     * {@link #binaryCrossEntropyWithLogits(int, int, float[], float[], float[], float[])} in double precision.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of outputs (labels) per sample, ≥ 1
     * @param logits the scores, rows×cols row-major
     * @param targets the targets, rows×cols row-major
     * @param posWeight each column's positive weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param gradient receives ∂loss/∂logits (rows×cols; may be {@code logits}), or {@code null} for the loss only
     * @return the mean loss over the rows·cols elements
     * @throws IllegalArgumentException as the float version
     */
    public double binaryCrossEntropyWithLogits(int rows, int cols, double[] logits, double[] targets, double[] posWeight,
                                               double[] gradient) {
        checkBinaryCrossEntropy(rows, cols, logits, targets, gradient);
        if (posWeight != null) {
            Checks.nonNegativeFinite("binaryCrossEntropyWithLogits", "posWeight", posWeight, cols);
        }
        return reductions.binaryCrossEntropyWithLogits(rows, cols, logits, targets, posWeight, gradient);
    }

    private static void checkBinaryCrossEntropy(int rows, int cols, Object logits, Object targets, Object gradient) {
        String op = "binaryCrossEntropyWithLogits";
        Checks.positive(op, "rows", rows, "(the loss is a mean over elements)");
        Checks.positive(op, "cols", cols, "(the loss is a mean over elements)");
        dense(op, "logits", logits, rows, cols);
        dense(op, "targets", targets, rows, cols);
        if (gradient != null) {
            dense(op, "gradient", gradient, rows, cols);
        }
    }

    /**
     * Squared-error loss in the seeds' form, ½·Σᵢ (prediction[i] − target[i])² over i &lt; n; when
     * {@code gradient} is not {@code null} it receives prediction[i] − target[i] (it may be {@code prediction}).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives prediction − target (∂loss/∂prediction), length ≥ n, or {@code null} for none
     * @return ½·Σᵢ (prediction[i] − target[i])², a sum (not a mean); 0 when n is 0
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        checkHalfSquaredError(n, prediction, target, gradient);
        return reductions.halfSquaredError(n, prediction, target, gradient);
    }

    /**
     * {@link #halfSquaredError(int, float[], float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives prediction − target (∂loss/∂prediction), length ≥ n, or {@code null} for none
     * @return ½·Σᵢ (prediction[i] − target[i])², a sum (not a mean); 0 when n is 0
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        checkHalfSquaredError(n, prediction, target, gradient);
        return reductions.halfSquaredError(n, prediction, target, gradient);
    }

    private static void checkHalfSquaredError(int n, Object prediction, Object target, Object gradient) {
        nonNegative("halfSquaredError", "n", n);
        vector("halfSquaredError", "prediction", prediction, n);
        vector("halfSquaredError", "target", target, n);
        if (gradient != null) {
            vector("halfSquaredError", "gradient", gradient, n);
        }
    }

    /**
     * A regression loss as {@code torch.nn.functional}'s {@code mse_loss}, {@code l1_loss}, {@code huber_loss} and
     * {@code smooth_l1_loss} with {@code reduction="mean"}, fused with its gradient: with dᵢ = prediction[i] −
     * target[i] (rounded to the element type, as PyTorch takes it), returns (Σᵢ ℓ(dᵢ)) / n and, unless
     * {@code gradient} is {@code null}, writes gradient[i] = ℓ′(dᵢ)·s with s = 1/n rounded to the element type
     * (one multiplication, as PyTorch scales by its {@code norm}). ℓ and ℓ′, the kinks included, are as
     * {@link RegressionLoss} defines them; each term and each gradient element is the same bits from every
     * provider of Lanes (the same operations in the same order), so providers differ only in the order of the sum.
     *
     * <p><b>A mean, not a sum</b>, as PyTorch's default and {@link #binaryCrossEntropyWithLogits}: the value a
     * trainer reports. n = 0 gives NaN (PyTorch's mean of nothing) and writes nothing.
     *
     * <p><b>Summation.</b> The terms are ≥ 0 (or NaN), so the sum has no cancellation: any order of summing is
     * within γ_{n−1}·Σℓ of the exact sum of the computed terms (Higham §4.2, γₖ = k·u/(1 − k·u), u = 2⁻²⁴ in
     * float, 2⁻⁵³ in double), and the division adds u. The scalar reference sums left to right; the vector provider
     * sums lane-wise (lane l adds the elements l, l + L, l + 2L, … in order, L lanes) and then its L lanes as a
     * balanced tree, a depth of ⌈n/L⌉ − 1 + log₂L additions: within γ_{⌈n/L⌉+log₂L}·Σℓ. A NaN term gives NaN,
     * an infinite one +∞; a sum of finite terms may reach +∞ only if Σℓ is within that bound of the largest finite
     * value.
     *
     * @param kind the loss
     * @param parameter δ for {@link RegressionLoss#HUBER} (finite, &gt; 0), β for {@link RegressionLoss#SMOOTH_L1}
     *        (finite, ≥ 0); not read by the others
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives ∂mean/∂prediction, length ≥ n (may be {@code prediction} or {@code target}), or
     *        {@code null} for the loss only
     * @return the mean loss over the n elements; NaN when n is 0
     * @throws NullPointerException if kind or an array other than gradient is null
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, or the parameter is out of range
     */
    public float regressionLoss(RegressionLoss kind, float parameter, int n, float[] prediction, float[] target,
                                float[] gradient) {
        checkRegressionLoss(kind, parameter, n, prediction, target, gradient);
        return reductions.regressionLoss(kind, parameter, n, prediction, target, gradient);
    }

    /**
     * {@link #regressionLoss(RegressionLoss, float, int, float[], float[], float[])} in double precision.
     *
     * @param kind the loss
     * @param parameter δ for {@link RegressionLoss#HUBER} (finite, &gt; 0), β for {@link RegressionLoss#SMOOTH_L1}
     *        (finite, ≥ 0); not read by the others
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives ∂mean/∂prediction, length ≥ n (may be {@code prediction} or {@code target}), or
     *        {@code null} for the loss only
     * @return the mean loss over the n elements; NaN when n is 0
     * @throws NullPointerException if kind or an array other than gradient is null
     * @throws IllegalArgumentException as the float version
     */
    public double regressionLoss(RegressionLoss kind, double parameter, int n, double[] prediction, double[] target,
                                 double[] gradient) {
        checkRegressionLoss(kind, parameter, n, prediction, target, gradient);
        return reductions.regressionLoss(kind, parameter, n, prediction, target, gradient);
    }

    private static void checkRegressionLoss(RegressionLoss kind, double parameter, int n, Object prediction,
                                            Object target, Object gradient) {
        String op = "regressionLoss";
        if (kind == null) {
            throw new NullPointerException(op + ": kind is null");
        }
        nonNegative(op, "n", n);
        vector(op, "prediction", prediction, n);
        vector(op, "target", target, n);
        if (gradient != null) {
            vector(op, "gradient", gradient, n);
        }
        Checks.regressionParameter(op, kind, parameter);
    }

    // ================================================================================================
    // Element-wise and reductions
    // ================================================================================================

    /**
     * y[i] += alpha·x[i] for i &lt; n (BLAS {@code axpy}; the SGD update with alpha = −learning rate).
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the factor on x
     * @param x the vector added, length ≥ n
     * @param y the vector updated in place, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void axpy(int n, float alpha, float[] x, float[] y) {
        checkElementwise("axpy", n, "x", x, "y", y);
        elementwise.axpy(n, alpha, x, y);
    }

    /**
     * {@link #axpy(int, float, float[], float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the factor on x
     * @param x the vector added, length ≥ n
     * @param y the vector updated in place, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void axpy(int n, double alpha, double[] x, double[] y) {
        checkElementwise("axpy", n, "x", x, "y", y);
        elementwise.axpy(n, alpha, x, y);
    }

    /**
     * x[i] *= alpha for i &lt; n, in place.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the factor
     * @param x the vector scaled in place, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void scale(int n, float alpha, float[] x) {
        nonNegative("scale", "n", n);
        vector("scale", "x", x, n);
        elementwise.scale(n, alpha, x);
    }

    /**
     * {@link #scale(int, float, float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param alpha the factor
     * @param x the vector scaled in place, length ≥ n
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public void scale(int n, double alpha, double[] x) {
        nonNegative("scale", "n", n);
        vector("scale", "x", x, n);
        elementwise.scale(n, alpha, x);
    }

    /**
     * Σᵢ x[i]² for i &lt; n (the L2 penalty's ‖W‖²); 0 when n is 0.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the vector, length ≥ n
     * @return the sum of the squares of x's first n elements, ≥ 0 (or NaN if one is NaN)
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public float sumOfSquares(int n, float[] x) {
        nonNegative("sumOfSquares", "n", n);
        vector("sumOfSquares", "x", x, n);
        return reductions.sumOfSquares(n, x);
    }

    /**
     * {@link #sumOfSquares(int, float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the vector, length ≥ n
     * @return the sum of the squares of x's first n elements, ≥ 0 (or NaN if one is NaN)
     * @throws IllegalArgumentException if n is negative or an array is shorter than n
     */
    public double sumOfSquares(int n, double[] x) {
        nonNegative("sumOfSquares", "n", n);
        vector("sumOfSquares", "x", x, n);
        return reductions.sumOfSquares(n, x);
    }

    /**
     * out[i] = the column of the largest element of row i of a rows×cols matrix; the first one on ties; the
     * first NaN if the row holds one (as numpy's argmax).
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1 when rows &gt; 0
     * @param x the scores, rows×cols row-major (length ≥ rows·cols)
     * @param out receives each row's column index, in [0, cols), length ≥ rows
     * @throws IllegalArgumentException if cols is 0 while rows is not (an empty row has no largest element)
     */
    public void argmaxRows(int rows, int cols, float[] x, int[] out) {
        checkArgmax(rows, cols, x, out);
        rowwise.argmaxRows(rows, cols, x, out);
    }

    /**
     * {@link #argmaxRows(int, int, float[], int[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1 when rows &gt; 0
     * @param x the scores, rows×cols row-major (length ≥ rows·cols)
     * @param out receives each row's column index, in [0, cols), length ≥ rows
     * @throws IllegalArgumentException if cols is 0 while rows is not (an empty row has no largest element)
     */
    public void argmaxRows(int rows, int cols, double[] x, int[] out) {
        checkArgmax(rows, cols, x, out);
        rowwise.argmaxRows(rows, cols, x, out);
    }

    private static void checkArgmax(int rows, int cols, Object x, int[] out) {
        nonNegative("argmaxRows", "rows", rows);
        nonNegative("argmaxRows", "cols", cols);
        if (rows > 0) {
            Checks.positive("argmaxRows", "cols", cols, "when rows > 0 (an empty row has no largest element)");
        }
        dense("argmaxRows", "x", x, rows, cols);
        vector("argmaxRows", "out", out, rows);
    }

    /**
     * One Adam update of {@code n} parameters, as PyTorch's {@code torch.optim.Adam} (without weight decay,
     * which a caller adds to the gradient first): m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
     * param −= lr·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε), where t = {@code step} counts updates from 1.
     * {@code param}, {@code m} and {@code v} must be different arrays.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n (weight decay already added)
     * @param m the first-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param v the second-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param learningRate the step size lr, finite and ≥ 0
     * @param beta1 the first moment's decay β₁, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 the second moment's decay β₂, in [0, 1) (PyTorch's default 0.999)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param step t, this update's number counted from 1, which sets the bias corrections
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param, m and v are not
     *         three different arrays, step &lt; 1, or a hyper-parameter is out of its range
     */
    public void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        checkAdam("adamStep", n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step, true);
        optimizerSteps.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /**
     * {@link #adamStep(int, float[], float[], float[], float[], float, float, float, float, int)} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n (weight decay already added)
     * @param m the first-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param v the second-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param learningRate the step size lr, finite and ≥ 0
     * @param beta1 the first moment's decay β₁, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 the second moment's decay β₂, in [0, 1) (PyTorch's default 0.999)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param step t, this update's number counted from 1, which sets the bias corrections
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param, m and v are not
     *         three different arrays, step &lt; 1, or a hyper-parameter is out of its range
     */
    public void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        checkAdam("adamStep", n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step, false);
        optimizerSteps.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /**
     * One AdamW update of {@code n} parameters, as PyTorch's {@code torch.optim.AdamW}: weight decay decoupled from
     * the gradient, param ← param·(1 − lr·weightDecay), then the Adam update of
     * {@link #adamStep(int, float[], float[], float[], float[], float, float, float, float, int)} (which is this
     * with weightDecay 0), in one pass. {@code param}, {@code m} and {@code v} must be different arrays.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param v the second-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param learningRate the step size lr, finite and ≥ 0 (PyTorch's default 1e-3)
     * @param beta1 the first moment's decay β₁, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 the second moment's decay β₂, in [0, 1) (PyTorch's default 0.999)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param weightDecay the decoupled decay λ, finite and ≥ 0 (PyTorch's default 0.01)
     * @param step t, this update's number counted from 1, which sets the bias corrections
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param, m and v are not
     *         three different arrays, step &lt; 1, or a hyper-parameter is out of its range
     */
    public void adamwStep(int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                          float beta1, float beta2, float epsilon, float weightDecay, int step) {
        checkAdam("adamwStep", n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step, true);
        optimizerSteps.adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /**
     * {@link #adamwStep(int, float[], float[], float[], float[], float, float, float, float, float, int)} in double
     * precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param v the second-moment estimate, updated in place, length ≥ n; all 0 before the first step
     * @param learningRate the step size lr, finite and ≥ 0 (PyTorch's default 1e-3)
     * @param beta1 the first moment's decay β₁, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 the second moment's decay β₂, in [0, 1) (PyTorch's default 0.999)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param weightDecay the decoupled decay λ, finite and ≥ 0 (PyTorch's default 0.01)
     * @param step t, this update's number counted from 1, which sets the bias corrections
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param, m and v are not
     *         three different arrays, step &lt; 1, or a hyper-parameter is out of its range
     */
    public void adamwStep(int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                          double beta1, double beta2, double epsilon, double weightDecay, int step) {
        checkAdam("adamwStep", n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step, false);
        optimizerSteps.adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    private static void checkAdam(String op, int n, Object param, Object grad, Object m, Object v,
                                  double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                                  int step, boolean isFloat) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(op + ": weightDecay must be finite and >= 0, got " + show(weightDecay, isFloat));
        }
        nonNegative(op, "n", n);
        vector(op, "param", param, n);
        vector(op, "grad", grad, n);
        vector(op, "m", m, n);
        vector(op, "v", v, n);
        Checks.notSame(op, "param", param, "m", m);
        Checks.notSame(op, "param", param, "v", v);
        Checks.notSame(op, "m", m, "v", v);
        Checks.positive(op, "step", step, "(updates are counted from 1)");
        checkRate(op, learningRate, isFloat);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(op + ": beta1 and beta2 must be in [0, 1), got " + show(beta1, isFloat)
                    + " and " + show(beta2, isFloat));
        }
        positiveEpsilon(op, epsilon, isFloat);
    }

    /**
     * One update of SGD with momentum μ, as PyTorch's {@code torch.optim.SGD} with {@code dampening=0} (weight decay,
     * if any, added to the gradient first): buffer = μ·buffer + g; param −= lr·buffer, or with
     * {@code nesterov}, param −= lr·(g + μ·buffer). {@code param} and {@code buffer} must be different arrays.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param buffer the momentum buffer, updated in place, length ≥ n; all 0 before the first step (which makes it
     *        the first gradient, as PyTorch's first step does)
     * @param learningRate the step size lr, finite and ≥ 0
     * @param momentum μ, in [0, 1)
     * @param nesterov true for Nesterov momentum, false for the classical one
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param and buffer are the same
     *         array, or a hyper-parameter is out of its range
     */
    public void sgdMomentumStep(int n, float[] param, float[] grad, float[] buffer,
                                float learningRate, float momentum, boolean nesterov) {
        checkSgdMomentum(n, param, grad, buffer, learningRate, momentum, true);
        optimizerSteps.sgdMomentumStep(n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /**
     * {@link #sgdMomentumStep(int, float[], float[], float[], float, float, boolean)} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param buffer the momentum buffer, updated in place, length ≥ n; all 0 before the first step (which makes it
     *        the first gradient, as PyTorch's first step does)
     * @param learningRate the step size lr, finite and ≥ 0
     * @param momentum μ, in [0, 1)
     * @param nesterov true for Nesterov momentum, false for the classical one
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param and buffer are the same
     *         array, or a hyper-parameter is out of its range
     */
    public void sgdMomentumStep(int n, double[] param, double[] grad, double[] buffer,
                                double learningRate, double momentum, boolean nesterov) {
        checkSgdMomentum(n, param, grad, buffer, learningRate, momentum, false);
        optimizerSteps.sgdMomentumStep(n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    private static void checkSgdMomentum(int n, Object param, Object grad, Object buffer, double learningRate,
                                         double momentum, boolean isFloat) {
        String op = "sgdMomentumStep";
        nonNegative(op, "n", n);
        vector(op, "param", param, n);
        vector(op, "grad", grad, n);
        vector(op, "buffer", buffer, n);
        Checks.notSame(op, "param", param, "buffer", buffer);
        checkRate(op, learningRate, isFloat);
        inRange(op, "momentum", momentum, 0, 1, false, isFloat);
    }

    /**
     * One RMSprop update, as PyTorch's {@code torch.optim.RMSprop} (weight decay, if any, added to the gradient
     * first): s = α·s + (1−α)·g²; centred (when {@code gradAvg} is given): a = α·a + (1−α)·g and s̃ = s − a², else
     * s̃ = s; d = √s̃ + ε; with momentum μ &gt; 0, buffer = μ·buffer + g/d and param −= lr·buffer, else
     * param −= lr·g/d. The arrays updated in place must be different arrays.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param squareAvg s, the running mean of g², updated in place, length ≥ n; all 0 before the first step
     * @param gradAvg a, the running mean of g for centred RMSprop, updated in place, length ≥ n, all 0 before the
     *        first step; {@code null} for the plain (uncentred) form
     * @param buffer the momentum buffer, updated in place, length ≥ n, all 0 before the first step; read only when
     *        momentum &gt; 0, and may be {@code null} when momentum is 0
     * @param learningRate the step size lr, finite and ≥ 0 (PyTorch's default 0.01)
     * @param alpha the running means' decay α, in [0, 1] (PyTorch's default 0.99)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param momentum μ, in [0, 1) (PyTorch's default 0)
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, two updated arrays are the
     *         same, or a hyper-parameter is out of its range
     * @throws NullPointerException if param, grad or squareAvg is null, or buffer is null while momentum &gt; 0
     */
    public void rmspropStep(int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer,
                            float learningRate, float alpha, float epsilon, float momentum) {
        checkRmsprop(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum, true);
        optimizerSteps.rmspropStep(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /**
     * {@link #rmspropStep(int, float[], float[], float[], float[], float[], float, float, float, float)} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param squareAvg s, the running mean of g², updated in place, length ≥ n; all 0 before the first step
     * @param gradAvg a, the running mean of g for centred RMSprop, updated in place, length ≥ n, all 0 before the
     *        first step; {@code null} for the plain (uncentred) form
     * @param buffer the momentum buffer, updated in place, length ≥ n, all 0 before the first step; read only when
     *        momentum &gt; 0, and may be {@code null} when momentum is 0
     * @param learningRate the step size lr, finite and ≥ 0 (PyTorch's default 0.01)
     * @param alpha the running means' decay α, in [0, 1] (PyTorch's default 0.99)
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-8)
     * @param momentum μ, in [0, 1) (PyTorch's default 0)
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, two updated arrays are the
     *         same, or a hyper-parameter is out of its range
     * @throws NullPointerException if param, grad or squareAvg is null, or buffer is null while momentum &gt; 0
     */
    public void rmspropStep(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg, double[] buffer,
                            double learningRate, double alpha, double epsilon, double momentum) {
        checkRmsprop(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum, false);
        optimizerSteps.rmspropStep(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    private static void checkRmsprop(int n, Object param, Object grad, Object squareAvg, Object gradAvg, Object buffer,
                                     double learningRate, double alpha, double epsilon, double momentum, boolean isFloat) {
        String op = "rmspropStep";
        nonNegative(op, "n", n);
        vector(op, "param", param, n);
        vector(op, "grad", grad, n);
        vector(op, "squareAvg", squareAvg, n);
        Checks.notSame(op, "param", param, "squareAvg", squareAvg);
        if (gradAvg != null) {
            vector(op, "gradAvg", gradAvg, n);
            Checks.notSame(op, "param", param, "gradAvg", gradAvg);
            Checks.notSame(op, "squareAvg", squareAvg, "gradAvg", gradAvg);
        }
        inRange(op, "momentum", momentum, 0, 1, false, isFloat);
        if (momentum > 0) {
            if (buffer == null) {
                throw new NullPointerException(op + ": buffer is null but momentum is " + show(momentum, isFloat));
            }
            vector(op, "buffer", buffer, n);
            Checks.notSame(op, "param", param, "buffer", buffer);
            Checks.notSame(op, "squareAvg", squareAvg, "buffer", buffer);
            Checks.notSame(op, "gradAvg", gradAvg, "buffer", buffer);
        }
        checkRate(op, learningRate, isFloat);
        inRange(op, "alpha", alpha, 0, 1, true, isFloat);
        positiveEpsilon(op, epsilon, isFloat);
    }

    /**
     * One Adagrad update, as PyTorch's {@code torch.optim.Adagrad} (weight decay, if any, added to the gradient
     * first; the caller passes the step's decayed rate lr/(1 + (t−1)·lr_decay)): sum += g²;
     * param −= lr·g / (√sum + ε). {@code param} and {@code sum} must be different arrays.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param sum the running sum of g², updated in place, length ≥ n; PyTorch's initial_accumulator_value (0 by
     *        default) before the first step
     * @param learningRate this step's rate lr, finite and ≥ 0
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-10)
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param and sum are the same
     *         array, or a hyper-parameter is out of its range
     */
    public void adagradStep(int n, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        checkAdagrad(n, param, grad, sum, learningRate, epsilon, true);
        optimizerSteps.adagradStep(n, param, grad, sum, learningRate, epsilon);
    }

    /**
     * {@link #adagradStep(int, float[], float[], float[], float, float)} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param param the parameters, updated in place, length ≥ n
     * @param grad the gradient of the loss with respect to param, length ≥ n
     * @param sum the running sum of g², updated in place, length ≥ n; PyTorch's initial_accumulator_value (0 by
     *        default) before the first step
     * @param learningRate this step's rate lr, finite and ≥ 0
     * @param epsilon ε, added to the denominator for stability, &gt; 0 (PyTorch's default 1e-10)
     * @throws IllegalArgumentException if n is negative, an array is shorter than n, param and sum are the same
     *         array, or a hyper-parameter is out of its range
     */
    public void adagradStep(int n, double[] param, double[] grad, double[] sum, double learningRate, double epsilon) {
        checkAdagrad(n, param, grad, sum, learningRate, epsilon, false);
        optimizerSteps.adagradStep(n, param, grad, sum, learningRate, epsilon);
    }

    private static void checkAdagrad(int n, Object param, Object grad, Object sum, double learningRate, double epsilon,
                                     boolean isFloat) {
        String op = "adagradStep";
        nonNegative(op, "n", n);
        vector(op, "param", param, n);
        vector(op, "grad", grad, n);
        vector(op, "sum", sum, n);
        Checks.notSame(op, "param", param, "sum", sum);
        checkRate(op, learningRate, isFloat);
        positiveEpsilon(op, epsilon, isFloat);
    }

    /**
     * Clamps each of {@code n} elements into [−limit, limit] in place, as PyTorch's
     * {@code torch.nn.utils.clip_grad_value_} does to each gradient; NaN stays NaN.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the values, clamped in place, length ≥ n
     * @param limit the largest magnitude kept, ≥ 0 (infinity keeps everything)
     * @throws IllegalArgumentException if n is negative, x is shorter than n, or limit is negative or NaN
     */
    public void clipByValue(int n, float[] x, float limit) {
        checkClip(n, x, limit, true);
        optimizerSteps.clipByValue(n, x, limit);
    }

    /**
     * {@link #clipByValue(int, float[], float)} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the values, clamped in place, length ≥ n
     * @param limit the largest magnitude kept, ≥ 0 (infinity keeps everything)
     * @throws IllegalArgumentException if n is negative, x is shorter than n, or limit is negative or NaN
     */
    public void clipByValue(int n, double[] x, double limit) {
        checkClip(n, x, limit, false);
        optimizerSteps.clipByValue(n, x, limit);
    }

    private static void checkClip(int n, Object x, double limit, boolean isFloat) {
        nonNegative("clipByValue", "n", n);
        vector("clipByValue", "x", x, n);
        if (!(limit >= 0)) {
            throw new IllegalArgumentException("clipByValue: limit must be >= 0, got " + show(limit, isFloat));
        }
    }

    private static void checkRate(String op, double learningRate, boolean isFloat) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(op + ": learningRate must be finite and >= 0, got " + show(learningRate, isFloat));
        }
    }

    private static void positiveEpsilon(String op, double epsilon, boolean isFloat) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException(op + ": epsilon must be > 0, got " + show(epsilon, isFloat));
        }
    }

    /** value in [low, high], or [low, high) when the high end is excluded; NaN is out of every range. */
    private static void inRange(String op, String name, double value, double low, double high, boolean highIncluded,
                                boolean isFloat) {
        if (!(value >= low && (highIncluded ? value <= high : value < high))) {
            throw new IllegalArgumentException(op + ": " + name + " must be in [" + show(low, isFloat) + ", " + show(high, isFloat)
                    + (highIncluded ? "]" : ")") + ", got " + show(value, isFloat));
        }
    }

    /** A hyper-parameter as the caller wrote it: a float widened to double would print as -9.99999993922529E-9. */
    private static String show(double value, boolean isFloat) {
        return isFloat ? Float.toString((float) value) : Double.toString(value);
    }

    // ================================================================================================
    // Dropout and normalisation
    // ================================================================================================

    /**
     * Inverted dropout: out[i] = x[i]/(1 − p) where the mask keeps element i, else 0 (also where x[i] is NaN or
     * infinite). The mask is a pure function of {@code seed} and i: element i is kept when the top 24 bits of a
     * 32-bit hash of (seed, i) (MurmurHash3's finaliser, twice), a draw uniform over [0, 2²⁴), are at least
     * round(p·2²⁴); so each element is dropped with probability p (to within 2⁻²⁵), independently of the others, and
     * the mask is the same on every provider, in float and in double. The backward pass is the same call on the
     * output's gradient with the same seed.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input (or, for the backward pass, the gradient of the output), length ≥ n
     * @param p the probability of dropping an element, in [0, 1]; 0 copies x, 1 gives zeros
     * @param seed selects the mask; a training step draws a new one
     * @param out receives the kept elements, scaled, and zeros, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n or p is not in [0, 1]
     */
    public void dropout(int n, float[] x, float p, long seed, float[] out) {
        checkDropout("dropout", n, x, p, out, true);
        normalization.dropout(n, x, p, seed, out);
    }

    /**
     * {@link #dropout(int, float[], float, long, float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the input (or, for the backward pass, the gradient of the output), length ≥ n
     * @param p the probability of dropping an element, in [0, 1]; 0 copies x, 1 gives zeros
     * @param seed selects the mask; a training step draws a new one
     * @param out receives the kept elements, scaled, and zeros, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n or p is not in [0, 1]
     */
    public void dropout(int n, double[] x, double p, long seed, double[] out) {
        checkDropout("dropout", n, x, p, out, false);
        normalization.dropout(n, x, p, seed, out);
    }

    /**
     * {@link #dropout(int, float[], float, long, float[]) Dropout} of max(x, 0) in one pass, the same bits as
     * {@link #relu(int, float[], float[]) relu} followed by dropout with the same seed (a ReLU followed by a
     * Dropout in a {@code Sequential} runs as this one pass in training mode): out[i] = max(x[i], 0)/(1 − p) where
     * the mask keeps element i, else 0.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the pre-activation, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask, as for dropout
     * @param out receives the kept, rectified and scaled elements, and zeros, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n or p is not in [0, 1]
     */
    public void reluDropout(int n, float[] x, float p, long seed, float[] out) {
        checkDropout("reluDropout", n, x, p, out, true);
        normalization.reluDropout(n, x, p, seed, out);
    }

    /**
     * {@link #reluDropout(int, float[], float, long, float[])} in double precision.
     *
     * @param n the number of elements, ≥ 0; elements from n on are neither read nor written
     * @param x the pre-activation, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask, as for dropout
     * @param out receives the kept, rectified and scaled elements, and zeros, length ≥ n; may be {@code x}
     * @throws IllegalArgumentException if n is negative, an array is shorter than n or p is not in [0, 1]
     */
    public void reluDropout(int n, double[] x, double p, long seed, double[] out) {
        checkDropout("reluDropout", n, x, p, out, false);
        normalization.reluDropout(n, x, p, seed, out);
    }

    private static void checkDropout(String op, int n, Object x, double p, Object out, boolean isFloat) {
        checkElementwise(op, n, "x", x, "out", out);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": p must be in [0, 1], got " + show(p, isFloat));
        }
    }

    /**
     * The mean and the biased variance of each column of a rows×cols matrix (batch normalisation's statistics):
     * mean[j] = Σᵢ x[i][j]/rows and variance[j] = Σᵢ (x[i][j] − mean[j])²/rows, in two passes (no cancellation
     * of E[x²] − E[x]²). Multiply by rows/(rows − 1) for the unbiased variance.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the matrix, rows×cols row-major (length ≥ rows·cols)
     * @param mean receives each column's mean, length ≥ cols; not x
     * @param variance receives each column's biased variance, length ≥ cols; not x or mean
     * @throws IllegalArgumentException if rows &lt; 1, cols is negative, an array is shorter than its shape needs or two arrays are the same
     */
    public void columnMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        checkMoments("columnMoments", rows, cols, x, mean, variance, rows, cols);
        normalization.columnMoments(rows, cols, x, mean, variance);
    }

    /**
     * {@link #columnMoments(int, int, float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the matrix, rows×cols row-major (length ≥ rows·cols)
     * @param mean receives each column's mean, length ≥ cols; not x
     * @param variance receives each column's biased variance, length ≥ cols; not x or mean
     * @throws IllegalArgumentException if rows &lt; 1, cols is negative, an array is shorter than its shape needs or two arrays are the same
     */
    public void columnMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        checkMoments("columnMoments", rows, cols, x, mean, variance, rows, cols);
        normalization.columnMoments(rows, cols, x, mean, variance);
    }

    /**
     * The mean and the biased variance of each row of a rows×cols matrix (layer normalisation's statistics):
     * mean[i] = Σⱼ x[i][j]/cols and variance[i] = Σⱼ (x[i][j] − mean[i])²/cols, in two passes. Providers may sum a
     * row in another order than the reference.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the matrix, rows×cols row-major (length ≥ rows·cols)
     * @param mean receives each row's mean, length ≥ rows; not x
     * @param variance receives each row's biased variance, length ≥ rows; not x or mean
     * @throws IllegalArgumentException if cols &lt; 1, rows is negative, an array is shorter than its shape needs or two arrays are the same
     */
    public void rowMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        checkMoments("rowMoments", cols, rows, x, mean, variance, rows, cols);
        normalization.rowMoments(rows, cols, x, mean, variance);
    }

    /**
     * {@link #rowMoments(int, int, float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the matrix, rows×cols row-major (length ≥ rows·cols)
     * @param mean receives each row's mean, length ≥ rows; not x
     * @param variance receives each row's biased variance, length ≥ rows; not x or mean
     * @throws IllegalArgumentException if cols &lt; 1, rows is negative, an array is shorter than its shape needs or two arrays are the same
     */
    public void rowMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        checkMoments("rowMoments", cols, rows, x, mean, variance, rows, cols);
        normalization.rowMoments(rows, cols, x, mean, variance);
    }

    /**
     * out[i][j] = (x[i][j] − mean[j])·scale[j] + shift[j]: batch normalisation's forward pass, with scale =
     * weight/√(variance + eps) and shift = bias.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major
     * @param mean subtracted from each column, length ≥ cols
     * @param scale multiplies each column, length ≥ cols
     * @param shift added to each column, length ≥ cols
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void normalizeColumns(int rows, int cols, float[] x, float[] mean, float[] scale, float[] shift, float[] out) {
        checkRowOp("normalizeColumns", rows, cols, x, out);
        vector("normalizeColumns", "mean", mean, cols);
        vector("normalizeColumns", "scale", scale, cols);
        vector("normalizeColumns", "shift", shift, cols);
        normalization.normalizeColumns(rows, cols, x, mean, scale, shift, out);
    }

    /**
     * {@link #normalizeColumns(int, int, float[], float[], float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major
     * @param mean subtracted from each column, length ≥ cols
     * @param scale multiplies each column, length ≥ cols
     * @param shift added to each column, length ≥ cols
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void normalizeColumns(int rows, int cols, double[] x, double[] mean, double[] scale, double[] shift, double[] out) {
        checkRowOp("normalizeColumns", rows, cols, x, out);
        vector("normalizeColumns", "mean", mean, cols);
        vector("normalizeColumns", "scale", scale, cols);
        vector("normalizeColumns", "shift", shift, cols);
        normalization.normalizeColumns(rows, cols, x, mean, scale, shift, out);
    }

    /**
     * out[i][j] = (x[i][j] − mean[i])·invStd[i]·weight[j] + bias[j]: layer normalisation's forward pass, with each
     * row's own mean and invStd = 1/√(variance + eps).
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major
     * @param mean subtracted from each row, length ≥ rows
     * @param invStd multiplies each row, length ≥ rows
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void normalizeRows(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] bias, float[] out) {
        checkRowOp("normalizeRows", rows, cols, x, out);
        vector("normalizeRows", "mean", mean, rows);
        vector("normalizeRows", "invStd", invStd, rows);
        vector("normalizeRows", "weight", weight, cols);
        vector("normalizeRows", "bias", bias, cols);
        normalization.normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    /**
     * {@link #normalizeRows(int, int, float[], float[], float[], float[], float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, rows×cols row-major
     * @param mean subtracted from each row, length ≥ rows
     * @param invStd multiplies each row, length ≥ rows
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if rows or cols is negative or an array is shorter than its shape needs
     */
    public void normalizeRows(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] bias, double[] out) {
        checkRowOp("normalizeRows", rows, cols, x, out);
        vector("normalizeRows", "mean", mean, rows);
        vector("normalizeRows", "invStd", invStd, rows);
        vector("normalizeRows", "weight", weight, cols);
        vector("normalizeRows", "bias", bias, cols);
        normalization.normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    /**
     * Layer normalisation's forward pass in one call: {@link #rowMoments} into mean and invStd, then
     * invStd[i] = 1/√(invStd[i] + eps) (in double, rounded), then {@link #normalizeRows}; a provider may fuse them.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the input, rows×cols row-major
     * @param eps added to each variance, finite and &gt; 0
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param mean receives each row's mean, length ≥ rows
     * @param invStd receives each row's 1/√(variance + eps), length ≥ rows
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if cols &lt; 1, rows &lt; 0, eps is not finite and &gt; 0, an array is shorter than
     *         its shape needs, or mean or invStd is x
     */
    public void layerNormalize(int rows, int cols, float[] x, double eps, float[] weight, float[] bias, float[] mean, float[] invStd, float[] out) {
        checkMoments("layerNormalize", cols, rows, x, mean, invStd, rows, cols);
        dense("layerNormalize", "out", out, rows, cols);
        vector("layerNormalize", "weight", weight, cols);
        vector("layerNormalize", "bias", bias, cols);
        Checks.positiveFinite("layerNormalize", "eps", eps);
        normalization.layerNormalize(rows, cols, x, eps, weight, bias, mean, invStd, out);
    }

    /**
     * Layer normalisation's forward pass in one call: {@link #rowMoments} into mean and invStd, then
     * invStd[i] = 1/√(invStd[i] + eps) (in double, rounded), then {@link #normalizeRows}; a provider may fuse them.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the input, rows×cols row-major
     * @param eps added to each variance, finite and &gt; 0
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param mean receives each row's mean, length ≥ rows
     * @param invStd receives each row's 1/√(variance + eps), length ≥ rows
     * @param out receives the output, rows×cols; may be {@code x}
     * @throws IllegalArgumentException if cols &lt; 1, rows &lt; 0, eps is not finite and &gt; 0, an array is shorter than
     *         its shape needs, or mean or invStd is x
     */
    public void layerNormalize(int rows, int cols, double[] x, double eps, double[] weight, double[] bias, double[] mean, double[] invStd, double[] out) {
        checkMoments("layerNormalize", cols, rows, x, mean, invStd, rows, cols);
        dense("layerNormalize", "out", out, rows, cols);
        vector("layerNormalize", "weight", weight, cols);
        vector("layerNormalize", "bias", bias, cols);
        Checks.positiveFinite("layerNormalize", "eps", eps);
        normalization.layerNormalize(rows, cols, x, eps, weight, bias, mean, invStd, out);
    }

    /**
     * Batch normalisation's backward pass, for y = x̂·weight + bias with x̂[i][j] = (x[i][j] − mean[j])·invStd[j]:
     * dBias[j] = beta·dBias[j] + Σᵢ dy[i][j], dWeight[j] = beta·dWeight[j] + Σᵢ dy[i][j]·x̂[i][j] (old values not
     * read when beta is 0), and, when the statistics are the batch's own (training),
     * dx = weight·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)) per column, else (running statistics, evaluation)
     * dx = weight·invStd·dy.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the forward pass's input, rows×cols row-major
     * @param mean the mean the forward pass subtracted, length ≥ cols
     * @param invStd 1/√(variance + eps) of the forward pass, length ≥ cols
     * @param weight the forward pass's weight, length ≥ cols
     * @param batchStatistics true if mean and invStd are x's own column statistics, false if they are constants
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x, rows×cols; may be {@code dy}, not another input
     * @param beta 0 to overwrite dWeight and dBias, 1 to accumulate into them
     * @param dWeight receives the weight's gradient, length ≥ cols
     * @param dBias receives the bias's gradient, length ≥ cols
     * @throws IllegalArgumentException if rows &lt; 1, cols is negative, an array is shorter than its shape needs, or an output is an input it may not be
     */
    public void normalizeColumnsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight, boolean batchStatistics, float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        Checks.positive("normalizeColumnsBackward", "rows", rows, "(a batch to normalise)");
        checkNormalizeBackward("normalizeColumnsBackward", rows, cols, x, mean, invStd, weight, dy, dx, dWeight, dBias, cols);
        normalization.normalizeColumnsBackward(rows, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta, dWeight, dBias);
    }

    /**
     * {@link #normalizeColumnsBackward(int, int, float[], float[], float[], float[], boolean, float[], float[], float, float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the forward pass's input, rows×cols row-major
     * @param mean the mean the forward pass subtracted, length ≥ cols
     * @param invStd 1/√(variance + eps) of the forward pass, length ≥ cols
     * @param weight the forward pass's weight, length ≥ cols
     * @param batchStatistics true if mean and invStd are x's own column statistics, false if they are constants
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x, rows×cols; may be {@code dy}, not another input
     * @param beta 0 to overwrite dWeight and dBias, 1 to accumulate into them
     * @param dWeight receives the weight's gradient, length ≥ cols
     * @param dBias receives the bias's gradient, length ≥ cols
     * @throws IllegalArgumentException if rows &lt; 1, cols is negative, an array is shorter than its shape needs, or an output is an input it may not be
     */
    public void normalizeColumnsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight, boolean batchStatistics, double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        Checks.positive("normalizeColumnsBackward", "rows", rows, "(a batch to normalise)");
        checkNormalizeBackward("normalizeColumnsBackward", rows, cols, x, mean, invStd, weight, dy, dx, dWeight, dBias, cols);
        normalization.normalizeColumnsBackward(rows, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta, dWeight, dBias);
    }

    /**
     * Layer normalisation's backward pass, for y = x̂·weight + bias with x̂[i][j] = (x[i][j] − mean[i])·invStd[i]
     * and each row's own statistics: dBias[j] = beta·dBias[j] + Σᵢ dy[i][j], dWeight[j] = beta·dWeight[j] +
     * Σᵢ dy[i][j]·x̂[i][j] (old values not read when beta is 0), and per row, with g = dy·weight,
     * dx = invStd·(g − mean(g) − x̂·mean(g·x̂)). Providers may sum a row in another order than the reference.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the forward pass's input, rows×cols row-major
     * @param mean each row's mean, length ≥ rows
     * @param invStd each row's 1/√(variance + eps), length ≥ rows
     * @param weight the forward pass's weight, length ≥ cols
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x, rows×cols; may be {@code dy}, not another input
     * @param beta 0 to overwrite dWeight and dBias, 1 to accumulate into them
     * @param dWeight receives the weight's gradient, length ≥ cols
     * @param dBias receives the bias's gradient, length ≥ cols
     * @throws IllegalArgumentException if cols &lt; 1, rows is negative, an array is shorter than its shape needs, or an output is an input it may not be
     */
    public void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        Checks.positive("normalizeRowsBackward", "cols", cols, "(a row to normalise)");
        checkNormalizeBackward("normalizeRowsBackward", rows, cols, x, mean, invStd, weight, dy, dx, dWeight, dBias, rows);
        normalization.normalizeRowsBackward(rows, cols, x, mean, invStd, weight, dy, dx, beta, dWeight, dBias);
    }

    /**
     * {@link #normalizeRowsBackward(int, int, float[], float[], float[], float[], float[], float[], float, float[], float[])} in double precision.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the forward pass's input, rows×cols row-major
     * @param mean each row's mean, length ≥ rows
     * @param invStd each row's 1/√(variance + eps), length ≥ rows
     * @param weight the forward pass's weight, length ≥ cols
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x, rows×cols; may be {@code dy}, not another input
     * @param beta 0 to overwrite dWeight and dBias, 1 to accumulate into them
     * @param dWeight receives the weight's gradient, length ≥ cols
     * @param dBias receives the bias's gradient, length ≥ cols
     * @throws IllegalArgumentException if cols &lt; 1, rows is negative, an array is shorter than its shape needs, or an output is an input it may not be
     */
    public void normalizeRowsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        Checks.positive("normalizeRowsBackward", "cols", cols, "(a row to normalise)");
        checkNormalizeBackward("normalizeRowsBackward", rows, cols, x, mean, invStd, weight, dy, dx, dWeight, dBias, rows);
        normalization.normalizeRowsBackward(rows, cols, x, mean, invStd, weight, dy, dx, beta, dWeight, dBias);
    }

    private static void checkMoments(String op, int statisticsOver, int statistics, Object x, Object mean, Object variance,
                                     int rows, int cols) {
        Checks.positive(op, op.equals("columnMoments") ? "rows" : "cols", statisticsOver, "(the statistics average over it)");
        nonNegative(op, op.equals("columnMoments") ? "cols" : "rows", statistics);
        dense(op, "x", x, rows, cols);
        vector(op, "mean", mean, statistics);
        vector(op, "variance", variance, statistics);
        Checks.notSame(op, "x", x, "mean", mean);
        Checks.notSame(op, "x", x, "variance", variance);
        Checks.notSame(op, "mean", mean, "variance", variance);
    }

    private static void checkNormalizeBackward(String op, int rows, int cols, Object x, Object mean, Object invStd,
                                               Object weight, Object dy, Object dx, Object dWeight, Object dBias,
                                               int statistics) {
        nonNegative(op, "rows", rows);
        nonNegative(op, "cols", cols);
        dense(op, "x", x, rows, cols);
        dense(op, "dy", dy, rows, cols);
        dense(op, "dx", dx, rows, cols);
        vector(op, "mean", mean, statistics);
        vector(op, "invStd", invStd, statistics);
        vector(op, "weight", weight, cols);
        vector(op, "dWeight", dWeight, cols);
        vector(op, "dBias", dBias, cols);
        // dx is written while x and the statistics are still read; dWeight and dBias before dy is done with.
        Checks.notSame(op, "x", x, "dx", dx);
        notGradientOf(op, "x", x, dWeight, dBias);
        notGradientOf(op, "mean", mean, dWeight, dBias);
        notGradientOf(op, "invStd", invStd, dWeight, dBias);
        notGradientOf(op, "weight", weight, dWeight, dBias);
        notGradientOf(op, "dy", dy, dWeight, dBias);
        Checks.notSame(op, "dWeight", dWeight, "dBias", dBias);
        Checks.notSame(op, "dx", dx, "dWeight", dWeight);
        Checks.notSame(op, "dx", dx, "dBias", dBias);
        Checks.notSame(op, "mean", mean, "dx", dx);
        Checks.notSame(op, "invStd", invStd, "dx", dx);
        Checks.notSame(op, "weight", weight, "dx", dx);
    }

    private static void notGradientOf(String op, String name, Object input, Object dWeight, Object dBias) {
        Checks.notSame(op, name, input, "dWeight", dWeight);
        Checks.notSame(op, name, input, "dBias", dBias);
    }

    // ================================================================================================

    private static void finite(String op, String name, double value, boolean isFloat) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite, got " + show(value, isFloat));
        }
    }

    private static void checkSoftplus(String op, double beta, double threshold, boolean isFloat) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException(op + ": beta must be finite and > 0, got " + show(beta, isFloat));
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException(op + ": threshold must not be NaN");
        }
    }

    /** The element-wise operations' check: n ≥ 0 and both arrays hold n elements. */
    private static void checkElementwise(String op, int n, String inName, Object in, String outName, Object out) {
        nonNegative(op, "n", n);
        vector(op, inName, in, n);
        vector(op, outName, out, n);
    }

    /**
     * The element-wise backward passes' check: {@link #checkElementwise} of the array the derivative is taken from
     * (the forward's input or output, named {@code savedName}) and dx, then dy.
     */
    private static void checkElementwiseBackward(String op, int n, String savedName, Object saved, Object dy, Object dx) {
        checkElementwise(op, n, savedName, saved, "dx", dx);
        vector(op, "dy", dy, n);
    }

    private static void checkRowOp(String op, int rows, int cols, Object x, Object out) {
        nonNegative(op, "rows", rows);
        nonNegative(op, "cols", cols);
        dense(op, "x", x, rows, cols);
        dense(op, "out", out, rows, cols);
    }
}
