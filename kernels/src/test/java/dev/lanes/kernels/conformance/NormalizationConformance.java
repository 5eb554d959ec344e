package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.lanes.kernels.conformance.Agreement.outputBuffer;
import static dev.lanes.kernels.conformance.Agreement.withTail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

/**
 * The normalisation family (dropout, column and row moments, batch and layer normalisation forward and backward)
 * against the scalar reference, in float and double, on every {@link Shapes edge size}, with sentinel tails, in
 * place where the contract allows it; and its bad arguments, rejected before anything is written.
 *
 * <h2>Tolerances (u, γₙ as in {@link OpsConformance})</h2>
 * <ul>
 * <li><b>Exact</b>: dropout (a selection and one multiplication), normalizeColumnsBackward (each
 *     column summed over the rows in row order, as the reference does), normalizeColumns and normalizeRows (the
 *     same operations in the same order, no fused multiply-add), and normalizeRowsBackward's dWeight and dBias
 *     (column sums in row order).
 * <li><b>rowMoments</b> may sum a row in any order. Each implementation's mean is within
 *     eₘ = γₙ₊₁·Σ|x|/n of the exact mean m (n − 1 additions, a division). Its variance is
 *     (1 + θ)·(V + δ²) with |θ| ≤ γₙ₊₃ (a subtraction, a square, n − 1 additions, a division) and δ its mean's
 *     error, because Σ(x − m − δ)² = Σ(x − m)² + nδ² when m is the exact mean. Two implementations therefore differ
 *     by at most 2eₘ in the mean and 2(γₙ₊₃·(V + eₘ²) + eₘ²) in the variance, V bounded by the reference's
 *     variance times (1 + γₙ₊₃) plus eₘ².
 * <li><b>columnMoments</b> may take each column's statistics by blocks of consecutive rows (two passes over each
 *     block, then Chan, Golub and LeVeque's merge of means and sums of squared deviations M2), the reference being
 *     one block. With M = max|x| over the column and n rows: a block's mean is within γ_B·M of its exact mean, and a
 *     merge mean + (mean_b − mean)·n_b/n keeps the larger error of its two means (weights summing to 1) and adds at
 *     most 2γ₄·M + u·M of its own; at most n − 1 merges and B ≤ n make the mean's error e ≤ γ₁₀ₙ·M. For M2, each
 *     block's two-pass sum is (1 + θ)(M2_b + B·ε²) (ε its mean's error, |θ| ≤ γ_B+3), each merge adds
 *     δ̂²·n_a·n_b/n with |δ̂ − δ| ≤ 2e, and the weights n_a·n_b/n sum to at most n, so by Cauchy–Schwarz
 *     Σ w·|δ| ≤ √(n·M2): the variance is within γ₁₀ₙ·V + (1 + γ₁₀ₙ)(4e√V + 6e²) of the exact V, and the
 *     reference's within γₙ₊₃·(V + e²) + e² (both bounded by the sum), with V ≤ the reference's variance/(1 − γₙ₊₃).
 *     The vector provider sums each block after the first once, centred on the running mean m̂ (S1 = Σ(x − m̂),
 *     S2 = Σ(x − m̂)²), and merges by mean += S1/n, M2 += S2 − S1·(S1/n): the same merge written in shifted sums,
 *     within the same bound. The mean's update is the merge of the two means (m̂'s own error ε shrinks by n_a/n);
 *     S2 is B non-negative terms, so within γ_B of itself, and S2 = M2_b + n_b·δ̂² ≤ M2_b + 2·δ̂²·n_a·n_b/n (n_a ≥ n_b,
 *     δ̂ = δ − ε), while S1²/n ≤ S2 carries S1's error (≤ γ_B·√(B·S2)) at most twice: each block adds to M2 within
 *     3γ_{B+2} of twice its share, well inside γ₁₀ₙ·V plus the cross term of δ̂.
 *     These bounds are loose; {@code columnMomentsDoNotCancel} checks exactly, on data where centring is exact and
 *     Σx² − (Σx)²/n is not, that no implementation squares before centring.
 * <li><b>normalizeRowsBackward's dx</b> = s·(g − mean(g) − x̂·mean(g·x̂)): the products g = dy·w and g·x̂ are
 *     the same bits in every implementation, only their row sums may be ordered differently, each within γₙ₋₁ of
 *     the exact sum of absolute values; the means add a division. So the means of two implementations differ by
 *     at most 2γₙ·Σ|g|/n and 2γₙ·Σ|g·x̂|/n, which reach dx through s and s·|x̂|; and the final four roundings
 *     (two subtractions, two products) are within γ₄ of s·(|g| + |mean(g)| + |x̂·mean(g·x̂)|) each.
 * </ul>
 */
final class NormalizationConformance {

    private final Kernels reference = Agreement.reference();
    private final List<Kernels> providers;

    /** The checks of {@code providers} against the reference. */
    NormalizationConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("dropout", perPrecision("dropout", this::dropout)),
                dynamicContainer("columnMoments", Stream.concat(perPrecision("columnMoments", this::columnMoments),
                        Stream.of(DynamicTest.dynamicTest("centres before squaring (4096 ± 1 has variance 1, exactly)",
                                this::columnMomentsDoNotCancel)))),
                dynamicContainer("rowMoments", perPrecision("rowMoments", this::rowMoments)),
                dynamicContainer("normalizeColumns", perPrecision("normalizeColumns", this::normalizeColumns)),
                dynamicContainer("normalizeRows", perPrecision("normalizeRows", this::normalizeRows)),
                dynamicContainer("layerNormalize", Stream.of(DynamicTest.dynamicTest(
                        "is rowMoments, invStd, then normalizeRows, bit for bit", this::layerNormalizeIsItsParts))),
                dynamicContainer("normalizeColumnsBackward", perPrecision("normalizeColumnsBackward", this::normalizeColumnsBackward)),
                dynamicContainer("normalizeRowsBackward", perPrecision("normalizeRowsBackward", this::normalizeRowsBackward)),
                dynamicContainer("dropoutMask", Stream.of(
                        DynamicTest.dynamicTest("drops each element with probability p, independently of n and of the precision",
                                this::dropoutDropsWithProbabilityP),
                        DynamicTest.dynamicTest("reluDropout is relu then dropout, bit for bit", this::reluDropoutIsReluThenDropout))),
                dynamicContainer("badArgumentsAreRejectedBeforeAnythingIsWritten", badArguments()));
    }

    /** The agreement tests of one operation (for {@code SuiteCatchesFaultsTest}). */
    Stream<DynamicTest> agreement(String operation) {
        Body body = switch (operation) {
            case "dropout" -> this::dropout;
            case "rowMoments" -> this::rowMoments;
            case "normalizeRowsBackward" -> this::normalizeRowsBackward;
            default -> throw new IllegalArgumentException("no fault test for " + operation);
        };
        return perPrecision(operation, body);
    }

    private interface Body {
        void run(Precision p, String operation);
    }

    private Stream<DynamicTest> perPrecision(String operation, Body body) {
        return Stream.of(Precision.values()).map(p -> DynamicTest.dynamicTest(operation + ", " + p, () -> {
            Agreement.resetWorst();
            body.run(p, operation);
            System.out.println(operation + ", " + p + ": " + Agreement.worst());
        }));
    }

    private static String describe(String operation, Precision p, int rows, int cols, long seed, String extra) {
        return operation + "(" + rows + "x" + cols + extra + ") " + p + ", seed " + TestSeeds.hex(seed);
    }

    /** Values around an offset, so that centring matters, with a sprinkle of signed zeros. */
    private static double[] values(SplittableRandom r, int n, double offset) {
        double[] x = OpsConformance.values(r, n, 2);
        for (int i = 0; i < n; i++) {
            x[i] += offset;
        }
        return x;
    }

    private static double[] positive(SplittableRandom r, int n) {
        return Shapes.uniform(r, n, 0.25, 2);
    }

    // ============================================ exact ============================================

    private void dropout(Precision p, String op) {
        int index = 0;
        for (int n : Shapes.lengths()) {
            for (double drop : new double[] {0, 0.1, 0.5, 0.9, 1}) {
                long seed = TestSeeds.of(op, index++);
                double[] x = withTail(p, values(TestSeeds.random(seed), n, 0));
                if (n > 3) {
                    x[1] = Double.NaN;
                    x[2] = Double.POSITIVE_INFINITY;
                }
                for (int variant = 0; variant < 4; variant++) {
                    boolean inPlace = variant % 2 == 1, rectify = variant >= 2;
                    Agreement.check(describe(rectify ? "reluDropout" : op, p, 1, n, seed, ", p=" + drop + (inPlace ? ", in place" : "")),
                            reference, providers, k -> {
                                Object xs = p.array(x);
                                Object out = inPlace ? xs : p.array(outputBuffer(p, n, false));
                                if (xs instanceof float[] f && rectify) {
                                    k.reluDropout(n, f, (float) drop, seed, (float[]) out);
                                } else if (xs instanceof float[] f) {
                                    k.dropout(n, f, (float) drop, seed, (float[]) out);
                                } else if (rectify) {
                                    k.reluDropout(n, (double[]) xs, drop, seed, (double[]) out);
                                } else {
                                    k.dropout(n, (double[]) xs, drop, seed, (double[]) out);
                                }
                                return List.of(Precision.values(out), Precision.values(xs));
                            }, Agreement::exact);
                }
            }
        }
    }

    // ===================================== sums in another order =====================================

    private void columnMoments(Precision p, String op) {
        int index = 0;
        List<int[]> shapes = new ArrayList<>(OpsConformance.rowShapes());
        shapes.add(new int[] {1000, 37});
        shapes.add(new int[] {129, 64});
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1];
            if (rows == 0) {
                continue;
            }
            // Around 3, and around 10⁴ with the same spread: where Σx² − (Σx)²/n would cancel all of its digits in float.
            for (double offset : new double[] {3, 1e4}) {
                long seed = TestSeeds.of(op, index++);
                double[] x = withTail(p, values(TestSeeds.random(seed), rows * cols, offset));
                double gammaBlocked = p.gamma(10 * rows), gammaReference = p.gamma(rows + 3);
                Function<List<double[]>, List<double[]>> tolerances = expected -> {
                    double[] meanTolerance = new double[cols + Agreement.TAIL], varianceTolerance = new double[cols + Agreement.TAIL];
                    for (int j = 0; j < cols; j++) {
                        double largest = 0;
                        for (int i = 0; i < rows; i++) {
                            largest = Math.max(largest, Math.abs(x[i * cols + j]));
                        }
                        double e = gammaBlocked * largest;
                        double v = expected.get(1)[j] / (1 - gammaReference);
                        double cross = 4 * e * Math.sqrt(v) + 6 * e * e;
                        meanTolerance[j] = 2 * e;
                        varianceTolerance[j] = 2 * gammaBlocked * v + (1 + gammaBlocked) * cross;
                    }
                    return List.of(meanTolerance, varianceTolerance, new double[x.length]);
                };
                Agreement.check(describe(op, p, rows, cols, seed, ", offset " + offset), reference, providers, k -> {
                    Object xs = p.array(x), mean = p.array(outputBuffer(p, cols, false)), variance = p.array(outputBuffer(p, cols, false));
                    if (xs instanceof float[] f) {
                        k.columnMoments(rows, cols, f, (float[]) mean, (float[]) variance);
                    } else {
                        k.columnMoments(rows, cols, (double[]) xs, (double[]) mean, (double[]) variance);
                    }
                    return List.of(Precision.values(mean), Precision.values(variance), Precision.values(xs));
                }, tolerances);
            }
        }
    }

    /**
     * layerNormalize, fused or not, gives the bits of the same provider's rowMoments, then invStd = 1/√(variance + eps)
     * in double, then normalizeRows (each checked against the reference above), in float and double, in place too.
     */
    private void layerNormalizeIsItsParts() {
        List<Kernels> all = new ArrayList<>(providers);
        all.add(reference);
        int index = 0;
        for (Kernels k : all) {
            for (int[] shape : OpsConformance.rowShapes()) {
                int rows = shape[0], cols = shape[1];
                if (cols == 0) {
                    continue;
                }
                long seed = TestSeeds.of("layerNormalize", index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = values(r, rows * cols, 3), weight = values(r, cols, 1), bias = values(r, cols, 0);
                double eps = 1e-5;
                for (boolean inPlace : new boolean[] {false, true}) {
                    String where = k.providerName() + " " + rows + "x" + cols + (inPlace ? " in place" : "") + ", seed " + TestSeeds.hex(seed);
                    float[] xf = (float[]) Precision.FLOAT.array(x), wf = (float[]) Precision.FLOAT.array(weight);
                    float[] bf = (float[]) Precision.FLOAT.array(bias);
                    float[] meanF = new float[rows], invStdF = new float[rows], outF = inPlace ? xf.clone() : new float[rows * cols];
                    float[] expectMean = new float[rows], expectInvStd = new float[rows], expectOut = new float[rows * cols];
                    k.rowMoments(rows, cols, xf, expectMean, expectInvStd);
                    for (int i = 0; i < rows; i++) {
                        expectInvStd[i] = (float) (1 / Math.sqrt(expectInvStd[i] + eps));
                    }
                    k.normalizeRows(rows, cols, xf, expectMean, expectInvStd, wf, bf, expectOut);
                    k.layerNormalize(rows, cols, inPlace ? outF : xf, eps, wf, bf, meanF, invStdF, outF);
                    assertArrayEquals(expectMean, meanF, where + " float mean");
                    assertArrayEquals(expectInvStd, invStdF, where + " float invStd");
                    assertArrayEquals(expectOut, outF, where + " float out");
                    double[] xd = x.clone(), meanD = new double[rows], invStdD = new double[rows];
                    double[] outD = inPlace ? xd.clone() : new double[rows * cols];
                    double[] expectMeanD = new double[rows], expectInvStdD = new double[rows], expectOutD = new double[rows * cols];
                    k.rowMoments(rows, cols, xd, expectMeanD, expectInvStdD);
                    for (int i = 0; i < rows; i++) {
                        expectInvStdD[i] = 1 / Math.sqrt(expectInvStdD[i] + eps);
                    }
                    k.normalizeRows(rows, cols, xd, expectMeanD, expectInvStdD, weight, bias, expectOutD);
                    k.layerNormalize(rows, cols, inPlace ? outD : xd, eps, weight, bias, meanD, invStdD, outD);
                    assertArrayEquals(expectMeanD, meanD, where + " double mean");
                    assertArrayEquals(expectInvStdD, invStdD, where + " double invStd");
                    assertArrayEquals(expectOutD, outD, where + " double out");
                }
            }
        }
    }

    /**
     * Columns of 4096 ± 1 (alternating, so the mean is exactly 4096 and the variance exactly 1, with every deviation
     * and its square exact): an implementation that centres before squaring gets both exactly, on every provider and
     * the reference, at any blocking into runs of an even number of rows; one that computes Σx² − (Σx)²/n loses the
     * variance entirely in float (x² ≈ 2²⁴, whose sums round to multiples of 2 and more).
     */
    private void columnMomentsDoNotCancel() {
        List<Kernels> all = new ArrayList<>(providers);
        all.add(reference);
        for (Kernels k : all) {
            for (int[] shape : new int[][] {{2, 1}, {64, 16}, {1024, 33}, {1000, 1024}}) {
                int rows = shape[0], cols = shape[1];
                float[] x = new float[rows * cols], mean = new float[cols], variance = new float[cols];
                double[] xd = new double[rows * cols], meanD = new double[cols], varianceD = new double[cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        x[i * cols + j] = (i + j) % 2 == 0 ? 4097 : 4095;
                        xd[i * cols + j] = x[i * cols + j] * 1e8;
                    }
                }
                k.columnMoments(rows, cols, x, mean, variance);
                k.columnMoments(rows, cols, xd, meanD, varianceD);
                for (int j = 0; j < cols; j++) {
                    String where = k.providerName() + " " + rows + "x" + cols + " column " + j;
                    assertEquals(4096f, mean[j], where);
                    assertEquals(1f, variance[j], where);
                    assertEquals(4096e8, meanD[j], where);
                    assertEquals(1e16, varianceD[j], where);
                }
            }
        }
    }

    private void normalizeColumns(Precision p, String op) {
        int index = 0;
        for (int[] shape : OpsConformance.rowShapes()) {
            int rows = shape[0], cols = shape[1];
            long seed = TestSeeds.of(op, index++);
            SplittableRandom r = TestSeeds.random(seed);
            double[] x = withTail(p, values(r, rows * cols, 3)), mean = withTail(p, values(r, cols, 3));
            double[] scale = withTail(p, positive(r, cols)), shift = withTail(p, values(r, cols, 0));
            for (boolean inPlace : new boolean[] {false, true}) {
                Agreement.check(describe(op, p, rows, cols, seed, inPlace ? ", in place" : ""), reference, providers, k -> {
                    Object xs = p.array(x), out = inPlace ? xs : p.array(outputBuffer(p, rows * cols, false));
                    if (xs instanceof float[] f) {
                        k.normalizeColumns(rows, cols, f, (float[]) p.array(mean), (float[]) p.array(scale),
                                (float[]) p.array(shift), (float[]) out);
                    } else {
                        k.normalizeColumns(rows, cols, (double[]) xs, mean.clone(), scale.clone(), shift.clone(), (double[]) out);
                    }
                    return List.of(Precision.values(out), Precision.values(xs));
                }, Agreement::exact);
            }
        }
    }

    private void normalizeRows(Precision p, String op) {
        int index = 0;
        for (int[] shape : OpsConformance.rowShapes()) {
            int rows = shape[0], cols = shape[1];
            long seed = TestSeeds.of(op, index++);
            SplittableRandom r = TestSeeds.random(seed);
            double[] x = withTail(p, values(r, rows * cols, 3)), mean = withTail(p, values(r, rows, 3));
            double[] invStd = withTail(p, positive(r, rows)), weight = withTail(p, values(r, cols, 1));
            double[] bias = withTail(p, values(r, cols, 0));
            for (boolean inPlace : new boolean[] {false, true}) {
                Agreement.check(describe(op, p, rows, cols, seed, inPlace ? ", in place" : ""), reference, providers, k -> {
                    Object xs = p.array(x), out = inPlace ? xs : p.array(outputBuffer(p, rows * cols, false));
                    if (xs instanceof float[] f) {
                        k.normalizeRows(rows, cols, f, (float[]) p.array(mean), (float[]) p.array(invStd),
                                (float[]) p.array(weight), (float[]) p.array(bias), (float[]) out);
                    } else {
                        k.normalizeRows(rows, cols, (double[]) xs, mean.clone(), invStd.clone(), weight.clone(), bias.clone(),
                                (double[]) out);
                    }
                    return List.of(Precision.values(out), Precision.values(xs));
                }, Agreement::exact);
            }
        }
    }

    private void normalizeColumnsBackward(Precision p, String op) {
        int index = 0;
        for (int[] shape : OpsConformance.rowShapes()) {
            int rows = shape[0], cols = shape[1];
            if (rows == 0) {
                continue;
            }
            long seed = TestSeeds.of(op, index++);
            SplittableRandom r = TestSeeds.random(seed);
            double[] x = withTail(p, values(r, rows * cols, 3)), dy = withTail(p, values(r, rows * cols, 0));
            double[] mean = withTail(p, values(r, cols, 3)), invStd = withTail(p, positive(r, cols));
            double[] weight = withTail(p, values(r, cols, 1)), oldWeight = withTail(p, values(r, cols, 0));
            double[] oldBias = withTail(p, values(r, cols, 0));
            for (int variant = 0; variant < 4; variant++) {
                boolean batchStatistics = variant % 2 == 0, inPlace = variant >= 2;
                double beta = variant == 1 ? 0 : 1;
                Agreement.check(describe(op, p, rows, cols, seed, ", batchStatistics " + batchStatistics + ", beta " + beta
                        + (inPlace ? ", dx in dy" : "")), reference, providers, k -> {
                    Object dys = p.array(dy), dx = inPlace ? dys : p.array(outputBuffer(p, rows * cols, false));
                    Object dWeight = p.array(oldWeight), dBias = p.array(oldBias);
                    if (dys instanceof float[] f) {
                        k.normalizeColumnsBackward(rows, cols, (float[]) p.array(x), (float[]) p.array(mean),
                                (float[]) p.array(invStd), (float[]) p.array(weight), batchStatistics, f, (float[]) dx,
                                (float) beta, (float[]) dWeight, (float[]) dBias);
                    } else {
                        k.normalizeColumnsBackward(rows, cols, x.clone(), mean.clone(), invStd.clone(), weight.clone(),
                                batchStatistics, (double[]) dys, (double[]) dx, beta, (double[]) dWeight, (double[]) dBias);
                    }
                    return List.of(Precision.values(dx), Precision.values(dWeight), Precision.values(dBias), Precision.values(dys));
                }, Agreement::exact);
            }
        }
    }

    private void rowMoments(Precision p, String op) {
        int index = 0;
        for (int[] shape : OpsConformance.rowShapes()) {
            int rows = shape[0], cols = shape[1];
            if (cols == 0) {
                continue;
            }
            long seed = TestSeeds.of(op, index++);
            double[] x = withTail(p, values(TestSeeds.random(seed), rows * cols, 3));
            double gammaMean = p.gamma(cols + 1), gammaVariance = p.gamma(cols + 3);
            Function<List<double[]>, List<double[]>> tolerances = expected -> {
                double[] meanTolerance = new double[rows + Agreement.TAIL], varianceTolerance = new double[rows + Agreement.TAIL];
                for (int i = 0; i < rows; i++) {
                    double absoluteSum = 0;
                    for (int j = 0; j < cols; j++) {
                        absoluteSum += Math.abs(x[i * cols + j]);
                    }
                    double meanError = gammaMean * absoluteSum / cols * (1 + gammaMean);
                    double variance = expected.get(1)[i] * (1 + gammaVariance) + meanError * meanError;
                    meanTolerance[i] = 2 * meanError;
                    varianceTolerance[i] = 2 * (gammaVariance * (variance + meanError * meanError) + meanError * meanError);
                }
                return List.of(meanTolerance, varianceTolerance, new double[x.length]);
            };
            Agreement.check(describe(op, p, rows, cols, seed, ""), reference, providers, k -> {
                Object xs = p.array(x), mean = p.array(outputBuffer(p, rows, false)), variance = p.array(outputBuffer(p, rows, false));
                if (xs instanceof float[] f) {
                    k.rowMoments(rows, cols, f, (float[]) mean, (float[]) variance);
                } else {
                    k.rowMoments(rows, cols, (double[]) xs, (double[]) mean, (double[]) variance);
                }
                return List.of(Precision.values(mean), Precision.values(variance), Precision.values(xs));
            }, tolerances);
        }
    }

    private void normalizeRowsBackward(Precision p, String op) {
        int index = 0;
        for (int[] shape : OpsConformance.rowShapes()) {
            int rows = shape[0], cols = shape[1];
            if (cols == 0) {
                continue;
            }
            long seed = TestSeeds.of(op, index++);
            SplittableRandom r = TestSeeds.random(seed);
            double[] x = withTail(p, values(r, rows * cols, 3)), dy = withTail(p, values(r, rows * cols, 0));
            double[] mean = withTail(p, values(r, rows, 3)), invStd = withTail(p, positive(r, rows));
            double[] weight = withTail(p, values(r, cols, 1)), oldWeight = withTail(p, values(r, cols, 0));
            double[] oldBias = withTail(p, values(r, cols, 0));
            double gammaMean = p.gamma(cols), gammaTail = p.gamma(4);
            // Bounds from the inputs (in double, as rounded to the precision): |g|, |x̂| and the row sums of |g|, |g·x̂|.
            double[] dxTolerance = new double[rows * cols + Agreement.TAIL];
            for (int i = 0; i < rows; i++) {
                double sumG = 0, sumGXhat = 0, meanG = 0, meanGXhat = 0;
                for (int j = 0; j < cols; j++) {
                    double g = dy[i * cols + j] * weight[j], xhat = (x[i * cols + j] - mean[i]) * invStd[i];
                    sumG += Math.abs(g);
                    sumGXhat += Math.abs(g * xhat);
                    meanG += g;
                    meanGXhat += g * xhat;
                }
                meanG = Math.abs(meanG / cols) + gammaMean * sumG / cols;
                meanGXhat = Math.abs(meanGXhat / cols) + gammaMean * sumGXhat / cols;
                for (int j = 0; j < cols; j++) {
                    double g = Math.abs(dy[i * cols + j] * weight[j]), xhat = Math.abs((x[i * cols + j] - mean[i]) * invStd[i]);
                    double fromSums = 2 * gammaMean * (sumG + xhat * sumGXhat) / cols;
                    double fromRounding = 2 * gammaTail * (g + meanG + xhat * meanGXhat);
                    dxTolerance[i * cols + j] = invStd[i] * (fromSums + fromRounding) * (1 + gammaTail) * (1 + gammaTail);
                }
            }
            for (int variant = 0; variant < 3; variant++) {
                boolean inPlace = variant == 2;
                double beta = variant == 1 ? 0 : 1;
                Agreement.check(describe(op, p, rows, cols, seed, ", beta " + beta + (inPlace ? ", dx in dy" : "")),
                        reference, providers, k -> {
                            Object dys = p.array(dy), dx = inPlace ? dys : p.array(outputBuffer(p, rows * cols, false));
                            Object dWeight = p.array(oldWeight), dBias = p.array(oldBias);
                            if (dys instanceof float[] f) {
                                k.normalizeRowsBackward(rows, cols, (float[]) p.array(x), (float[]) p.array(mean),
                                        (float[]) p.array(invStd), (float[]) p.array(weight), f, (float[]) dx, (float) beta,
                                        (float[]) dWeight, (float[]) dBias);
                            } else {
                                k.normalizeRowsBackward(rows, cols, x.clone(), mean.clone(), invStd.clone(), weight.clone(),
                                        (double[]) dys, (double[]) dx, beta, (double[]) dWeight, (double[]) dBias);
                            }
                            // In place, dy's array is dx: compared as dx, and the fourth output is checked exactly anyway.
                            return List.of(Precision.values(dx), Precision.values(dWeight), Precision.values(dBias));
                        }, expected -> List.of(dxTolerance, new double[oldWeight.length], new double[oldBias.length]));
            }
        }
    }

    // ============================================ dropout's mask ============================================

    /**
     * Over 2¹⁷ elements the share dropped is p within five standard deviations; element i's fate does not depend
     * on n (so a vector's lanes and the scalar tail agree), nor on the precision; and another seed gives another mask.
     */
    private void dropoutDropsWithProbabilityP() {
        int n = 1 << 17;
        for (Kernels k : providers) {
            for (double p : new double[] {0.1, 0.25, 0.5, 0.8}) {
                float[] ones = new float[n], out = new float[n], shorter = new float[n - 7], other = new float[n];
                java.util.Arrays.fill(ones, 1);
                double[] onesD = new double[n], outD = new double[n];
                java.util.Arrays.fill(onesD, 1);
                k.dropout(n, ones, (float) p, 42, out);
                k.dropout(n - 7, ones, (float) p, 42, shorter);
                k.dropout(n, onesD, p, 42, outD);
                k.dropout(n, ones, (float) p, 43, other);
                int dropped = 0, differ = 0;
                for (int i = 0; i < n; i++) {
                    dropped += out[i] == 0 ? 1 : 0;
                    differ += (out[i] == 0) != (other[i] == 0) ? 1 : 0;
                    assertEquals(out[i] == 0, outD[i] == 0, "the float and double masks differ at " + i + ", p " + p);
                    if (i < n - 7) {
                        assertEquals(out[i], shorter[i], "element " + i + " depends on n, p " + p);
                    }
                    assertTrue(out[i] == 0 || out[i] == (float) (1 / (1 - (float) p)), "kept elements are scaled by 1/(1 - p)");
                }
                double sd = Math.sqrt(n * p * (1 - p));
                assertEquals(n * p, dropped, 5 * sd, k.providerName() + ": dropped " + dropped + " of " + n + " at p " + p);
                // Two independent masks disagree on a share 2p(1 − p) of the elements.
                assertEquals(2 * n * p * (1 - p), differ, 5 * Math.sqrt(n), "seeds 42 and 43 give related masks at p " + p);
            }
        }
    }

    /** reluDropout is relu followed by dropout with the same seed, bit for bit, on every provider and the reference. */
    private void reluDropoutIsReluThenDropout() {
        List<Kernels> all = new ArrayList<>(providers);
        all.add(reference);
        for (Kernels k : all) {
            for (int n : Shapes.lengths()) {
                long seed = TestSeeds.of("reluDropout", n);
                double[] values = values(TestSeeds.random(seed), n, 0);
                float[] x = (float[]) Precision.FLOAT.array(values), fused = new float[n], relu = new float[n], unfused = new float[n];
                double[] xd = values.clone(), fusedD = new double[n], reluD = new double[n], unfusedD = new double[n];
                k.reluDropout(n, x, 0.3f, seed, fused);
                k.relu(n, x, relu);
                k.dropout(n, relu, 0.3f, seed, unfused);
                k.reluDropout(n, xd, 0.3, seed, fusedD);
                k.relu(n, xd, reluD);
                k.dropout(n, reluD, 0.3, seed, unfusedD);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(unfused[i]), Float.floatToRawIntBits(fused[i]), k.providerName() + " float n=" + n + " at " + i);
                    assertEquals(Double.doubleToRawLongBits(unfusedD[i]), Double.doubleToRawLongBits(fusedD[i]), k.providerName() + " double n=" + n + " at " + i);
                }
            }
        }
    }

    // ============================================ bad arguments ============================================

    private record Bad(String description, Class<? extends RuntimeException> expected, List<String> mentions,
                       java.util.function.Consumer<Kernels> call) {
    }

    /** The output arrays the current bad call was given, each filled with {@link #UNWRITTEN}. */
    private final List<float[]> outputs = new ArrayList<>();
    private static final float UNWRITTEN = 7;

    private float[] out(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, UNWRITTEN);
        outputs.add(a);
        return a;
    }

    private Stream<DynamicTest> badArguments() {
        float[] x = {1, 2, 3, 4, 5, 6}, m = {0, 0, 0}, s = {1, 1, 1}, w = {1, 1, 1}, b = {0, 0, 0};
        List<Bad> cases = new ArrayList<>(List.of(
                new Bad("dropout p above 1", IllegalArgumentException.class, List.of("dropout", "p", "1.5"),
                        k -> k.dropout(6, x.clone(), 1.5f, 1, out(6))),
                new Bad("dropout p NaN", IllegalArgumentException.class, List.of("dropout", "p", "NaN"),
                        k -> k.dropout(6, x.clone(), Float.NaN, 1, out(6))),
                new Bad("dropout out too short", IllegalArgumentException.class, List.of("dropout", "out", "6"),
                        k -> k.dropout(6, x.clone(), 0.5f, 1, out(5))),
                new Bad("reluDropout p below 0", IllegalArgumentException.class, List.of("reluDropout", "p", "-0.5"),
                        k -> k.reluDropout(6, x.clone(), -0.5f, 1, out(6))),
                new Bad("dropout x null", NullPointerException.class, List.of("dropout", "x"),
                        k -> k.dropout(6, null, 0.5f, 1, out(6))),
                new Bad("columnMoments of no rows", IllegalArgumentException.class, List.of("columnMoments", "rows", "0"),
                        k -> k.columnMoments(0, 3, x.clone(), out(3), out(3))),
                new Bad("columnMoments variance too short", IllegalArgumentException.class, List.of("columnMoments", "variance", "3"),
                        k -> k.columnMoments(2, 3, x.clone(), out(3), out(2))),
                new Bad("columnMoments mean is variance", IllegalArgumentException.class, List.of("columnMoments", "mean", "variance"),
                        k -> {
                            float[] both = out(3);
                            k.columnMoments(2, 3, x.clone(), both, both);
                        }),
                new Bad("rowMoments of no columns", IllegalArgumentException.class, List.of("rowMoments", "cols", "0"),
                        k -> k.rowMoments(2, 0, x.clone(), out(2), out(2))),
                new Bad("rowMoments x too short", IllegalArgumentException.class, List.of("rowMoments", "x", "3x3"),
                        k -> k.rowMoments(3, 3, x.clone(), out(3), out(3))),
                new Bad("normalizeColumns scale too short", IllegalArgumentException.class, List.of("normalizeColumns", "scale", "3"),
                        k -> k.normalizeColumns(2, 3, x.clone(), m, out(2), b, out(6))),
                new Bad("normalizeRows invStd too short", IllegalArgumentException.class, List.of("normalizeRows", "invStd", "3"),
                        k -> k.normalizeRows(3, 2, x.clone(), m, out(2), out(2), out(2), out(6))),
                new Bad("normalizeColumnsBackward of no rows", IllegalArgumentException.class,
                        List.of("normalizeColumnsBackward", "rows", "0"),
                        k -> k.normalizeColumnsBackward(0, 3, x.clone(), m, s, w, true, x.clone(), out(6), 0, out(3), out(3))),
                new Bad("normalizeColumnsBackward dx is x", IllegalArgumentException.class,
                        List.of("normalizeColumnsBackward", "x", "dx"),
                        k -> {
                            float[] xs = x.clone();
                            k.normalizeColumnsBackward(2, 3, xs, m, s, w, true, x.clone(), xs, 0, out(3), out(3));
                        }),
                new Bad("normalizeColumnsBackward dWeight is weight", IllegalArgumentException.class,
                        List.of("normalizeColumnsBackward", "weight", "dWeight"),
                        k -> {
                            float[] ws = w.clone();
                            k.normalizeColumnsBackward(2, 3, x.clone(), m, s, ws, true, x.clone(), out(6), 0, ws, out(3));
                        }),
                new Bad("normalizeRowsBackward dBias too short", IllegalArgumentException.class,
                        List.of("normalizeRowsBackward", "dBias", "3"),
                        k -> k.normalizeRowsBackward(2, 3, x.clone(), m, s, w, x.clone(), out(6), 0, out(3), out(2))),
                new Bad("normalizeRowsBackward of no columns", IllegalArgumentException.class,
                        List.of("normalizeRowsBackward", "cols", "0"),
                        k -> k.normalizeRowsBackward(2, 0, x.clone(), m, s, w, x.clone(), out(6), 0, out(3), out(3)))));
        List<Kernels> all = new ArrayList<>(providers);
        all.add(reference);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.description(), () -> {
            for (Kernels k : all) {
                float[] before = x.clone();
                outputs.clear();
                RuntimeException e = assertThrows(c.expected(), () -> c.call().accept(k), c.description());
                for (String word : c.mentions()) {
                    assertTrue(e.getMessage().contains(word), "'" + e.getMessage() + "' should mention " + word);
                }
                assertArrayEquals(before, x, "an input was changed");
                for (float[] output : outputs) {
                    for (float v : output) {
                        assertEquals(UNWRITTEN, v, k.providerName() + ": " + c.description() + " wrote an output before throwing");
                    }
                }
            }
        }));
    }
}
