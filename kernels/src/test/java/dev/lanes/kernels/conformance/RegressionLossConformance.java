package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.RegressionLoss;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.lanes.kernels.conformance.Agreement.outputBuffer;
import static dev.lanes.kernels.conformance.Agreement.withTail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

/**
 * {@link Kernels#regressionLoss}: every provider against the scalar reference on seeded random inputs of every
 * {@link Shapes#lengths() length} (0, 1, odd, around every vector length, a few thousand), with a sprinkle of
 * differences exactly at 0 and at the kinks ±δ, ±β; then the kinks, NaN and infinities against PyTorch's
 * definitions written out here.
 *
 * <h2>Tolerances</h2>
 * The contract makes each term ℓ(dᵢ) and each gradient element the same bits in every provider (the same
 * operations in the same order), so the gradient and the sentinel tails are compared <b>exactly</b>. Only the
 * order of the sum is free. The terms are ≥ 0, so any order is within γ_{n−1}·V of the exact sum of the computed
 * terms, V = Σ ℓ(dᵢ) (Higham §4.2), and the division by n adds u: each mean is within γₙ·V/n of V/n, and two
 * providers within 2γₙ·V/n of each other. V is computed here in double from the exact differences; each computed
 * term is within γ₅ of that (the difference, at most three products or quotients, one more subtraction), hence the
 * factor (1 + γ₈).
 */
final class RegressionLossConformance {

    /** A loss and its parameter, as a test case names it. */
    record Kind(RegressionLoss loss, double parameter) {
        @Override
        public String toString() {
            return loss + (loss == RegressionLoss.HUBER || loss == RegressionLoss.SMOOTH_L1 ? "(" + parameter + ")" : "");
        }
    }

    static final List<Kind> KINDS = List.of(new Kind(RegressionLoss.MSE, 0), new Kind(RegressionLoss.L1, 0),
            new Kind(RegressionLoss.HUBER, 1), new Kind(RegressionLoss.HUBER, 0.5),
            new Kind(RegressionLoss.SMOOTH_L1, 1), new Kind(RegressionLoss.SMOOTH_L1, 0.5),
            new Kind(RegressionLoss.SMOOTH_L1, 0));

    private final Kernels reference = Agreement.reference();
    private final List<Kernels> providers;

    RegressionLossConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("agreesWithTheReference", agreesWithTheReference()),
                dynamicContainer("kinksNaNAndInfinitiesAsPyTorch", kinksNaNAndInfinitiesAsPyTorch()));
    }

    /** ℓ(d) in double, as PyTorch documents it: the test's own statement of the definitions. */
    static double term(Kind k, double d) {
        double z = Math.abs(d), p = k.parameter();
        return switch (k.loss()) {
            case MSE -> d * d;
            case L1 -> z;
            case HUBER -> z < p ? 0.5 * z * z : p * (z - 0.5 * p);
            case SMOOTH_L1 -> z < p ? 0.5 * z * z / p : z - 0.5 * p;
        };
    }

    /** ℓ′(d) in double, as PyTorch 1.13's backward gives it (smooth L1 tests d ≤ −β first). */
    static double slope(Kind k, double d) {
        double p = k.parameter();
        return switch (k.loss()) {
            case MSE -> 2 * d;
            case L1 -> Math.signum(d);
            case HUBER -> d > p ? p : d < -p ? -p : d;
            case SMOOTH_L1 -> d <= -p ? -1 : d >= p ? 1 : d / p;
        };
    }

    Stream<DynamicTest> agreesWithTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (Precision p : Precision.values()) {
                String op = "regressionLoss " + kind;
                tests.add(DynamicTest.dynamicTest(op + ", " + p, () -> {
                    Agreement.resetWorst();
                    int index = 0;
                    for (int n : Shapes.lengths()) {
                        long seed = TestSeeds.of(op, index++);
                        agree(kind, p, n, seed);
                    }
                    System.out.println(op + ", " + p + ": " + Agreement.worst());
                }));
            }
        }
        return tests.stream();
    }

    private void agree(Kind kind, Precision p, int n, long seed) {
        SplittableRandom r = TestSeeds.random(seed);
        double[] prediction = OpsConformance.values(r, n, 2), target = OpsConformance.values(r, n, 2);
        double kink = kind.loss() == RegressionLoss.HUBER || kind.loss() == RegressionLoss.SMOOTH_L1 ? kind.parameter() : 0;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(8) == 0) {
                // d exactly at a kink (or 0): multiples of 1/8 and the parameters are exact in both precisions.
                prediction[i] = (r.nextInt(33) - 16) / 8.0;
                target[i] = prediction[i] + (r.nextInt(3) - 1) * kink;
            }
        }
        prediction = withTail(p, prediction);
        target = withTail(p, target);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += term(kind, prediction[i] - target[i]);
        }
        double bound = n == 0 ? 0 : 2 * p.gamma(n) * (sum / n) * (1 + Precision.DOUBLE.gamma(8));
        double[] pr = prediction, tg = target;
        for (String mode : new String[] {"none", "separate", "gradient = prediction", "gradient = target"}) {
            Agreement.check(kind + " n=" + n + ", gradient " + mode + " " + p + ", seed " + TestSeeds.hex(seed), reference, providers, k -> {
                Object xs = p.array(pr), ys = p.array(tg);
                Object gradient = switch (mode) {
                    case "none" -> null;
                    case "separate" -> p.array(outputBuffer(p, n, false));
                    case "gradient = prediction" -> xs;
                    default -> ys;
                };
                double loss = Calls.regressionLoss(k, kind.loss(), kind.parameter(), n, xs, ys, gradient);
                return List.of(new double[] {loss}, gradient == null ? new double[0] : Precision.values(gradient),
                        Precision.values(xs), Precision.values(ys));
            }, expected -> List.of(new double[] {bound}, new double[expected.get(1).length],
                    new double[pr.length], new double[tg.length]));
        }
    }

    /**
     * Every provider (the reference included) against the definitions: differences exactly at 0 (both signs) and
     * at the kinks, where term and slope are exact (small multiples of powers of two); NaN in the prediction, in the
     * target, +∞ and −∞ in the prediction, ∞ − ∞; and n = 0, which is NaN and writes nothing. Each case is placed
     * at the start, the middle and the last element of 37 (past the vector lanes, into the masked tail).
     */
    Stream<DynamicTest> kinksNaNAndInfinitiesAsPyTorch() {
        List<Kernels> all = new ArrayList<>(providers);
        all.add(0, reference);
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : all) {
            for (Kind kind : KINDS) {
                for (Precision p : Precision.values()) {
                    tests.add(DynamicTest.dynamicTest(kind + ", " + k.providerName() + ", " + p, () -> special(k, kind, p)));
                }
            }
        }
        return tests.stream();
    }

    private static void special(Kernels k, Kind kind, Precision p) {
        double[] nothing = outputBuffer(p, 0, false);
        Object empty = p.array(nothing);
        assertTrue(Double.isNaN(Calls.regressionLoss(k, kind.loss(), kind.parameter(), 0, p.array(nothing), p.array(nothing), empty)),
                "n = 0 gives NaN");
        assertEquals(-1, Precision.firstDifference(empty, p.array(nothing)), "n = 0 writes nothing");
        double c = kind.parameter();
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        // {prediction, target} pairs: at 0 (both signs), at the kinks ±c, and non-finite.
        double[][] pairs = {{0, 0}, {-0.0, 0}, {0, -0.0}, {1.5 + c, 1.5}, {1.5 - c, 1.5}, {-c, 0}, {c, 0}, {0.25, 0.25},
                {nan, 1}, {1, nan}, {inf, 1}, {-inf, 1}, {1, inf}, {inf, inf}};
        int n = 37;
        for (double[] pair : pairs) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                double[] prediction = new double[n], target = new double[n];
                for (int i = 0; i < n; i++) {
                    prediction[i] = (i % 5) / 4.0; // d = 0.25·(i mod 5) − 0.5: exact terms, some at the kinks
                    target[i] = 0.5;
                }
                prediction[at] = pair[0];
                target[at] = pair[1];
                Object gradient = p.array(outputBuffer(p, n, false));
                double loss = Calls.regressionLoss(k, kind.loss(), c, n, p.array(withTail(p, prediction)), p.array(withTail(p, target)), gradient);
                double[] g = Precision.values(gradient);
                double sum = 0;
                double scale = Precision.values(p.array(new double[] {1.0 / n}))[0];
                String what = kind + " " + p + " " + k.providerName() + ": d = " + pair[0] + " − " + pair[1] + " at " + at;
                for (int i = 0; i < n; i++) {
                    double d = prediction[i] - target[i];
                    sum += term(kind, d);
                    double expected = slope(kind, d) * scale; // exact: the slopes are powers of two times small integers
                    assertEquals(Double.doubleToLongBits(expected + 0.0), Double.doubleToLongBits(g[i] + 0.0),
                            what + ": gradient[" + i + "] = " + g[i] + ", expected " + expected);
                }
                for (int i = n; i < g.length; i++) {
                    assertEquals(Precision.values(p.array(new double[] {Agreement.SENTINEL + i}))[0], g[i], what + ": the tail must survive");
                }
                double mean = sum / n;
                if (Double.isNaN(mean) || Double.isInfinite(mean)) {
                    assertEquals(mean, loss, what + ": loss");
                } else {
                    // Every term is a multiple of 2⁻⁵ below 8, so every partial sum is exact in either precision.
                    assertEquals(sum, loss * n, Math.ulp((float) sum) * 2, what + ": loss");
                }
            }
        }
    }
}
