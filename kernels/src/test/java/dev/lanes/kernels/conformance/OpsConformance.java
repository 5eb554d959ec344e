package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.lanes.kernels.conformance.Agreement.outputBuffer;
import static dev.lanes.kernels.conformance.Agreement.withTail;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every non-GEMM operation of every provider against the scalar reference, in float and double, on seeded
 * random inputs of every {@link Shapes edge size} and a few thousand elements, in place where the contract
 * allows it. Arrays carry a tail of sentinel elements beyond the stated size, which must survive.
 *
 * <h2>Tolerances, per operation (u = unit roundoff, γₙ = n·u/(1 − n·u), see {@link Precision})</h2>
 * Each bound is what one implementation may be off from the exact result; two implementations may be off
 * by twice that from each other, hence the factor 2 throughout.
 * <ul>
 * <li><b>Exact</b> (no arithmetic, or the very same single IEEE operation in both): relu (a comparison),
 *     reluMask, reluBackward (a selection: a NaN or ∞ in dy where x ≤ 0 must give 0, which rules out
 *     masking by multiplication), addBias (one addition), scale (one multiplication), argmaxRows
 *     (comparisons), and halfSquaredError's gradient (one subtraction). Fused multiply-add cannot apply to
 *     any of these. The sentinel tails are compared exactly too.
 * <li><b>axpy</b> y + alpha·x: one rounding with FMA, two without: each is within u·|alpha·x| + u·|result|
 *     of the exact value, so the two differ by at most 2u(1 + u)(2|alpha·x| + |y|).
 * <li><b>Sums</b>: any order of summing n terms is within γₙ₋₁·Σ|terms| of the exact sum (Higham, §4.2).
 *     sumOfSquares: n squares (1 rounding each) summed: γₙ·Σx². halfSquaredError: a subtraction, a square
 *     and the sum: γₙ₊₂·Σd² (the ½ is exact). columnSums: rows − 1 additions, beta·out and one more
 *     addition: γ_{rows+1}·(Σᵢ|xᵢⱼ| + |beta·outⱼ|).
 * <li><b>exp</b>: {@code Math.exp} is within 1 ulp of the exact result (its javadoc), so within 2u relatively;
 *     the float reference rounds that double to float (u + 2⁻⁵²). Vector API {@code EXP} "follows the
 *     accuracy … specifications of the equivalent Java operation" ({@code VectorOperators}, "Operations on
 *     floating point vectors"), float lanes being computed as double and narrowed. A provider with its own
 *     exp (the vector provider's {@code VectorMath}, documented as under 1 ulp) is held to the same. So every
 *     exp used here is within 1 ulp of its type, 2u relative. Below the smallest normal number relative bounds fail
 *     (gradual underflow, or a vector exp that flushes subnormals): an absolute minNormal per element covers it.
 * <li><b>softmax</b>: eⱼ (2u), their sum (n − 1 additions of terms already 2u off: (n + 1)u), and the
 *     division, direct or as a multiplication by a rounded reciprocal (2u): γₙ₊₅ relative to each output.
 * <li><b>logSoftmax</b> xⱼ − m − L with L = log Σ e: x − m (u·|x − m|), L from a sum (n + 1)u off relatively
 *     (so (n + 1)u absolute in L) and log's 1 ulp (2u·|L|), the final subtraction(s) in either association
 *     (u·|out| + u·(|m| + |L|)): u·(|x − m| + |out| + |m| + 3|L| + n + 1).
 * <li><b>softmaxCrossEntropy</b>: per row ℓ = (m − x_label) + L: u·|m − x_label| + (n + 1)u + 2u·|L| + u·ℓ;
 *     the mean adds γ_rows relative (rows − 1 additions of non-negative terms and a division). The
 *     gradient (p − y)/rows: p as softmax (γₙ₊₅·p, plus minNormal), the subtraction (u·|p − y|) and the
 *     division (2u·|g|, allowing a multiplication by a rounded 1/rows).
 * <li><b>crossEntropy</b> (weights w ≥ 0, smoothing ε, K = n + rows + 10): the label term (1 − ε)·w_y·ℓ_y carries
 *     ℓ_y's error above and three roundings; the smoothing term (ε/n)·(Σ wⱼ(m − xⱼ) + S_w·L) carries γₙ₊₂ on the
 *     gaps, γₙ on S_w = Σ wⱼ, L's (n + 1)u + 2u·L times S_w, and four roundings. With M = (1 − ε)·w_y·(|m − x_y| + 1
 *     + 2L + ℓ_y) + (ε/n)·(G + S_w·(1 + 3L)) per row, each implementation is within γ_K·(Σ M / W + 2·loss) of the
 *     exact value (W = Σ w[yᵢ] with γ_rows, the division 2u), plus minNormal per exponential times its weight.
 *     The gradient (a·p − t)/W with a = (1 − ε)w_y + (ε/n)S_w (γₙ₊₄), p as softmax (γₙ₊₅ and minNormal), t's
 *     three roundings, the subtraction u·|a·p − t| and the division (γ_rows + 2u)·|g|.
 * <li><b>binaryCrossEntropyWithLogits</b>: e = e^−|x| (2u + minNormal), log1p(e) (the reference's 1 ulp and cast,
 *     or the Vector API's LOG1P, held to Math's 1 ulp: γ₈ either way; e's error passes through damped by 1/(1 + e)), then max(x, 0) − x·y
 *     + L and with a positive weight c·(max(−x, 0) + L), c = (p − 1)·y: a few roundings each, γ₁₂ on the sum of the
 *     magnitudes involved. The mean: γₙ on Σ|ℓ| and 2u. The gradient σ(x) − y − c·σ(−x): each σ from e within 5u (e, 1 + e, the division, and e·s for the other),
 *     γ₈ on the magnitudes, then the division by n (2u).
 * <li><b>sigmoid</b> 1/(1 + e^−x) is within 4u (exp 2u, the addition u, the division u) and e^x/(1 + e^x)
 *     within 6u; we allow 6u relative, plus minNormal absolute for outputs that underflow.
 * <li><b>sigmoidBackward</b> dy·y·(1 − y): three roundings in any association (or two with FMA): γ₃ relative
 *     to |dy·y·(1 − y)|.
 * <li><b>adamStep</b>: m: 3 roundings ((1 − β₁), ·g, the addition; β₁·m: 1): γ₃(|β₁m| + |(1 − β₁)g|).
 *     v: γ₄(|β₂v| + |(1 − β₂)g²|). The update Δ = s·m/(√v/c + ε) with s = lr/(1 − β₁ᵗ), c = √(1 − β₂ᵗ):
 *     the bias corrections come from {@code Math.pow} (1 ulp) and a cancelling subtraction, so relative
 *     errors κ₁ = 2u·β₁ᵗ/(1 − β₁ᵗ) + 2u and κ₂ = u·β₂ᵗ/(1 − β₂ᵗ) + 2u (halved by the square root) when
 *     done in the element type; Δ's own chain (s·m, √v, /c, +ε, the division) adds γ₁₀; the error of m feeds
 *     through as s·Eₘ/(√v/c + ε); and param − Δ rounds once: u·|param|. AdamW's decay param·(1 − lr·λ) adds
 *     2u·|param·(1 − lr·λ)| (the factor rounded to the element type, and the product).
 * <li><b>sgdMomentumStep</b>: b = μ·b + g, two roundings (one with FMA): γ₂(|μb| + |g|); Nesterov's direction
 *     g + μ·b adds γ₂(|g| + |μb|) and μ times b's error; param − lr·d: γ₂(|param| + |lr·d|) and lr times d's error.
 * <li><b>adagradStep</b>: s = sum + g²: γ₂(sum + g²); √s rounds once (u√s) and carries s's error as at most
 *     min(E/(2√s), √E); + ε: u; Δ = lr·g/d: γ₂|Δ| plus |Δ| times d's relative error; param − Δ: u·|param|.
 * <li><b>rmspropStep</b>: s = α·s + (1 − α)·g²: γ₄(α·s + (1 − α)·g²); centred, a = α·a + (1 − α)·g:
 *     γ₃(|αa| + |(1 − α)g|) and s − a²: γ₂(s + a²) + 2|a|·Eₐ; the denominator as Adagrad's; with momentum,
 *     g/d: u|g/d| plus its relative error, b = μ·b + g/d: γ₂(|μb| + |g/d|), param − lr·b: γ₂(|param| + |lr·b|);
 *     without, as Adagrad's update. Test data keep s − a² away from 0 (s ≥ a² + 10⁻³), where √ is ill-conditioned.
 * <li><b>clipByValue</b>: exact (comparisons).
 * </ul>
 * A second-order factor (1 + γ) is applied where a bound is computed from the reference's output rather than
 * from the exact value.
 */
final class OpsConformance {

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("relu", relu()),
                dynamicContainer("reluMask", reluMask()),
                dynamicContainer("reluBackward", reluBackward()),
                dynamicContainer("addBias", addBias()),
                dynamicContainer("scale", scale()),
                dynamicContainer("argmaxRows", argmaxRows()),
                dynamicContainer("axpy", axpy()),
                dynamicContainer("sumOfSquares", sumOfSquares()),
                dynamicContainer("halfSquaredError", halfSquaredError()),
                dynamicContainer("columnSums", columnSums()),
                dynamicContainer("sigmoid", sigmoid()),
                dynamicContainer("sigmoidBackward", sigmoidBackward()),
                dynamicContainer("softmax", softmax()),
                dynamicContainer("logSoftmax", logSoftmax()),
                dynamicContainer("softmaxCrossEntropy", softmaxCrossEntropy()),
                dynamicContainer("crossEntropy", crossEntropy()),
                dynamicContainer("binaryCrossEntropyWithLogits", binaryCrossEntropyWithLogits()),
                dynamicContainer("adamStep", adamStep()),
                dynamicContainer("sgdMomentumStep", sgdMomentumStep()),
                dynamicContainer("rmspropStep", rmspropStep()),
                dynamicContainer("adagradStep", adagradStep()),
                dynamicContainer("clipByValue", clipByValue()),
                dynamicContainer("softmaxBackward", softmaxBackward()),
                dynamicContainer("logSoftmaxBackward", logSoftmaxBackward()),
                dynamicContainer("activations", forwardCases().stream().map(c -> dynamicContainer(c.name(), forward(c)))),
                dynamicContainer("activationBackwards", backwardCases().stream().map(c -> dynamicContainer(c.name(), backward(c)))));
    }

    private final Kernels reference = Agreement.reference();
    private final List<Kernels> providers;
    private final List<Integer> lengths;
    private final List<int[]> shapes;

    /** The checks of {@code providers} against the reference, on every edge size. */
    OpsConformance(List<Kernels> providers) {
        this(providers, Shapes.lengths(), rowShapes());
    }

    /** The same checks on other sizes ({@link CompiledCodeConformance} repeats a few sizes many times). */
    OpsConformance(List<Kernels> providers, List<Integer> lengths, List<int[]> shapes) {
        this.providers = providers;
        this.lengths = lengths;
        this.shapes = shapes;
    }

    private List<Integer> lengths() {
        return lengths;
    }

    private List<int[]> shapes() {
        return shapes;
    }

    /** One DynamicTest per operation and precision. */
    private Stream<DynamicTest> perPrecision(String operation, java.util.function.BiConsumer<Precision, String> body) {
        return Stream.of(Precision.values()).map(p -> DynamicTest.dynamicTest(operation + ", " + p, () -> {
            Agreement.resetWorst();
            body.accept(p, operation);
            System.out.println(operation + ", " + p + ": " + Agreement.worst());
        }));
    }

    private static String describe(String operation, Precision p, String shape, long seed) {
        return operation + "(" + shape + ") " + p + ", seed " + TestSeeds.hex(seed);
    }

    /** (rows, cols) pairs: every edge size of cols against a few rows, and a few large ones. */
    static List<int[]> rowShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int rows : new int[] {0, 1, 2, 3, 5, 8, 17}) {
            for (int cols : Shapes.EDGE_SIZES) {
                shapes.add(new int[] {rows, cols});
            }
        }
        shapes.addAll(List.of(new int[] {4, 3000}, new int[] {300, 10}, new int[] {64, 784}, new int[] {1, 6001}));
        return shapes;
    }

    /** Values for element-wise inputs: mostly uniform, with a sprinkle of zeros of both signs. */
    static double[] values(SplittableRandom r, int n, double scale) {
        double[] x = Shapes.uniform(r, n, -scale, scale);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(20);
            if (pick == 0) {
                x[i] = 0.0;
            } else if (pick == 1) {
                x[i] = -0.0;
            }
        }
        return x;
    }

    // ======================================== element-wise, exact ========================================

    Stream<DynamicTest> relu() {
        return perPrecision("relu", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                double[] x = values(TestSeeds.random(seed), n, 3);
                if (n > 0) {
                    x[TestSeeds.random(seed).nextInt(n)] = Double.NaN; // NaN stays NaN
                }
                double[] in = withTail(p, x);
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, "n=" + n + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(in);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, n, false));
                        Calls.relu(k, n, xs, out);
                        return List.of(Precision.values(out), Precision.values(xs));
                    }, Agreement::exact);
                }
            }
        });
    }

    Stream<DynamicTest> reluMask() {
        return perPrecision("reluMask", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                double[] x = values(TestSeeds.random(seed), n, 3);
                if (n > 2) {
                    x[n / 2] = Double.NaN;
                    x[n - 1] = Double.NEGATIVE_INFINITY;
                    x[0] = Double.POSITIVE_INFINITY;
                }
                double[] in = withTail(p, x);
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, "n=" + n + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(in);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, n, false));
                        Calls.reluMask(k, n, xs, out);
                        return List.of(Precision.values(out), Precision.values(xs));
                    }, Agreement::exact);
                }
            }
        });
    }

    Stream<DynamicTest> reluBackward() {
        return perPrecision("reluBackward", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = values(r, n, 3);
                double[] dy = values(r, n, 3);
                // Non-finite gradients where x <= 0 must still give exactly 0 there.
                for (int i = 0; i < n; i++) {
                    if (!(x[i] > 0) && r.nextInt(4) == 0) {
                        dy[i] = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}[r.nextInt(3)];
                    }
                }
                if (n > 1) {
                    x[n - 1] = Double.NaN;
                }
                double[] xIn = withTail(p, x), dyIn = withTail(p, dy);
                for (String alias : new String[] {"separate", "dx = dy", "dx = x"}) {
                    Agreement.check(describe(op, p, "n=" + n + ", " + alias, seed), reference, providers, k -> {
                        Object xs = p.array(xIn), dys = p.array(dyIn);
                        Object dx = switch (alias) {
                            case "dx = dy" -> dys;
                            case "dx = x" -> xs;
                            default -> p.array(outputBuffer(p, n, false));
                        };
                        Calls.reluBackward(k, n, xs, dys, dx);
                        return List.of(Precision.values(dx), Precision.values(xs), Precision.values(dys));
                    }, Agreement::exact);
                }
            }
        });
    }

    Stream<DynamicTest> addBias() {
        return perPrecision("addBias", (p, op) -> {
            int index = 0;
            for (int[] shape : shapes()) {
                int rows = shape[0], cols = shape[1];
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = withTail(p, values(r, rows * cols, 4)), bias = withTail(p, values(r, cols, 4));
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, rows + "x" + cols + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(x), bs = p.array(bias);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, rows * cols, false));
                        Calls.addBias(k, rows, cols, xs, bs, out);
                        return List.of(Precision.values(out), Precision.values(xs), Precision.values(bs));
                    }, Agreement::exact);
                }
            }
        });
    }

    Stream<DynamicTest> scale() {
        return perPrecision("scale", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = withTail(p, values(r, n, 5));
                double alpha = new double[] {0, 1, -1, 0.3, -7.5}[index % 5];
                Agreement.check(describe(op, p, "n=" + n + ", alpha=" + alpha, seed), reference, providers, k -> {
                    Object xs = p.array(x);
                    Calls.scale(k, n, alpha, xs);
                    return List.of(Precision.values(xs));
                }, Agreement::exact);
            }
        });
    }

    Stream<DynamicTest> argmaxRows() {
        return perPrecision("argmaxRows", (p, op) -> {
            int index = 0;
            for (int[] shape : shapes()) {
                int rows = shape[0], cols = Math.max(1, shape[1]);
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                // Small integers make ties common; the first of equal maxima must win. Some rows hold NaN
                // (the first NaN wins), -0 and +0 (equal), or -∞ only.
                double[] x = new double[rows * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextInt(7) - 3;
                }
                for (int row = 0; row < rows; row++) {
                    switch (r.nextInt(6)) {
                        case 0 -> x[row * cols + r.nextInt(cols)] = Double.NaN;
                        case 1 -> java.util.Arrays.fill(x, row * cols, row * cols + cols, Double.NEGATIVE_INFINITY);
                        case 2 -> {
                            java.util.Arrays.fill(x, row * cols, row * cols + cols, -1);
                            x[row * cols + r.nextInt(cols)] = -0.0;
                            x[row * cols + r.nextInt(cols)] = 0.0;
                        }
                        default -> { }
                    }
                }
                double[] in = withTail(p, x);
                Agreement.check(describe(op, p, rows + "x" + cols, seed), reference, providers, k -> {
                    int[] out = new int[rows + Agreement.TAIL];
                    java.util.Arrays.fill(out, -7);
                    Calls.argmaxRows(k, rows, cols, p.array(in), out);
                    return List.of(java.util.Arrays.stream(out).asDoubleStream().toArray());
                }, Agreement::exact);
            }
        });
    }

    Stream<DynamicTest> axpy() {
        return perPrecision("axpy", (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = withTail(p, values(r, n, 2)), y = withTail(p, values(r, n, 2));
                double alpha = p.round(new double[] {new double[] {0, 1, -1, -0.01, 3.3}[index % 5]})[0];
                Agreement.check(describe(op, p, "n=" + n + ", alpha=" + alpha, seed), reference, providers, k -> {
                    Object xs = p.array(x), ys = p.array(y);
                    Calls.axpy(k, n, alpha, xs, ys);
                    return List.of(Precision.values(ys), Precision.values(xs));
                }, expected -> {
                    double[] t = new double[y.length];
                    for (int i = 0; i < n; i++) {
                        // FMA or not: 2u(1 + u)(2|alpha·x| + |y|), see the class comment.
                        t[i] = 2 * u * (1 + u) * (2 * Math.abs(alpha * x[i]) + Math.abs(y[i]));
                    }
                    return List.of(t, new double[x.length]);
                });
            }
        });
    }

    // ============================================== reductions ===========================================

    Stream<DynamicTest> sumOfSquares() {
        return perPrecision("sumOfSquares", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                double[] x = withTail(p, values(TestSeeds.random(seed), n, 3));
                double squares = 0;
                for (int i = 0; i < n; i++) {
                    squares += x[i] * x[i];
                }
                double bound = 2 * p.gamma(n) * squares * (1 + Precision.DOUBLE.gamma(n + 1));
                Agreement.check(describe(op, p, "n=" + n, seed), reference, providers, k -> {
                    Object xs = p.array(x);
                    double result = Calls.sumOfSquares(k, n, xs);
                    return List.of(new double[] {result}, Precision.values(xs));
                }, expected -> List.of(new double[] {bound}, new double[x.length]));
            }
        });
    }

    Stream<DynamicTest> halfSquaredError() {
        return perPrecision("halfSquaredError", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] prediction = withTail(p, values(r, n, 2)), target = withTail(p, values(r, n, 2));
                double squares = 0;
                for (int i = 0; i < n; i++) {
                    squares += (prediction[i] - target[i]) * (prediction[i] - target[i]);
                }
                double bound = 2 * p.gamma(n + 2) * 0.5 * squares * (1 + Precision.DOUBLE.gamma(n + 3));
                for (String gradientMode : new String[] {"none", "separate", "gradient = prediction"}) {
                    Agreement.check(describe(op, p, "n=" + n + ", gradient " + gradientMode, seed), reference, providers, k -> {
                        Object pr = p.array(prediction), tg = p.array(target);
                        Object gradient = switch (gradientMode) {
                            case "none" -> null;
                            case "separate" -> p.array(outputBuffer(p, n, false));
                            default -> pr;
                        };
                        double loss = Calls.halfSquaredError(k, n, pr, tg, gradient);
                        return List.of(new double[] {loss}, gradient == null ? new double[0] : Precision.values(gradient),
                                Precision.values(pr), Precision.values(tg));
                    }, expected -> List.of(new double[] {bound}, new double[expected.get(1).length],
                            new double[prediction.length], new double[target.length]));
                }
            }
        });
    }

    Stream<DynamicTest> columnSums() {
        return perPrecision("columnSums", (p, op) -> {
            int index = 0;
            for (int[] shape : shapes()) {
                for (double beta : new double[] {0, 1, 0.5}) {
                    int rows = shape[0], cols = shape[1];
                    long seed = TestSeeds.of(op, index++);
                    SplittableRandom r = TestSeeds.random(seed);
                    double[] x = withTail(p, values(r, rows * cols, 2));
                    // With beta 0, out is not read: NaN in it must not propagate.
                    double[] out0 = beta == 0 ? outputBuffer(p, cols, true) : withTail(p, values(r, cols, 2));
                    double[] bound = new double[out0.length];
                    for (int j = 0; j < cols; j++) {
                        double magnitude = beta == 0 ? 0 : Math.abs(beta * out0[j]);
                        for (int i = 0; i < rows; i++) {
                            magnitude += Math.abs(x[i * cols + j]);
                        }
                        bound[j] = 2 * p.gamma(rows + 1) * magnitude * (1 + Precision.DOUBLE.gamma(rows + 1));
                    }
                    Agreement.check(describe(op, p, rows + "x" + cols + ", beta=" + beta, seed), reference, providers, k -> {
                        Object xs = p.array(x), out = p.array(out0);
                        Calls.columnSums(k, rows, cols, xs, beta, out);
                        return List.of(Precision.values(out), Precision.values(xs));
                    }, expected -> List.of(bound, new double[x.length]));
                }
            }
        });
    }

    // ==================================== exp-based: sigmoid, softmax, losses ====================================

    Stream<DynamicTest> sigmoid() {
        return perPrecision("sigmoid", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = values(r, n, index % 3 == 0 ? 120 : 12);
                double[] in = withTail(p, x);
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, "n=" + n + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(in);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, n, false));
                        Calls.sigmoid(k, n, xs, out);
                        return List.of(Precision.values(out));
                    }, expected -> {
                        double[] e = expected.get(0), t = new double[e.length];
                        for (int i = 0; i < n; i++) {
                            t[i] = 2 * (p.gamma(6) * Math.abs(e[i]) * (1 + p.gamma(6)) + p.minNormal);
                        }
                        return List.of(t);
                    });
                }
            }
        });
    }

    Stream<DynamicTest> sigmoidBackward() {
        return perPrecision("sigmoidBackward", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] y = withTail(p, Shapes.uniform(r, n, 0, 1)), dy = withTail(p, values(r, n, 3));
                double[] t = new double[y.length];
                for (int i = 0; i < n; i++) {
                    t[i] = 2 * p.gamma(3) * Math.abs(dy[i] * y[i] * (1 - y[i])) * (1 + Precision.DOUBLE.gamma(3));
                }
                for (String alias : new String[] {"separate", "dx = dy", "dx = y"}) {
                    Agreement.check(describe(op, p, "n=" + n + ", " + alias, seed), reference, providers, k -> {
                        Object ys = p.array(y), dys = p.array(dy);
                        Object dx = switch (alias) {
                            case "dx = dy" -> dys;
                            case "dx = y" -> ys;
                            default -> p.array(outputBuffer(p, n, false));
                        };
                        Calls.sigmoidBackward(k, n, ys, dys, dx);
                        return List.of(Precision.values(dx));
                    }, expected -> List.of(t));
                }
            }
        });
    }

    /** Logits: mostly moderate, some rows spread wide enough for exp to underflow, some far from 0. */
    static double[] logits(SplittableRandom r, int rows, int cols) {
        double[] x = new double[rows * cols];
        for (int row = 0; row < rows; row++) {
            double spread = new double[] {1, 5, 40, 200}[r.nextInt(4)];
            double shift = r.nextInt(4) == 0 ? 1000 * (2 * r.nextDouble() - 1) : 0;
            for (int j = 0; j < cols; j++) {
                x[row * cols + j] = shift + spread * (2 * r.nextDouble() - 1);
            }
        }
        return x;
    }

    Stream<DynamicTest> softmax() {
        return perPrecision("softmax", (p, op) -> {
            int index = 0;
            for (int[] shape : shapes()) {
                int rows = shape[0], cols = shape[1];
                long seed = TestSeeds.of(op, index++);
                double[] x = withTail(p, logits(TestSeeds.random(seed), rows, cols));
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, rows + "x" + cols + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(x);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, rows * cols, false));
                        Calls.softmax(k, rows, cols, xs, out);
                        return List.of(Precision.values(out));
                    }, expected -> {
                        double[] e = expected.get(0), t = new double[e.length];
                        double g = p.gamma(cols + 5);
                        for (int i = 0; i < rows * cols; i++) {
                            t[i] = 2 * (g / (1 - g) * e[i] + p.minNormal);
                        }
                        return List.of(t);
                    });
                }
            }
        });
    }

    Stream<DynamicTest> logSoftmax() {
        return perPrecision("logSoftmax", (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int[] shape : shapes()) {
                int rows = shape[0], cols = shape[1];
                long seed = TestSeeds.of(op, index++);
                double[] x = withTail(p, logits(TestSeeds.random(seed), rows, cols));
                double[] t = new double[x.length];
                for (int row = 0; row < rows; row++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < cols; j++) {
                        m = Math.max(m, x[row * cols + j]);
                    }
                    for (int j = 0; j < cols; j++) {
                        s += Math.exp(x[row * cols + j] - m);
                    }
                    double logSum = Math.log(s);
                    for (int j = 0; j < cols; j++) {
                        double xm = x[row * cols + j] - m, out = xm - logSum;
                        double perImplementation = u * (Math.abs(xm) + Math.abs(out) + Math.abs(m) + 3 * logSum + cols + 1)
                                + cols * p.minNormal;
                        t[row * cols + j] = 2 * perImplementation * (1 + p.gamma(cols + 5));
                    }
                }
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, rows + "x" + cols + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(x);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, rows * cols, false));
                        Calls.logSoftmax(k, rows, cols, xs, out);
                        return List.of(Precision.values(out));
                    }, expected -> List.of(t));
                }
            }
        });
    }

    Stream<DynamicTest> softmaxCrossEntropy() {
        return perPrecision("softmaxCrossEntropy", (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int[] shape : shapes()) {
                int rows = Math.max(1, shape[0]), cols = Math.max(1, shape[1]);
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = withTail(p, logits(r, rows, cols));
                int[] labels = new int[rows + 2];
                for (int i = 0; i < rows; i++) {
                    labels[i] = r.nextInt(cols);
                }
                labels[rows] = -1; // beyond rows: must not be read
                labels[rows + 1] = cols;
                double lossError = 0, lossSum = 0;
                double[] gradientBound = new double[x.length];
                double gSoftmax = p.gamma(cols + 5);
                for (int row = 0; row < rows; row++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < cols; j++) {
                        m = Math.max(m, x[row * cols + j]);
                    }
                    for (int j = 0; j < cols; j++) {
                        s += Math.exp(x[row * cols + j] - m);
                    }
                    double logSum = Math.log(s), mx = m - x[row * cols + labels[row]], loss = mx + logSum;
                    lossSum += loss;
                    lossError += u * (mx + cols + 1 + 2 * logSum + loss) + cols * p.minNormal;
                    for (int j = 0; j < cols; j++) {
                        double prob = Math.exp(x[row * cols + j] - m) / s;
                        double g = (prob - (j == labels[row] ? 1 : 0)) / rows;
                        gradientBound[row * cols + j] = 2 * ((gSoftmax * prob + p.minNormal + u * Math.abs(g * rows)) / rows
                                + 2 * u * Math.abs(g)) * (1 + gSoftmax);
                    }
                }
                double lossBound = 2 * (lossError / rows + p.gamma(rows) * lossSum / rows) * (1 + gSoftmax);
                for (String gradientMode : new String[] {"none", "separate", "gradient = logits"}) {
                    Agreement.check(describe(op, p, rows + "x" + cols + ", gradient " + gradientMode, seed), reference, providers, k -> {
                        Object xs = p.array(x);
                        Object gradient = switch (gradientMode) {
                            case "none" -> null;
                            case "separate" -> p.array(outputBuffer(p, rows * cols, false));
                            default -> xs;
                        };
                        double loss = Calls.softmaxCrossEntropy(k, rows, cols, xs, labels.clone(), gradient);
                        return List.of(new double[] {loss}, gradient == null ? new double[0] : Precision.values(gradient));
                    }, expected -> List.of(new double[] {lossBound},
                            gradientMode.equals("none") ? new double[0] : gradientBound));
                }
            }
        });
    }

    Stream<DynamicTest> crossEntropy() {
        return perPrecision("crossEntropy", (p, op) -> {
            int index = 0;
            for (int[] shape : shapes()) {
                int rows = Math.max(1, shape[0]), cols = Math.max(1, shape[1]);
                for (boolean weighted : new boolean[] {false, true}) {
                    for (double smoothing : new double[] {0, 0.1, 1}) {
                        long seed = TestSeeds.of(op, index++);
                        SplittableRandom r = TestSeeds.random(seed);
                        double[] x = withTail(p, logits(r, rows, cols));
                        double[] weights = null;
                        if (weighted) {
                            weights = withTail(p, Shapes.uniform(r, cols, 0, 3));
                            weights[0] = cols > 2 ? 0 : weights[0]; // a class that does not count
                        }
                        int[] labels = new int[rows + 2];
                        for (int i = 0; i < rows; i++) {
                            labels[i] = r.nextInt(cols);
                        }
                        labels[0] = cols - 1; // Σ w[y] > 0, so the mean exists
                        labels[rows] = -1; // beyond rows: must not be read
                        labels[rows + 1] = cols;
                        double[] bounds = crossEntropyBounds(p, rows, cols, x, labels, weights, smoothing);
                        double lossBound = bounds[bounds.length - 1];
                        double[] gradientBound = Arrays.copyOf(bounds, x.length);
                        double[] w = weights;
                        for (String gradientMode : new String[] {"none", "separate", "gradient = logits"}) {
                            Agreement.check(describe(op, p, rows + "x" + cols + (weighted ? ", weighted" : "")
                                    + ", smoothing " + smoothing + ", gradient " + gradientMode, seed), reference, providers, k -> {
                                Object xs = p.array(x);
                                Object gradient = switch (gradientMode) {
                                    case "none" -> null;
                                    case "separate" -> p.array(outputBuffer(p, rows * cols, false));
                                    default -> xs;
                                };
                                double loss = Calls.crossEntropy(k, rows, cols, xs, labels.clone(), w == null ? null : p.array(w),
                                        smoothing, gradient);
                                return List.of(new double[] {loss}, gradient == null ? new double[0] : Precision.values(gradient));
                            }, expected -> List.of(new double[] {lossBound},
                                    gradientMode.equals("none") ? new double[0] : gradientBound));
                        }
                    }
                }
            }
        });
    }

    /** Each gradient element's tolerance (rows·cols of them, then zeros for the tail) and last the loss's: see the class comment. */
    private static double[] crossEntropyBounds(Precision p, int rows, int cols, double[] x, int[] labels, double[] weights,
                                               double smoothing) {
        double u = p.unitRoundoff, spread = smoothing / cols, labelShare = 1 - smoothing;
        double weightTotal = 0, denominator = 0, magnitudes = 0, exponentials = 0, lossSum = 0;
        for (int j = 0; j < cols; j++) {
            weightTotal += weights == null ? 1 : weights[j];
        }
        for (int i = 0; i < rows; i++) {
            denominator += weights == null ? 1 : weights[labels[i]];
        }
        double[] bounds = new double[rows * cols + 1];
        double gK = p.gamma(cols + rows + 10), gSoftmax = p.gamma(2 * cols + 10), slack = 1 + p.gamma(cols + 5);
        for (int row = 0; row < rows; row++) {
            int y = labels[row];
            double labelWeight = weights == null ? 1 : weights[y];
            double m = Double.NEGATIVE_INFINITY, s = 0, gaps = 0;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, x[row * cols + j]);
            }
            for (int j = 0; j < cols; j++) {
                s += Math.exp(x[row * cols + j] - m);
                gaps += (weights == null ? 1 : weights[j]) * (m - x[row * cols + j]);
            }
            double logSum = Math.log(s), labelLoss = m - x[row * cols + y] + logSum;
            double rowLoss = labelShare * labelWeight * labelLoss + spread * (gaps + weightTotal * logSum);
            lossSum += rowLoss;
            magnitudes += labelShare * labelWeight * (m - x[row * cols + y] + 1 + 2 * logSum + labelLoss)
                    + spread * (gaps + weightTotal * (1 + 3 * logSum));
            double a = labelShare * labelWeight + spread * weightTotal;
            exponentials += cols * p.minNormal * a;
            for (int j = 0; j < cols; j++) {
                double prob = Math.exp(x[row * cols + j] - m) / s;
                double target = spread * (weights == null ? 1 : weights[j]) + (j == y ? labelShare * labelWeight : 0);
                double g = (a * prob - target) / denominator;
                double error = (gSoftmax * a * prob + a * p.minNormal + p.gamma(3) * target + u * Math.abs(a * prob - target))
                        / denominator + (p.gamma(rows) + 2 * u) * Math.abs(g);
                bounds[row * cols + j] = 2 * error * slack;
            }
        }
        double loss = lossSum / denominator;
        bounds[rows * cols] = 2 * (gK * (magnitudes / denominator + 2 * loss) + exponentials / denominator) * slack;
        return bounds;
    }

    Stream<DynamicTest> binaryCrossEntropyWithLogits() {
        return perPrecision("binaryCrossEntropyWithLogits", (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int[] shape : shapes()) {
                int rows = Math.max(1, shape[0]), cols = Math.max(1, shape[1]), n = rows * cols;
                for (boolean weighted : new boolean[] {false, true}) {
                    long seed = TestSeeds.of(op, index++);
                    SplittableRandom r = TestSeeds.random(seed);
                    double[] x = values(r, n, 20), y = Shapes.uniform(r, n, 0, 1);
                    for (int i = 0; i < n; i++) {
                        int pick = r.nextInt(10);
                        x[i] = pick == 0 ? 150 * (2 * r.nextDouble() - 1) : x[i]; // saturated: e^−|x| underflows or nearly
                        y[i] = pick == 1 ? 0 : pick == 2 ? 1 : y[i];
                    }
                    x = withTail(p, x);
                    y = withTail(p, y);
                    double[] posWeight = weighted ? withTail(p, Shapes.uniform(r, cols, 0, 4)) : null;
                    double[] gradientBound = new double[x.length];
                    double errors = 0, absolute = 0, mean = 0;
                    for (int i = 0; i < n; i++) {
                        double xi = x[i], yi = y[i], c = posWeight == null ? 0 : (posWeight[i % cols] - 1) * yi;
                        double e = Math.exp(-Math.abs(xi)), softplus = Math.log1p(e);
                        double loss = Math.max(xi, 0) - xi * yi + softplus + c * (Math.max(-xi, 0) + softplus);
                        double sigmoid = xi >= 0 ? 1 / (1 + e) : e / (1 + e), sigmoidOfMinus = xi >= 0 ? e / (1 + e) : 1 / (1 + e);
                        double g = sigmoid - yi - c * sigmoidOfMinus;
                        mean += loss / n;
                        absolute += Math.abs(loss);
                        errors += p.gamma(12) * (Math.max(xi, 0) + 2 * Math.abs(xi * yi) + 2 * softplus + Math.abs(loss) + e
                                + 3 * Math.abs(c) * (Math.max(-xi, 0) + 2 * softplus + e)) + (1 + Math.abs(c)) * p.minNormal;
                        double error = (p.gamma(8) * (sigmoid + Math.abs(sigmoid - yi) + 2 * Math.abs(c) * sigmoidOfMinus + Math.abs(g))
                                + (1 + Math.abs(c)) * p.minNormal) / n + 2 * u * Math.abs(g / n);
                        gradientBound[i] = 2 * error * (1 + p.gamma(12));
                    }
                    double lossBound = 2 * ((errors + p.gamma(n) * absolute) / n + 2 * u * mean) * (1 + p.gamma(n + 12));
                    double[] logits = x, targets = y, pw = posWeight;
                    for (String gradientMode : new String[] {"none", "separate", "gradient = logits"}) {
                        Agreement.check(describe(op, p, rows + "x" + cols + (weighted ? ", pos_weight" : "")
                                + ", gradient " + gradientMode, seed), reference, providers, k -> {
                            Object xs = p.array(logits), ys = p.array(targets);
                            Object gradient = switch (gradientMode) {
                                case "none" -> null;
                                case "separate" -> p.array(outputBuffer(p, n, false));
                                default -> xs;
                            };
                            double loss = Calls.binaryCrossEntropyWithLogits(k, rows, cols, xs, ys, pw == null ? null : p.array(pw), gradient);
                            return List.of(new double[] {loss}, gradient == null ? new double[0] : Precision.values(gradient),
                                    Precision.values(ys));
                        }, expected -> List.of(new double[] {lossBound},
                                gradientMode.equals("none") ? new double[0] : gradientBound, new double[targets.length]));
                    }
                }
            }
        });
    }

    // ================================ smooth and parametric activations ================================

    /** Calls one element-wise forward pass, out = f(x), in either precision (see {@link Calls}). */
    interface UnaryCall {
        void run(Kernels k, int n, Object x, Object out);
    }

    /** Calls one element-wise backward pass, dx = dy·f′, from its input x (or, for tanh, its output). */
    interface BackwardCall {
        void run(Kernels k, int n, Object in, Object dy, Object dx);
    }

    /** The error bound of one implementation at one element, from x and the reference's result (double). */
    interface ForwardBound {
        double of(Precision p, double x, double y);
    }

    /** The error bound of one implementation at one element, from its input, dy and the reference's dx. */
    interface BackwardBound {
        double of(Precision p, double in, double dy, double dx);
    }

    /** A forward activation: its name (with its hyper-parameters), the input scales to draw from, the call and the bound. */
    record ForwardCase(String name, double[] scales, UnaryCall call, ForwardBound bound) { }

    /** A backward activation; {@code in} is drawn from [−1, 1] when the pass works from tanh's output. */
    record BackwardCase(String name, double[] scales, boolean fromTanhOutput, BackwardCall call, BackwardBound bound) { }

    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI), SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    /** σ(z) in double, and the standard normal density. */
    private static double sigma(double z) {
        double e = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** Φ(x) from the reference's double GELU (x·Φ(x)); ½ at 0. Used only to size the bounds. */
    private static double cdf(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x > 0 ? 1 : x < 0 ? 0 : 0.5;
        }
        double[] y = new double[1];
        Agreement.reference().gelu(1, new double[] {x}, y);
        return y[0] / x;
    }

    /** 2·(geluTanh's inner argument), 2√(2/π)(x + 0.044715x³). */
    private static double twiceInner(double x) {
        return 2 * SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
    }

    /*
     * Bounds (u = unit roundoff, γₙ as in the class comment; each is max(vector provider, reference); the float
     * reference is the double function rounded once, u·|result|). VectorMath.exp flushes results below 2⁻¹²⁵ = 2.35·10⁻³⁸
     * (float) and 3.3·10⁻³⁰⁸ (double) to 0, both below 2·minNormal: where exp feeds a product with x, that adds
     * 2·minNormal·|x| absolute ("flush" below).
     * - tanh: e = expm1(2|x|). Float: the range-reduced VectorMath.expm1, within 12u (derived there; measured
     *   2.2u by kernels/scripts/expm1_float_error.py); e/(e + 2) passes e's error on damped by 2/(e + 2) ≤ 1 and adds
     *   two roundings: γ₁₄·|y|. Double: Horner's rule on 15 Taylor terms (|2x| ≤ ½: γ₃₀ times Σ|terms|/|sum| ≤
     *   1.65) or e^2|x| − 1 (4u); e/(e + 2) three more roundings: within γ₅₃·|y|.
     * - tanhBackward dy·(1 − y²): y² (u·y²), 1 − y² (u·|1 − y²|), the product: γ₃·|dy|·(y² + |1 − y²|).
     * - gelu: the fitted tail q (44u relative by the rational form, 6.2u by the table below |x| = 4, see VectorGelu),
     *   Φ = q or 1 − q (u), ·x (u): |x|·(44u·q + 2u·Φ) + flush.
     * - geluBackward Φ + x·φ: Φ as above, φ = e^(−hi/2)(1 − lo/2)/√(2π) (5u with the products), the fused
     *   x·φ + Φ (u), ·dy (u): |dy|·(44u·q + u·Φ + 5u·|xφ| + u·|g|) + u·|dx| + flush. The table path (|x| &lt; 4) has
     *   h = q − |x|φ within 2.61u·(q + |xφ|) (VectorGelu), 1 − h (u·|g|), ·dy (u·|dx|): inside the same bound.
     * The inputs include EXTREMES below: 3·10³⁸ overflows x² (the GELU forms must not make 0·∞ of it), subnormals.
     * - geluTanh x·σ(w), w = 2√(2/π)(x + 0.044715x³): w within γ₆·|w| (x³ 2, ·c 1, +x 1, ·k 1, the constant 1);
     *   e^−|w| then carries 2u + γ₆|w|, which reaches σ damped by 1 − σ; σ's own 1 + e, reciprocal r and (w &lt; 0)
     *   e·r 3u; ·x u: |y|·((1 − σ)(2u + γ₆|w|) + 5u) + flush.
     * - geluTanhBackward s + x·s(1 − s)·w′: εₛ = (1 − s)(2u + γ₆|w|) + 4u (e, 1 + e, reciprocal r, e·r), ε₁₋ₛ
     *   likewise with s; the slope
     *   w′ = 2√(2/π)(1 + 0.134145x²) γ₄; products and the sum γ₄: |dy|·(s·εₛ + |T|·(εₛ + ε₁₋ₛ + γ₈) + u|g|) + u|dx|,
 *   and the flush reaches T through x·w′: 2·minNormal·(1 + |x|·w′).
     * - leakyRelu and its backward: one multiplication or a selection, exact.
     * - elu α·expm1(x) (float 12u, double γ₅₀, as for tanh's e; ·α u): γ₁₃·|y| (float), γ₅₂·|y| (double); its
     *   backward dy·α·e^x: γ₅·|dx| + flush.
     * - silu x/(1 + e^−x): e^−x (2u, passed on damped by e/(1 + e) ≤ 1), 1 + e (u), the division (u); reference (u):
     *   γ₅·|y| + flush (e^−x = ∞ below x ≈ −88.7: x/∞ = −0 where the true value is below 2·minNormal·|x|).
     * - siluBackward σ·(1 + x·(1 − σ)): σ and 1 − σ (r and e·r) within 5u each, x·(1 − σ) 6u, + 1 (u), ·σ, ·dy:
     *   |dy|·σ·(6u·|x(1 − σ)| + u·|1 + x(1 − σ)|) + 7u·|dx| + flush.
     * - softplus (max(z, 0) + log1p(e^−|z|))/β, z = βx: z (u|z|), e^−|z| (2u + u|z|), log1p by 2·atanh(e/(2 + e))
     *   (2u + γ₃₆/8 relative), the sum and the division (2u): (u|z|·[z &gt; 0] + (2u + u|z|)·e/(1 + e) +
     *   (3u + γ₃₆/8)·L + 2u·|βy|)/β + u|y| + flush/β; the linear regime is exact (x itself).
     * - softplusBackward dy·σ(z): σ 5u (as silu's), z's error u|z| damped by 1 − σ, ·dy u, reference u:
     *   |dx|·(7u + u|z|(1 − σ)) + flush.
     */
    static List<ForwardCase> forwardCases() {
        List<ForwardCase> cases = new ArrayList<>();
        cases.add(new ForwardCase("tanh", new double[] {0.3, 3, 30}, Calls::tanh,
                (p, x, y) -> p.gamma(p == Precision.FLOAT ? 14 : 53) * Math.abs(y)));
        cases.add(new ForwardCase("gelu", new double[] {0.3, 4, 20}, Calls::gelu, (p, x, y) -> {
            double phi = cdf(x), q = x < 0 ? phi : 1 - phi, u = p.unitRoundoff;
            return Math.abs(x) * (44 * u * q + 2 * u * phi + 2 * p.minNormal);
        }));
        cases.add(new ForwardCase("geluTanh", new double[] {0.3, 4, 20}, Calls::geluTanh, (p, x, y) -> {
            double w = twiceInner(x), s = sigma(w), u = p.unitRoundoff;
            return Math.abs(y) * ((1 - s) * (2 * u + p.gamma(6) * Math.abs(w)) + 5 * u) + 2 * p.minNormal * Math.abs(x);
        }));
        for (double slope : new double[] {0.01, 0.2, -1.5}) {
            cases.add(new ForwardCase("leakyRelu(slope=" + slope + ")", new double[] {3},
                    (k, n, x, out) -> Calls.leakyRelu(k, n, slope, x, out), (p, x, y) -> 0));
        }
        for (double alpha : new double[] {1, 0.5, 2}) {
            cases.add(new ForwardCase("elu(alpha=" + alpha + ")", new double[] {0.3, 3, 120},
                    (k, n, x, out) -> Calls.elu(k, n, alpha, x, out), (p, x, y) -> p.gamma(p == Precision.FLOAT ? 13 : 52) * Math.abs(y)));
        }
        cases.add(new ForwardCase("silu", new double[] {0.3, 4, 120}, Calls::silu,
                (p, x, y) -> p.gamma(5) * Math.abs(y) + 2 * p.minNormal * Math.abs(x)));
        for (double[] bt : new double[][] {{1, 20}, {2, 20}, {0.5, 3}}) {
            double beta = bt[0], threshold = bt[1];
            cases.add(new ForwardCase("softplus(beta=" + beta + ", threshold=" + threshold + ")", new double[] {0.3, 4, 120},
                    (k, n, x, out) -> Calls.softplus(k, n, beta, threshold, x, out), (p, x, y) -> {
                double z = beta * x, u = p.unitRoundoff;
                if (z > threshold || !Double.isFinite(x)) {
                    return 0;
                }
                double e = Math.exp(-Math.abs(z)), log = Math.log1p(e);
                return (u * Math.max(z, 0) + (2 * u + u * Math.abs(z)) * e / (1 + e) + (3 * u + p.gamma(36) / 8) * log
                        + 2 * u * Math.abs(beta * y)) / beta + u * Math.abs(y) + 2 * p.minNormal / beta;
            }));
        }
        return cases;
    }

    static List<BackwardCase> backwardCases() {
        List<BackwardCase> cases = new ArrayList<>();
        cases.add(new BackwardCase("tanhBackward", new double[] {1}, true, Calls::tanhBackward,
                (p, y, dy, dx) -> p.gamma(3) * Math.abs(dy) * (y * y + Math.abs(1 - y * y))));
        cases.add(new BackwardCase("geluBackward", new double[] {0.3, 4, 20}, false, Calls::geluBackward, (p, x, dy, dx) -> {
            double phi = cdf(x), q = x < 0 ? phi : 1 - phi, u = p.unitRoundoff;
            double xDensity = Math.abs(x) * INV_SQRT_2PI * Math.exp(-x * x / 2), g = phi + x * INV_SQRT_2PI * Math.exp(-x * x / 2);
            return Math.abs(dy) * (44 * u * q + u * phi + 5 * u * xDensity + u * Math.abs(g) + 2 * p.minNormal * (1 + Math.abs(x)))
                    + 2 * u * Math.abs(dx);
        }));
        cases.add(new BackwardCase("geluTanhBackward", new double[] {0.3, 4, 20}, false, Calls::geluTanhBackward, (p, x, dy, dx) -> {
            double w = twiceInner(x), s = sigma(w), oneMinusS = sigma(-w), u = p.unitRoundoff;
            double wError = 2 * u + p.gamma(6) * Math.abs(w);
            double epsS = oneMinusS * wError + 4 * u, epsOneMinusS = s * wError + 4 * u;
            double slope = 2 * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x), t = x * s * oneMinusS * slope, g = s + t;
            return Math.abs(dy) * (s * epsS + Math.abs(t) * (epsS + epsOneMinusS + p.gamma(8)) + u * Math.abs(g)
                    + 2 * p.minNormal * (1 + Math.abs(x) * slope)) + 2 * u * Math.abs(dx);
        }));
        for (double slope : new double[] {0.01, 0.2, -1.5}) {
            cases.add(new BackwardCase("leakyReluBackward(slope=" + slope + ")", new double[] {3}, false,
                    (k, n, x, dy, dx) -> Calls.leakyReluBackward(k, n, slope, x, dy, dx), (p, x, dy, dx) -> 0));
        }
        for (double alpha : new double[] {1, 0.5, 2}) {
            cases.add(new BackwardCase("eluBackward(alpha=" + alpha + ")", new double[] {0.3, 3, 120}, false,
                    (k, n, x, dy, dx) -> Calls.eluBackward(k, n, alpha, x, dy, dx),
                    (p, x, dy, dx) -> p.gamma(5) * Math.abs(dx) + 2 * p.minNormal * Math.abs(dy * alpha)));
        }
        cases.add(new BackwardCase("siluBackward", new double[] {0.3, 4, 120}, false, Calls::siluBackward, (p, x, dy, dx) -> {
            double s = sigma(x), oneMinusS = sigma(-x), u = p.unitRoundoff, xm = x * oneMinusS;
            return Math.abs(dy) * (s * (6 * u * Math.abs(xm) + u * Math.abs(1 + xm)) + 2 * p.minNormal * (1 + Math.abs(x)))
                    + 7 * u * Math.abs(dx);
        }));
        for (double[] bt : new double[][] {{1, 20}, {2, 20}, {0.5, 3}}) {
            double beta = bt[0], threshold = bt[1];
            cases.add(new BackwardCase("softplusBackward(beta=" + beta + ", threshold=" + threshold + ")", new double[] {0.3, 4, 120},
                    false, (k, n, x, dy, dx) -> Calls.softplusBackward(k, n, beta, threshold, x, dy, dx), (p, x, dy, dx) -> {
                double z = beta * x, u = p.unitRoundoff;
                return z > threshold || !Double.isFinite(x) ? 0 : Math.abs(dx) * (7 * u + u * Math.abs(z) * sigma(-z)) + 2 * p.minNormal * Math.abs(dy);
            }));
        }
        return cases;
    }

    /**
     * Extreme inputs sprinkled into every activation's test data: the largest floats (where x², x³ or e^|x|
     * overflow), float subnormals (subnormal in float, small normals in double: where an approximation must keep
     * x's magnitude), and e's overflow and flush edges.
     */
    private static final double[] EXTREMES = {3.0e38, -3.0e38, 1e-40, -1e-40, 1e4, -1e4, 88.72, -88.72, -87.5, 89.5};

    /**
     * Element-wise inputs for an activation: {@link #values} at one of the scales (±0 included), with NaN, ±∞ and
     * a few {@link #EXTREMES} sprinkled in.
     */
    private static double[] activationInputs(SplittableRandom r, int n, double[] scales, int index) {
        double[] x = values(r, n, scales[index % scales.length]);
        if (n > 3) {
            x[r.nextInt(n)] = Double.NaN;
            x[r.nextInt(n)] = Double.POSITIVE_INFINITY;
            x[r.nextInt(n)] = Double.NEGATIVE_INFINITY;
        }
        if (n > 30) {
            for (double extreme : EXTREMES) {
                x[r.nextInt(n)] = extreme;
            }
        }
        return x;
    }

    Stream<DynamicTest> forward(ForwardCase c) {
        return perPrecision(c.name(), (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index);
                double[] in = withTail(p, activationInputs(TestSeeds.random(seed), n, c.scales(), index++));
                for (boolean inPlace : new boolean[] {false, true}) {
                    Agreement.check(describe(op, p, "n=" + n + (inPlace ? ", in place" : ""), seed), reference, providers, k -> {
                        Object xs = p.array(in);
                        Object out = inPlace ? xs : p.array(outputBuffer(p, n, false));
                        c.call().run(k, n, xs, out);
                        return List.of(Precision.values(out));
                    }, expected -> {
                        double[] e = expected.get(0), t = new double[e.length];
                        for (int i = 0; i < n; i++) {
                            t[i] = 2 * c.bound().of(p, in[i], e[i]) * (1 + p.gamma(4));
                        }
                        return List.of(t);
                    });
                }
            }
        });
    }

    Stream<DynamicTest> backward(BackwardCase c) {
        return perPrecision(c.name(), (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index);
                SplittableRandom r = TestSeeds.random(seed);
                double[] in = withTail(p, c.fromTanhOutput() ? Shapes.uniform(r, n, -1, 1) : activationInputs(r, n, c.scales(), index));
                double[] dy = withTail(p, values(r, n, 3));
                index++;
                for (String alias : new String[] {"separate", "dx = dy", "dx = input"}) {
                    Agreement.check(describe(op, p, "n=" + n + ", " + alias, seed), reference, providers, k -> {
                        Object ins = p.array(in), dys = p.array(dy);
                        Object dx = switch (alias) {
                            case "dx = dy" -> dys;
                            case "dx = input" -> ins;
                            default -> p.array(outputBuffer(p, n, false));
                        };
                        c.call().run(k, n, ins, dys, dx);
                        return List.of(Precision.values(dx));
                    }, expected -> {
                        double[] e = expected.get(0), t = new double[e.length];
                        for (int i = 0; i < n; i++) {
                            t[i] = 2 * c.bound().of(p, in[i], dy[i], e[i]) * (1 + p.gamma(4));
                        }
                        return List.of(t);
                    });
                }
            }
        });
    }

    /**
     * softmaxBackward y ⊙ (dy − Σ dy·y): the dot product (γ_cols·Σ|dy·y|), the subtraction and the product (u
     * each); logSoftmaxBackward dy − e^y·Σdy: the sum (γ_cols·Σ|dy|), e^y (2u), the product and the subtraction.
     */
    Stream<DynamicTest> softmaxBackward() {
        return rowBackward("softmaxBackward", Calls::softmaxBackward, true);
    }

    Stream<DynamicTest> logSoftmaxBackward() {
        return rowBackward("logSoftmaxBackward", Calls::logSoftmaxBackward, false);
    }

    interface RowBackwardCall {
        void run(Kernels k, int rows, int cols, Object y, Object dy, Object dx);
    }

    private Stream<DynamicTest> rowBackward(String name, RowBackwardCall call, boolean softmax) {
        return perPrecision(name, (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int[] shape : shapes()) {
                int rows = shape[0], cols = shape[1];
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] logits = logits(r, rows, cols), y = new double[rows * cols];
                double[] dy = withTail(p, values(r, rows * cols, 2));
                // y as the forward pass gives it: probabilities or log-probabilities, rounded to the precision.
                Object forwardOut = p.array(new double[rows * cols]);
                if (softmax) {
                    Calls.softmax(reference, rows, cols, p.array(logits), forwardOut);
                } else {
                    Calls.logSoftmax(reference, rows, cols, p.array(logits), forwardOut);
                }
                System.arraycopy(Precision.values(forwardOut), 0, y, 0, rows * cols);
                double[] yIn = withTail(p, y);
                double[] t = new double[yIn.length];
                for (int row = 0; row < rows; row++) {
                    double magnitude = 0, reduced = 0;
                    for (int j = 0; j < cols; j++) {
                        int i = row * cols + j;
                        magnitude += softmax ? Math.abs(dy[i] * yIn[i]) : Math.abs(dy[i]);
                        reduced += softmax ? dy[i] * yIn[i] : dy[i];
                    }
                    for (int j = 0; j < cols; j++) {
                        int i = row * cols + j;
                        double bound = softmax
                                ? Math.abs(yIn[i]) * (p.gamma(cols) * magnitude + u * Math.abs(dy[i] - reduced)) + u * Math.abs(yIn[i] * (dy[i] - reduced))
                                : Math.exp(yIn[i]) * (p.gamma(cols) * magnitude + 3 * u * Math.abs(reduced)) + u * Math.abs(dy[i] - Math.exp(yIn[i]) * reduced);
                        // e^y below 1.7e-38 may be flushed to 0 (VectorMath.exp), times a sum of at most the magnitude.
                        t[i] = 2 * (bound + p.minNormal * (1 + 2 * magnitude)) * (1 + p.gamma(4));
                    }
                }
                for (String alias : new String[] {"separate", "dx = dy", "dx = y"}) {
                    Agreement.check(describe(op, p, rows + "x" + cols + ", " + alias, seed), reference, providers, k -> {
                        Object ys = p.array(yIn), dys = p.array(dy);
                        Object dx = switch (alias) {
                            case "dx = dy" -> dys;
                            case "dx = y" -> ys;
                            default -> p.array(outputBuffer(p, rows * cols, false));
                        };
                        call.run(k, rows, cols, ys, dys, dx);
                        return List.of(Precision.values(dx));
                    }, expected -> List.of(t));
                }
            }
        });
    }

    // ================================================ Adam ===============================================

    /** adamStep, and adamwStep where the case's weight decay is not 0. */
    Stream<DynamicTest> adamStep() {
        return perPrecision("adamStep", (p, op) -> {
            int index = 0;
            double u = p.unitRoundoff;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double lr = p.round(new double[] {new double[] {1e-3, 1e-2, 0.1, 0}[index % 4]})[0];
                double beta1 = p.round(new double[] {new double[] {0.9, 0, 0.5}[index % 3]})[0];
                double beta2 = p.round(new double[] {new double[] {0.999, 0.99, 0}[(index / 3) % 3]})[0];
                double epsilon = p.round(new double[] {new double[] {1e-8, 1e-3}[index % 2]})[0];
                int step = new int[] {1, 2, 10, 1000}[(index / 2) % 4];
                double weightDecay = p.round(new double[] {new double[] {0, 0.01, 0.5}[(index / 5) % 3]})[0];
                double decay = 1 - lr * weightDecay;
                double[] param = withTail(p, values(r, n, 1)), grad = withTail(p, values(r, n, 1));
                double[] m = withTail(p, values(r, n, 0.1));
                double[] v = withTail(p, Shapes.uniform(r, n, 0, 0.01));
                // The bounds of the class comment, computed from the inputs in double.
                double b1t = Math.pow(beta1, step), b2t = Math.pow(beta2, step);
                double stepSize = lr / (1 - b1t), c = Math.sqrt(1 - b2t);
                double kappa1 = 2 * u * b1t / (1 - b1t) + 2 * u, kappa2 = u * b2t / (1 - b2t) + 2 * u;
                double[] tm = new double[m.length], tv = new double[v.length], tp = new double[param.length];
                for (int i = 0; i < n; i++) {
                    double mNew = beta1 * m[i] + (1 - beta1) * grad[i];
                    double vNew = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
                    double mError = p.gamma(3) * (Math.abs(beta1 * m[i]) + Math.abs((1 - beta1) * grad[i]));
                    double vError = p.gamma(4) * (beta2 * v[i] + (1 - beta2) * grad[i] * grad[i]);
                    double denominator = Math.sqrt(vNew) / c + epsilon;
                    double delta = stepSize * mNew / denominator, pNew = param[i] * decay - delta;
                    double pError = u * Math.abs(pNew) + 2 * u * Math.abs(param[i] * decay) + Math.abs(delta) * (kappa1 + kappa2 + p.gamma(10) + vError / Math.max(vNew, Double.MIN_VALUE))
                            + stepSize * mError / denominator;
                    double second = 1 + p.gamma(10);
                    tm[i] = 2 * mError * second;
                    tv[i] = 2 * vError * second;
                    tp[i] = 2 * pError * second;
                }
                String shape = "n=" + n + ", lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ", step=" + step
                        + ", weightDecay=" + weightDecay;
                Agreement.check(describe(op, p, shape, seed), reference, providers, k -> {
                    Object ps = p.array(param), gs = p.array(grad), ms = p.array(m), vs = p.array(v);
                    if (weightDecay == 0) {
                        Calls.adamStep(k, n, ps, gs, ms, vs, lr, beta1, beta2, epsilon, step);
                    } else {
                        Calls.adamwStep(k, n, ps, gs, ms, vs, lr, beta1, beta2, epsilon, weightDecay, step);
                    }
                    return List.of(Precision.values(ps), Precision.values(ms), Precision.values(vs), Precision.values(gs));
                }, expected -> List.of(tp, tm, tv, new double[grad.length]));
            }
        });
    }

    // =============================================== SGD momentum ============================================

    Stream<DynamicTest> sgdMomentumStep() {
        return perPrecision("sgdMomentumStep", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double lr = p.round(new double[] {new double[] {0.1, 1e-3, 0, 0.5}[index % 4]})[0];
                double mu = p.round(new double[] {new double[] {0.9, 0, 0.5}[index % 3]})[0];
                boolean nesterov = (index / 3) % 2 == 0;
                double[] param = withTail(p, values(r, n, 1)), grad = withTail(p, values(r, n, 1));
                double[] buffer = withTail(p, values(r, n, 1));
                double[] tp = new double[param.length], tb = new double[buffer.length];
                double second = 1 + p.gamma(10);
                for (int i = 0; i < n; i++) {
                    double g = grad[i], b = mu * buffer[i] + g;
                    double bError = p.gamma(2) * (Math.abs(mu * buffer[i]) + Math.abs(g));
                    double d = nesterov ? g + mu * b : b;
                    double dError = nesterov ? p.gamma(2) * (Math.abs(g) + Math.abs(mu * b)) + mu * bError : bError;
                    double pError = p.gamma(2) * (Math.abs(param[i]) + Math.abs(lr * d)) + lr * dError;
                    tb[i] = 2 * bError * second;
                    tp[i] = 2 * pError * second;
                }
                String shape = "n=" + n + ", lr=" + lr + ", momentum=" + mu + ", nesterov=" + nesterov;
                Agreement.check(describe(op, p, shape, seed), reference, providers, k -> {
                    Object ps = p.array(param), gs = p.array(grad), bs = p.array(buffer);
                    Calls.sgdMomentumStep(k, n, ps, gs, bs, lr, mu, nesterov);
                    return List.of(Precision.values(ps), Precision.values(bs), Precision.values(gs));
                }, expected -> List.of(tp, tb, new double[grad.length]));
            }
        });
    }

    // ================================================ Adagrad ================================================

    /** How far √ of a value known within {@code error} and + ε can be off: see the class comment. */
    private static double denominatorError(Precision p, double s, double error, double epsilon) {
        double root = Math.sqrt(s);
        double carried = s > 0 ? Math.min(error / (2 * root), Math.sqrt(error)) : Math.sqrt(error);
        return carried + p.unitRoundoff * root + p.unitRoundoff * (root + epsilon);
    }

    Stream<DynamicTest> adagradStep() {
        return perPrecision("adagradStep", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double lr = p.round(new double[] {new double[] {0.01, 0.1, 0}[index % 3]})[0];
                double epsilon = p.round(new double[] {new double[] {1e-10, 1e-3}[index % 2]})[0];
                double[] param = withTail(p, values(r, n, 1)), grad = withTail(p, values(r, n, 1));
                double[] sum = withTail(p, Shapes.uniform(r, n, 0, index % 2 == 0 ? 0 : 2));
                double[] tp = new double[param.length], ts = new double[sum.length];
                double second = 1 + p.gamma(10);
                for (int i = 0; i < n; i++) {
                    double g = grad[i], s = sum[i] + g * g;
                    double sError = p.gamma(2) * s;
                    double d = Math.sqrt(s) + epsilon, delta = lr * g / d;
                    double dRelative = denominatorError(p, s, sError, epsilon) / d;
                    double pError = p.unitRoundoff * Math.abs(param[i] - delta) + Math.abs(delta) * (p.gamma(2) + 2 * dRelative);
                    ts[i] = 2 * sError * second;
                    tp[i] = 2 * pError * second;
                }
                String shape = "n=" + n + ", lr=" + lr + ", epsilon=" + epsilon;
                Agreement.check(describe(op, p, shape, seed), reference, providers, k -> {
                    Object ps = p.array(param), gs = p.array(grad), ss = p.array(sum);
                    Calls.adagradStep(k, n, ps, gs, ss, lr, epsilon);
                    return List.of(Precision.values(ps), Precision.values(ss), Precision.values(gs));
                }, expected -> List.of(tp, ts, new double[grad.length]));
            }
        });
    }

    // ================================================ RMSprop ================================================

    Stream<DynamicTest> rmspropStep() {
        return perPrecision("rmspropStep", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double lr = p.round(new double[] {new double[] {0.01, 0.1, 0}[index % 3]})[0];
                double alpha = p.round(new double[] {new double[] {0.99, 0.9, 0.5}[(index / 3) % 3]})[0];
                double epsilon = p.round(new double[] {new double[] {1e-8, 1e-3}[index % 2]})[0];
                double mu = p.round(new double[] {new double[] {0, 0.9, 0.5}[(index / 2) % 3]})[0];
                boolean centered = (index / 4) % 2 == 0;
                double[] param = withTail(p, values(r, n, 1)), grad = withTail(p, values(r, n, 1));
                double[] gradAvg = withTail(p, values(r, n, 0.1)), buffer = withTail(p, values(r, n, 1));
                double[] squareAvg = new double[n];
                for (int i = 0; i < n; i++) {
                    squareAvg[i] = gradAvg[i] * gradAvg[i] * 1.01 + Shapes.uniform(r, 1, 1e-3, 0.01)[0];
                }
                squareAvg = withTail(p, squareAvg);
                double[] tp = new double[param.length], ts = new double[squareAvg.length], ta = new double[gradAvg.length];
                double[] tb = new double[buffer.length];
                double second = 1 + p.gamma(10), u = p.unitRoundoff;
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    double s = alpha * squareAvg[i] + (1 - alpha) * g * g;
                    double sError = p.gamma(4) * s;
                    double centredS = s, centredError = sError;
                    if (centered) {
                        double a = alpha * gradAvg[i] + (1 - alpha) * g;
                        double aError = p.gamma(3) * (Math.abs(alpha * gradAvg[i]) + Math.abs((1 - alpha) * g));
                        centredS = s - a * a;
                        centredError = sError + p.gamma(2) * (s + a * a) + 2 * Math.abs(a) * aError;
                        ta[i] = 2 * aError * second;
                    }
                    double d = Math.sqrt(centredS) + epsilon;
                    double dRelative = denominatorError(p, centredS, centredError, epsilon) / d;
                    double pError;
                    if (mu > 0) {
                        double q = g / d, b = mu * buffer[i] + q;
                        double qError = Math.abs(q) * (u + 2 * dRelative);
                        double bError = p.gamma(2) * (Math.abs(mu * buffer[i]) + Math.abs(q)) + qError;
                        pError = p.gamma(2) * (Math.abs(param[i]) + Math.abs(lr * b)) + lr * bError;
                        tb[i] = 2 * bError * second;
                    } else {
                        double delta = lr * g / d;
                        pError = u * Math.abs(param[i] - delta) + Math.abs(delta) * (p.gamma(2) + 2 * dRelative);
                    }
                    ts[i] = 2 * sError * second;
                    tp[i] = 2 * pError * second;
                }
                String shape = "n=" + n + ", lr=" + lr + ", alpha=" + alpha + ", epsilon=" + epsilon + ", momentum=" + mu
                        + ", centered=" + centered;
                double[] squares = squareAvg;
                Agreement.check(describe(op, p, shape, seed), reference, providers, k -> {
                    Object ps = p.array(param), gs = p.array(grad), ss = p.array(squares);
                    Object as = centered ? p.array(gradAvg) : null, bs = mu > 0 ? p.array(buffer) : null;
                    Calls.rmspropStep(k, n, ps, gs, ss, as, bs, lr, alpha, epsilon, mu);
                    return List.of(Precision.values(ps), Precision.values(ss),
                            as == null ? new double[0] : Precision.values(as), bs == null ? new double[0] : Precision.values(bs),
                            Precision.values(gs));
                }, expected -> List.of(tp, ts, centered ? ta : new double[0], mu > 0 ? tb : new double[0],
                        new double[grad.length]));
            }
        });
    }

    // ============================================= clip by value =============================================

    Stream<DynamicTest> clipByValue() {
        return perPrecision("clipByValue", (p, op) -> {
            int index = 0;
            for (int n : lengths()) {
                long seed = TestSeeds.of(op, index++);
                SplittableRandom r = TestSeeds.random(seed);
                double[] x = values(r, n, 3);
                double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
                for (int i = index % 5; i < n; i += 7) {
                    x[i] = specials[i % specials.length];
                }
                double[] xs0 = withTail(p, x);
                double limit = new double[] {1, 0, 0.5, Double.POSITIVE_INFINITY}[index % 4];
                Agreement.check(describe(op, p, "n=" + n + ", limit=" + limit, seed), reference, providers, k -> {
                    Object xs = p.array(xs0);
                    Calls.clipByValue(k, n, xs, limit);
                    return List.of(Precision.values(xs));
                }, Agreement::exact);
            }
        });
    }
}
