package dev.lanes.kernels.spi;

/**
 * The mean over rows of softmax cross-entropy losses, accumulated so that it is finite whenever the exact mean is,
 * as {@link dev.lanes.kernels.Kernels#softmaxCrossEntropy(int, int, float[], int[], float[])} promises. The scalar
 * reference and the vector provider both use it, and a provider that implements the loss itself should too: the
 * contract is this arithmetic.
 *
 * <p>Each row's loss ℓ = (max − x[label]) + log(Σ e^(x − max)) is accumulated multiplied by 2⁻³², and the mean is
 * (Σ ℓ·2⁻³²) / rows · 2³². A plain Σ ℓ overflows long before the mean does: 4 rows {1e38, −1e38} (ℓ = 2e38 each)
 * sum to 8e38 &gt; 3.4e38, and a single row {3e38, −3e38} has max − x[label] = 6e38. Scaled, max·2⁻³² and
 * x[label]·2⁻³² differ by at most 2·MAX·2⁻³², and fewer than 2³¹ rows of that sum to less than MAX, so no
 * intermediate overflows; the result is +∞ only when the mean itself is at least MAX (up to the sum's rounding).
 *
 * <p><b>Error.</b> Multiplying by a power of two is exact unless the product is subnormal, so wherever every term
 * stays at or above 2⁻¹²⁶⁺³² = 2⁻⁹⁴ ≈ 5·10⁻²⁹ (float; 2⁻⁹⁹⁰ in double) each operation rounds exactly as the
 * unscaled one would: the result has the same bits as the plain (Σ ℓ) / rows, within about rows·u relatively of
 * the mean of the rows' computed losses (u = 2⁻²⁴ in float, 2⁻⁵³ in double; the terms are ≥ 0, so the sum has no
 * cancellation).
 * Terms below that lose bits in the scaled domain, at most 2⁻¹⁴⁹ (2⁻¹⁰⁷⁴) each, which is 2⁻¹¹⁷ (2⁻¹⁰⁴²) in the
 * loss's units per row: an absolute error of at most about 4 of those on the mean.
 */
public final class LossMean {
    private LossMean() {
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    private static final float FLOAT_DOWN = Math.scalb(1f, -32), FLOAT_UP = Math.scalb(1f, 32);

    /**
     * {@code scaledTotal} plus this row's loss (max − labelLogit) + logSum, times 2⁻³².
     *
     * @param scaledTotal the scaled sum of the rows before this one (0 for the first)
     * @param max the row's largest logit
     * @param labelLogit the logit of the row's label
     * @param logSum log(Σ e^(x − max)) over the row
     * @return the scaled sum including this row
     */
    public static float addRow(float scaledTotal, float max, float labelLogit, float logSum) {
        // -log softmax[label] = (max - x[label]) + log(sum): both terms are >= 0, so no cancellation.
        return scaledTotal + ((max * FLOAT_DOWN - labelLogit * FLOAT_DOWN) + logSum * FLOAT_DOWN);
    }

    /**
     * The mean loss of {@code rows} rows whose scaled losses {@link #addRow} summed to {@code scaledTotal}.
     *
     * @param scaledTotal the scaled sum {@link #addRow} returned for the last row
     * @param rows the number of rows summed, at least 1
     * @return the mean loss per row
     */
    public static float mean(float scaledTotal, int rows) {
        return scaledTotal / rows * FLOAT_UP;
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    private static final double DOUBLE_DOWN = Math.scalb(1d, -32), DOUBLE_UP = Math.scalb(1d, 32);

    /**
     * {@code scaledTotal} plus this row's loss (max − labelLogit) + logSum, times 2⁻³².
     *
     * @param scaledTotal the scaled sum of the rows before this one (0 for the first)
     * @param max the row's largest logit
     * @param labelLogit the logit of the row's label
     * @param logSum log(Σ e^(x − max)) over the row
     * @return the scaled sum including this row
     */
    public static double addRow(double scaledTotal, double max, double labelLogit, double logSum) {
        // -log softmax[label] = (max - x[label]) + log(sum): both terms are >= 0, so no cancellation.
        return scaledTotal + ((max * DOUBLE_DOWN - labelLogit * DOUBLE_DOWN) + logSum * DOUBLE_DOWN);
    }

    /**
     * The mean loss of {@code rows} rows whose scaled losses {@link #addRow} summed to {@code scaledTotal}.
     *
     * @param scaledTotal the scaled sum {@link #addRow} returned for the last row
     * @param rows the number of rows summed, at least 1
     * @return the mean loss per row
     */
    public static double mean(double scaledTotal, int rows) {
        return scaledTotal / rows * DOUBLE_UP;
    }

    // ---- end of generated double half ----
}
