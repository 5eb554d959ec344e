package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numerical behaviour of every provider that does not need the reference: softmax, log-softmax and
 * cross-entropy stay finite for finite inputs of any size; known exact cases; and numerical gradient checks
 * (central differences, in double) of the fused cross-entropy gradient, of halfSquaredError's gradient and of
 * sigmoid's backward pass.
 */
final class NumericsConformance {

    private final List<Kernels> providers;

    /** The checks, run on {@code providers}. */
    NumericsConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("softmaxFamilyIsFiniteForAnyFiniteInput", softmaxFamilyIsFiniteForAnyFiniteInput()),
                dynamicContainer("crossEntropyMeanIsFiniteWhenItFits", crossEntropyMeanIsFiniteWhenItFits()),
                dynamicContainer("knownExactCases", knownExactCases()),
                dynamicContainer("nonFiniteInputsBehaveAsDocumented", nonFiniteInputsBehaveAsDocumented()),
                dynamicContainer("softmaxCrossEntropyGradientMatchesCentralDifferences", softmaxCrossEntropyGradientMatchesCentralDifferences()),
                dynamicContainer("halfSquaredErrorGradientMatchesCentralDifferences", halfSquaredErrorGradientMatchesCentralDifferences()),
                dynamicContainer("sigmoidBackwardMatchesCentralDifferences", sigmoidBackwardMatchesCentralDifferences()));
    }

    private Stream<DynamicTest> forEveryProvider(String name, ProviderTest body) {
        return providers.stream().flatMap(k -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(name + ", " + k.providerName() + ", " + p, () -> body.run(k, p))));
    }

    interface ProviderTest {
        void run(Kernels k, Precision p) throws Exception;
    }

    /** Rows that defeat a naive e^x: huge values of both signs, one huge value, all equal, a single column. */
    static List<double[]> extremeRows(Precision p) {
        double big = p == Precision.FLOAT ? 3e38 : 1.7e308;
        List<double[]> rows = new ArrayList<>();
        rows.add(new double[] {1e4, -1e4, 0, 1e4 - 1, 5});
        rows.add(new double[] {-1e4, -1e4 + 1, -1e4 + 2, -1e4, -1e4});
        rows.add(new double[] {big, -big, 0, big, 1});
        rows.add(new double[] {-big, -big, -big, -big, -big});
        rows.add(new double[] {big, big, big, big, big});
        rows.add(new double[] {0, 0, 0, 0, 1e30});
        rows.add(new double[] {7, 7, 7, 7, 7});
        rows.add(new double[] {-big, 1, 2, 3, big});
        return rows;
    }

    Stream<DynamicTest> softmaxFamilyIsFiniteForAnyFiniteInput() {
        return forEveryProvider("finite", (k, p) -> {
            // Each extreme row, alone, as a single column, and repeated into rows wider than any vector.
            List<double[]> cases = new ArrayList<>(extremeRows(p));
            for (double[] row : extremeRows(p)) {
                double[] wide = new double[row.length * 9];
                for (int i = 0; i < wide.length; i++) {
                    wide[i] = row[i % row.length];
                }
                cases.add(wide);
                cases.add(new double[] {row[0]});
            }
            for (double[] row : cases) {
                int cols = row.length;
                double[] x = p.round(row);
                Object out = p.array(new double[cols]);
                String what = k.providerName() + " " + p + " row " + java.util.Arrays.toString(x);
                Calls.softmax(k, 1, cols, p.array(x), out);
                double[] probabilities = Precision.values(out);
                double sum = 0;
                for (double v : probabilities) {
                    assertTrue(Double.isFinite(v) && v >= 0 && v <= 1, "softmax not a probability: " + v + " in " + what);
                    sum += v;
                }
                // The sum of the rounded probabilities is 1 within the softmax bound: (cols + 5)u per element.
                assertEquals(1, sum, cols * p.gamma(cols + 5) + p.gamma(cols), "softmax row sum in " + what);
                // log-softmax is x − max − log Σ: finite whenever the exact value fits the type. A row spanning
                // both ±3e38 has entries whose exact log-probability (−6e38) does not fit a float: there the
                // correctly rounded result is −∞, and what is checked is that it is −∞, never NaN.
                double max = java.util.Arrays.stream(x).max().orElseThrow();
                double typeMax = p == Precision.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
                Object logOut = p.array(new double[cols]);
                Calls.logSoftmax(k, 1, cols, p.array(x), logOut);
                double[] logs = Precision.values(logOut);
                for (int j = 0; j < cols; j++) {
                    boolean representable = max / 2 - x[j] / 2 < typeMax / 2 * (1 - 4 * p.unitRoundoff);
                    double v = logs[j];
                    assertTrue(v <= 0 && (representable ? Double.isFinite(v) : v == Double.NEGATIVE_INFINITY || Double.isFinite(v)),
                            "logSoftmax[" + j + "] = " + v + " in " + what);
                }
                for (int label = 0; label < cols; label++) {
                    Object gradient = p.array(new double[cols]);
                    double loss = Calls.softmaxCrossEntropy(k, 1, cols, p.array(x), new int[] {label}, gradient);
                    boolean representable = max / 2 - x[label] / 2 < typeMax / 2 * (1 - 4 * p.unitRoundoff);
                    assertTrue(loss >= 0 && (representable ? Double.isFinite(loss) : !Double.isNaN(loss)),
                            "cross-entropy " + loss + " for label " + label + " in " + what);
                    double gradientSum = 0, gradientAbs = 0;
                    for (double g : Precision.values(gradient)) {
                        assertTrue(Double.isFinite(g), "cross-entropy gradient " + g + " in " + what);
                        gradientSum += g;
                        gradientAbs += Math.abs(g);
                    }
                    // Σⱼ (pⱼ − yⱼ) = 0 exactly; rounded: within the softmax bound plus one rounding per element.
                    assertEquals(0, gradientSum, gradientAbs * p.gamma(cols + 7), "gradient row sum in " + what);
                }
            }
        });
    }

    /** Rows of logits (each row padded with zeros to {@code cols}), their labels, and whether the exact mean fits. */
    private record MeanCase(String name, Precision precision, double[][] rows, int[] labels, boolean fits) { }

    /**
     * Issue 11's reproducers and their neighbours: the loss is a mean, and it is finite whenever that mean fits,
     * even where the sum of the rows' losses (4 × 2e38 in float, 2 × 1.5e308 in double) or one row's loss
     * (6e38 in float) does not; where the mean itself does not fit, it is +∞, never NaN.
     */
    private static List<MeanCase> meanCases() {
        double floatMax = Float.MAX_VALUE, doubleMax = Double.MAX_VALUE;
        return List.of(
                new MeanCase("4 rows {1e38, -1e38}, labels 1", Precision.FLOAT,
                        repeat(new double[] {1e38, -1e38}, 4), new int[] {1, 1, 1, 1}, true),
                new MeanCase("2 rows {1e308, -5e307}, labels 1", Precision.DOUBLE,
                        repeat(new double[] {1e308, -5e307}, 2), new int[] {1, 1}, true),
                new MeanCase("one row {3e38, -3e38} (loss 6e38) and 3 rows of zeros", Precision.FLOAT,
                        new double[][] {{3e38, -3e38}, {0, 0}, {0, 0}, {0, 0}}, new int[] {1, 0, 1, 0}, true),
                new MeanCase("one row {1.5e308, -1.5e308} (loss 3e308) and 3 rows of zeros", Precision.DOUBLE,
                        new double[][] {{1.5e308, -1.5e308}, {0, 0}, {0, 0}, {0, 0}}, new int[] {1, 0, 1, 0}, true),
                new MeanCase("33 rows {3e38, -3e38}: the mean 6e38 does not fit", Precision.FLOAT,
                        repeat(new double[] {3e38, -3e38}, 33), ones(33), false),
                new MeanCase("2 rows {MAX, -MAX}: the mean 2 MAX does not fit", Precision.FLOAT,
                        repeat(new double[] {floatMax, -floatMax}, 2), new int[] {1, 1}, false),
                new MeanCase("2 rows {MAX, -MAX}: the mean 2 MAX does not fit", Precision.DOUBLE,
                        repeat(new double[] {doubleMax, -doubleMax}, 2), new int[] {1, 1}, false));
    }

    private static int[] ones(int n) {
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, 1);
        return labels;
    }

    private static double[][] repeat(double[] row, int times) {
        double[][] rows = new double[times][];
        java.util.Arrays.fill(rows, row);
        return rows;
    }

    Stream<DynamicTest> crossEntropyMeanIsFiniteWhenItFits() {
        return providers.stream().flatMap(k -> meanCases().stream().flatMap(c -> java.util.stream.IntStream.of(2, 19)
                .mapToObj(cols -> dynamicTest(c.name() + ", cols " + cols + ", " + c.precision() + ", " + k.providerName(), () -> {
            Precision p = c.precision();
            int rows = c.rows().length;
            double[] x = new double[rows * cols];
            double exactMean = 0;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c.rows()[r], 0, x, r * cols, c.rows()[r].length);
            }
            x = p.round(x);
            for (int r = 0; r < rows; r++) {
                // Each row's loss (max − x[label]) + log Σ e^(x − max), halved so that it cannot overflow a double.
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x[r * cols + j]);
                }
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp(x[r * cols + j] - max);
                }
                exactMean += (max / 2 - x[r * cols + c.labels()[r]] / 2 + Math.log(sum) / 2) / rows;
            }
            Object gradient = p.array(new double[rows * cols]);
            double loss = Calls.softmaxCrossEntropy(k, rows, cols, p.array(x), c.labels(), gradient);
            String what = c.name() + ", cols " + cols + ": loss " + loss + ", exact mean " + 2 * exactMean;
            if (c.fits()) {
                // The sum of rows non-negative terms, each within a few roundings: (rows + 4)u relative.
                assertEquals(2 * exactMean, loss, 2 * exactMean * p.gamma(rows + 4), what);
            } else {
                assertEquals(Double.POSITIVE_INFINITY, loss, what);
            }
            for (double g : Precision.values(gradient)) {
                assertTrue(Double.isFinite(g), "gradient " + g + " in " + what);
            }
        }))));
    }

    Stream<DynamicTest> knownExactCases() {
        return forEveryProvider("exact cases", (k, p) -> {
            double u = p.unitRoundoff;
            for (int n : new int[] {1, 2, 3, 7, 10, 16, 17, 100}) {
                // Softmax of equal values is 1/n: every e is exactly 1, the sum is exactly n, one division.
                Object out = p.array(new double[n]);
                double[] equal = new double[n];
                java.util.Arrays.fill(equal, 3.25);
                Calls.softmax(k, 1, n, p.array(equal), out);
                for (double v : Precision.values(out)) {
                    assertEquals(1.0 / n, v, 2 * u / n, "softmax of " + n + " equal values, " + k.providerName() + " " + p);
                }
                // The cross-entropy of equal logits is log n, its gradient 1/n − [j = label].
                Object gradient = p.array(new double[n]);
                double loss = Calls.softmaxCrossEntropy(k, 1, n, p.array(equal), new int[] {n - 1}, gradient);
                assertEquals(Math.log(n), loss, 4 * u * Math.max(1, Math.log(n)), "cross-entropy of equal logits, n = " + n);
                double[] g = Precision.values(gradient);
                for (int j = 0; j < n; j++) {
                    assertEquals(1.0 / n - (j == n - 1 ? 1 : 0), g[j], 4 * u, "cross-entropy gradient of equal logits, n = " + n);
                }
            }
            // log-softmax of [0, ln 2] (rounded to the type as x): [−ln 3, ln 2 − ln 3], i.e. log(1/3), log(2/3).
            double[] x = p.round(new double[] {0, Math.log(2)});
            Object out = p.array(new double[2]);
            Calls.logSoftmax(k, 1, 2, p.array(x), out);
            double[] expected = {-Math.log(1 + Math.exp(x[1])), x[1] - Math.log(1 + Math.exp(x[1]))};
            double[] got = Precision.values(out);
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[j], got[j], 8 * u, "logSoftmax([0, ln 2])[" + j + "] " + k.providerName() + " " + p);
            }
            assertEquals(Math.log(1.0 / 3), expected[0], 4 * u);
            // Sigmoid: σ(0) = ½ exactly; saturates to exactly 0 and 1, never NaN.
            Object s = p.array(new double[5]);
            Calls.sigmoid(k, 5, p.array(new double[] {0, 1e4, -1e4, p == Precision.FLOAT ? 3e38 : 1e308, p == Precision.FLOAT ? -3e38 : -1e308}), s);
            double[] sig = Precision.values(s);
            assertEquals(0.5, sig[0], 0.0);
            assertEquals(1.0, sig[1], 0.0);
            assertEquals(0.0, sig[2], 0.0);
            assertEquals(1.0, sig[3], 0.0);
            assertEquals(0.0, sig[4], 0.0);
            // halfSquaredError of n = 0 is 0; argmax of an all-equal row is its first column.
            assertEquals(0.0, Calls.halfSquaredError(k, 0, p.array(new double[0]), p.array(new double[0]), null), 0.0);
            int[] best = new int[1];
            Calls.argmaxRows(k, 1, 33, p.array(new double[33]), best);
            assertEquals(0, best[0]);
        });
    }

    /**
     * The documented non-finite cases: a softmax row holding NaN or +∞, or only −∞, becomes NaN (whatever its
     * width, so vector tails are included); −∞ entries of an otherwise finite row get probability 0 (log-softmax
     * −∞); NaN in op(A) reaches exactly the row of C it feeds; NaN in a column reaches only that column's sum.
     */
    Stream<DynamicTest> nonFiniteInputsBehaveAsDocumented() {
        return forEveryProvider("non-finite", (k, p) -> {
            for (int cols : new int[] {1, 3, Shapes.FLOAT_LANES + 1, 2 * Shapes.DOUBLE_LANES + 3}) {
                for (double poison : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                    for (int at : new int[] {0, cols - 1}) {
                        double[] row = Shapes.uniform(TestSeeds.random(cols), cols, -2, 2);
                        row[at] = poison;
                        String what = k.providerName() + " " + p + " row " + java.util.Arrays.toString(row);
                        Object out = p.array(new double[cols]);
                        Calls.softmax(k, 1, cols, p.array(row), out);
                        for (double v : Precision.values(out)) {
                            assertTrue(Double.isNaN(v), "softmax should be NaN across " + what + ", got " + v);
                        }
                        Calls.logSoftmax(k, 1, cols, p.array(row), out);
                        for (double v : Precision.values(out)) {
                            assertTrue(Double.isNaN(v), "logSoftmax should be NaN across " + what + ", got " + v);
                        }
                    }
                }
                double[] allNegativeInfinity = new double[cols];
                java.util.Arrays.fill(allNegativeInfinity, Double.NEGATIVE_INFINITY);
                Object out = p.array(new double[cols]);
                Calls.softmax(k, 1, cols, p.array(allNegativeInfinity), out);
                for (double v : Precision.values(out)) {
                    assertTrue(Double.isNaN(v), "softmax of a row of only −∞ should be NaN, got " + v + " (" + k.providerName() + ", " + p + ")");
                }
                if (cols > 1) {
                    double[] row = Shapes.uniform(TestSeeds.random(cols + 1), cols, -2, 2);
                    row[cols / 2] = Double.NEGATIVE_INFINITY;
                    Calls.softmax(k, 1, cols, p.array(row), out);
                    double[] probabilities = Precision.values(out);
                    Object logOut = p.array(new double[cols]);
                    Calls.logSoftmax(k, 1, cols, p.array(row), logOut);
                    double[] logs = Precision.values(logOut);
                    for (int j = 0; j < cols; j++) {
                        String what = "column " + j + " of " + java.util.Arrays.toString(row) + " (" + k.providerName() + ", " + p + ")";
                        if (j == cols / 2) {
                            assertEquals(0.0, probabilities[j], 0.0, "softmax of −∞, " + what);
                            assertEquals(Double.NEGATIVE_INFINITY, logs[j], "logSoftmax of −∞, " + what);
                        } else {
                            assertTrue(probabilities[j] > 0 && probabilities[j] <= 1, "softmax " + probabilities[j] + ", " + what);
                            assertTrue(Double.isFinite(logs[j]), "logSoftmax " + logs[j] + ", " + what);
                        }
                    }
                }
            }
            // GEMM: a NaN at op(A)[1][2] reaches row 1 of C and no other.
            int m = 4, n = 2 * Shapes.FLOAT_LANES + 1, kk = 5;
            double[] a = Shapes.uniform(TestSeeds.random(7), m * kk, -1, 1), b = Shapes.uniform(TestSeeds.random(8), kk * n, -1, 1);
            a[1 * kk + 2] = Double.NaN;
            Object c = p.array(new double[m * n]);
            Calls.gemm(k, Transpose.NONE, Transpose.NONE, m, n, kk, 1.0, p.array(a), 0, kk, p.array(b), 0, n, 0.0, c, 0, n);
            double[] cv = Precision.values(c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == 1, Double.isNaN(cv[i * n + j]), "gemm C[" + i + "][" + j + "] = " + cv[i * n + j]
                            + " with NaN only in row 1 of A (" + k.providerName() + ", " + p + ")");
                }
            }
            // columnSums: NaN in column 3 only.
            int rows = 5, cols = 2 * Shapes.FLOAT_LANES + 1;
            double[] x = Shapes.uniform(TestSeeds.random(9), rows * cols, -1, 1);
            x[2 * cols + 3] = Double.NaN;
            Object sums = p.array(new double[cols]);
            Calls.columnSums(k, rows, cols, p.array(x), 0.0, sums);
            double[] sv = Precision.values(sums);
            for (int j = 0; j < cols; j++) {
                assertEquals(j == 3, Double.isNaN(sv[j]), "columnSums[" + j + "] = " + sv[j] + " (" + k.providerName() + ", " + p + ")");
            }
            // clipByValue: NaN stays NaN (as torch.clamp), ±∞ and everything beyond the limit land on it, the rest is kept.
            int clipped = 2 * Shapes.FLOAT_LANES + 3;
            double[] values = new double[clipped];
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5, -2.5, 0.25, -0.0};
            for (int i = 0; i < clipped; i++) {
                values[i] = specials[i % specials.length];
            }
            Object clip = p.array(values);
            Calls.clipByValue(k, clipped, clip, 0.5);
            double[] cl = Precision.values(clip);
            for (int i = 0; i < clipped; i++) {
                double v = values[i], expected = Double.isNaN(v) ? Double.NaN : Math.max(-0.5, Math.min(0.5, v));
                assertEquals(expected, cl[i], 0.0, "clipByValue(" + v + ", 0.5) (" + k.providerName() + ", " + p + ")");
            }
        });
    }

    // ============================================ gradient checks ============================================

    /**
     * The derivative by central differences, improved by one Richardson step: D(h) = (f(x+h) − f(x−h))/2h has
     * error f'''(x)·h²/6 + O(h⁴), and (4·D(h/2) − D(h))/3 cancels the h² term. With h = 1e-3 the truncation
     * error is O(h⁴) ≈ 1e-12 relative and the rounding error about 2⁻⁵³·|f|/h ≈ 1e-13·|f|, far below the 1e-7
     * asked. (Plain central differences cannot reach 1e-7 relative on gradient entries of 1e-4: with h = 1e-5
     * the rounding term alone is 2⁻⁵³·3/1e-5 ≈ 3e-11, 2e-7 relative; a larger h brings back truncation.)
     */
    static double centralDifference(ScalarFunction f, double[] x, int i, double h) {
        return (4 * centralDifferenceOnce(f, x, i, h / 2) - centralDifferenceOnce(f, x, i, h)) / 3;
    }

    private static double centralDifferenceOnce(ScalarFunction f, double[] x, int i, double h) {
        double saved = x[i];
        x[i] = saved + h;
        double plus = f.at(x);
        x[i] = saved - h;
        double minus = f.at(x);
        x[i] = saved;
        return (plus - minus) / (2 * h);
    }

    interface ScalarFunction {
        double at(double[] x);
    }

    /** Relative error |a − n| / max(|a|, |n|) below 1e-7 for every element (both 0 counts as agreement). */
    static void assertGradient(String what, double[] analytic, double[] numeric) {
        for (int i = 0; i < analytic.length; i++) {
            double denominator = Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]));
            double relative = denominator == 0 ? 0 : Math.abs(analytic[i] - numeric[i]) / denominator;
            assertTrue(relative < 1e-7, what + ": element " + i + " analytic " + analytic[i] + " vs numeric " + numeric[i]
                    + " (relative error " + relative + ")");
        }
    }

    private static final double H = 1e-3;

    Stream<DynamicTest> softmaxCrossEntropyGradientMatchesCentralDifferences() {
        return providers.stream().map(k -> DynamicTest.dynamicTest(k.providerName(), () -> {
            for (int[] shape : new int[][] {{1, 1}, {1, 2}, {3, 5}, {4, 10}, {2, 17}, {5, 33}}) {
                int rows = shape[0], cols = shape[1];
                long seed = TestSeeds.of("gradcheck ce", rows * 100 + cols);
                SplittableRandom r = TestSeeds.random(seed);
                double[] logits = Shapes.uniform(r, rows * cols, -3, 3);
                int[] labels = r.ints(rows, 0, cols).toArray();
                double[] gradient = new double[rows * cols];
                k.softmaxCrossEntropy(rows, cols, logits.clone(), labels, gradient);
                double[] numeric = new double[rows * cols];
                for (int i = 0; i < numeric.length; i++) {
                    numeric[i] = centralDifference(x -> k.softmaxCrossEntropy(rows, cols, x, labels, null), logits, i, H);
                }
                assertGradient("softmaxCrossEntropy " + rows + "x" + cols + " seed " + TestSeeds.hex(seed) + " " + k.providerName(), gradient, numeric);
            }
        }));
    }

    Stream<DynamicTest> halfSquaredErrorGradientMatchesCentralDifferences() {
        return providers.stream().map(k -> DynamicTest.dynamicTest(k.providerName(), () -> {
            for (int n : new int[] {1, 2, 7, 16, 33}) {
                long seed = TestSeeds.of("gradcheck hse", n);
                SplittableRandom r = TestSeeds.random(seed);
                double[] prediction = Shapes.uniform(r, n, -2, 2), target = Shapes.uniform(r, n, -2, 2);
                double[] gradient = new double[n];
                k.halfSquaredError(n, prediction.clone(), target, gradient);
                double[] numeric = new double[n];
                for (int i = 0; i < n; i++) {
                    numeric[i] = centralDifference(x -> k.halfSquaredError(n, x, target, null), prediction, i, H);
                }
                assertGradient("halfSquaredError n=" + n + " seed " + TestSeeds.hex(seed) + " " + k.providerName(), gradient, numeric);
            }
        }));
    }

    /** sigmoidBackward(y = sigmoid(x), dy) against d/dx of Σ dyᵢ·sigmoid(xᵢ). */
    Stream<DynamicTest> sigmoidBackwardMatchesCentralDifferences() {
        return providers.stream().map(k -> DynamicTest.dynamicTest(k.providerName(), () -> {
            for (int n : new int[] {1, 3, 8, 17, 40}) {
                long seed = TestSeeds.of("gradcheck sigmoid", n);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = Shapes.uniform(r, n, -6, 6), dy = Shapes.uniform(r, n, -1, 1);
                double[] y = new double[n], dx = new double[n];
                k.sigmoid(n, x, y);
                k.sigmoidBackward(n, y, dy, dx);
                double[] numeric = new double[n];
                for (int i = 0; i < n; i++) {
                    numeric[i] = centralDifference(v -> {
                        double[] s = new double[n];
                        k.sigmoid(n, v, s);
                        double total = 0;
                        for (int j = 0; j < n; j++) {
                            total += dy[j] * s[j];
                        }
                        return total;
                    }, x, i, H);
                }
                assertGradient("sigmoid n=" + n + " seed " + TestSeeds.hex(seed) + " " + k.providerName(), dx, numeric);
            }
        }));
    }
}
