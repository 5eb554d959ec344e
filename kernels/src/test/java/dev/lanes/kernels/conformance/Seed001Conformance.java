package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The worked example of seed 001 ({@code shared/seeds/001_*.txt}, "Fully Connected Layers"), reproduced with the
 * kernels, on every provider in float and double: X = [0.1, 0.5], W = [[0.15, 0.20], [0.25, 0.30]],
 * b = [0.35, 0.45], target [0.01, 0.99]. Forward Ŷ = X·W + b = [0.49, 0.62] (GEMM with the fused bias), loss
 * ½Σ(ŷ − y)² = 0.18365 with gradient ∇ = [0.48, −0.37] (halfSquaredError), then dW = Xᵀ·∇ =
 * [[0.048, −0.037], [0.24, −0.185]] (GEMM, A transposed), db = [0.48, −0.37] (columnSums), dX = ∇·Wᵀ =
 * [−0.002, 0.009] (GEMM, B transposed); and the seed's numerical verification with ε = 0.01 (the loss at
 * perturbed weights, biases and inputs, e.g. 0.1832805 and 0.1840205 around w₁₂, giving −0.037).
 *
 * <p>Tolerance: every expected value is a short decimal of the exact result; the inputs are the decimals
 * rounded to the type (u each) and each output goes through at most k + 3 = 5 roundings, with every term of
 * magnitude below 1, so γ₈ (at most 8 relative errors of u on quantities below 1, summed) bounds the error.
 */
final class Seed001Conformance {

    private final List<Kernels> providers;

    /** The checks, run on {@code providers}. */
    Seed001Conformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("seed001", seed001()));
    }

    static final double[] X = {0.1, 0.5};
    static final double[] W = {0.15, 0.20, 0.25, 0.30};
    static final double[] B = {0.35, 0.45};
    static final double[] TARGET = {0.01, 0.99};

    Stream<DynamicTest> seed001() {
        return providers.stream().flatMap(k -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(k.providerName() + ", " + p, () -> {
                    double tolerance = p.gamma(8);
                    String where = " (" + k.providerName() + ", " + p + ")";

                    // Forward: Ŷ (1×2) = X (1×2) · W (2×2) + b, fused.
                    Object y = p.array(new double[] {Double.NaN, Double.NaN});
                    Calls.gemm(k, Transpose.NONE, Transpose.NONE, 1, 2, 2, 1.0, p.array(X), 0, 2, p.array(W), 0, 2,
                            0.0, y, 0, 2, p.array(B), Activation.IDENTITY);
                    assertArray(new double[] {0.49, 0.62}, Precision.values(y), tolerance, "Ŷ" + where);

                    // Loss and ∂ℓ/∂Ŷ.
                    Object gradient = p.array(new double[2]);
                    double loss = Calls.halfSquaredError(k, 2, y, p.array(TARGET), gradient);
                    assertEquals(0.18365, loss, tolerance, "loss" + where);
                    assertArray(new double[] {0.48, -0.37}, Precision.values(gradient), tolerance, "∇" + where);

                    // dW (2×2) = Xᵀ (2×1) · ∇ (1×2): X is stored 1×2, so op(A) = Xᵀ with lda = 2.
                    Object dW = p.array(new double[4]);
                    Calls.gemm(k, Transpose.TRANSPOSE, Transpose.NONE, 2, 2, 1, 1.0, p.array(X), 0, 2, gradient, 0, 2,
                            0.0, dW, 0, 2);
                    assertArray(new double[] {0.048, -0.037, 0.24, -0.185}, Precision.values(dW), tolerance, "dW" + where);

                    // db = Σ over the batch (one row) of ∇.
                    Object db = p.array(new double[] {Double.NaN, Double.NaN});
                    Calls.columnSums(k, 1, 2, gradient, 0.0, db);
                    assertArray(new double[] {0.48, -0.37}, Precision.values(db), tolerance, "db" + where);

                    // dX (1×2) = ∇ (1×2) · Wᵀ (2×2): op(B) = Wᵀ.
                    Object dX = p.array(new double[2]);
                    Calls.gemm(k, Transpose.NONE, Transpose.TRANSPOSE, 1, 2, 2, 1.0, gradient, 0, 2, p.array(W), 0, 2,
                            0.0, dX, 0, 2);
                    assertArray(new double[] {-0.002, 0.009}, Precision.values(dX), tolerance, "dX" + where);

                    // The seed's numerical verification, ε = 0.01: losses at perturbed parameters and the
                    // central differences they give (the loss is quadratic, so they are exact up to rounding,
                    // which the division by 2ε magnifies 50 times).
                    double[][] checks = {
                            // parameter, index, loss at −ε, loss at +ε, derivative
                            {0, 1, 0.1840205, 0.1832805, -0.037},
                            {0, 2, 0.1812625, 0.1860625, 0.24},
                            // The seed prints 0.187925 and 0.184225 here: their difference gives its (correct)
                            // −0.185, but both are 0.0024125 too high: ½(0.48² + 0.375²) = 0.1855125 and
                            // ½(0.48² + 0.365²) = 0.1818125, which the kernels reproduce.
                            {0, 3, 0.1855125, 0.1818125, -0.185},
                            {1, 0, 0.1789, 0.1885, 0.48},
                            // Likewise the seed's 0.19225 and 0.18485 for b₂ are 0.00485 too high:
                            // ½(0.48² + 0.38²) = 0.1874 and ½(0.48² + 0.36²) = 0.18.
                            {1, 1, 0.1874, 0.18, -0.37},
                            {2, 0, 0.183673125, 0.183633125, -0.002},
                            {2, 1, 0.183567625, 0.183747625, 0.009}};
                    for (double[] c : checks) {
                        int parameter = (int) c[0], index = (int) c[1];
                        double minus = lossWith(k, p, parameter, index, -0.01), plus = lossWith(k, p, parameter, index, 0.01);
                        String name = new String[] {"w", "b", "x"}[parameter] + "[" + index + "]";
                        assertEquals(c[2], minus, tolerance, "loss at " + name + " − ε" + where);
                        assertEquals(c[3], plus, tolerance, "loss at " + name + " + ε" + where);
                        assertEquals(c[4], (plus - minus) / 0.02, 2 * tolerance / 0.02, "∂ℓ/∂" + name + where);
                    }
                })));
    }

    /** The loss with one parameter (0: W, 1: b, 2: X) moved by delta, through the fused GEMM and the loss kernel. */
    static double lossWith(Kernels k, Precision p, int parameter, int index, double delta) {
        double[] x = X.clone(), w = W.clone(), b = B.clone();
        double[] moved = new double[][] {w, b, x}[parameter];
        moved[index] += delta;
        Object y = p.array(new double[2]);
        Calls.gemm(k, Transpose.NONE, Transpose.NONE, 1, 2, 2, 1.0, p.array(x), 0, 2, p.array(w), 0, 2,
                0.0, y, 0, 2, p.array(b), Activation.IDENTITY);
        return Calls.halfSquaredError(k, 2, y, p.array(TARGET), null);
    }

    static void assertArray(double[] expected, double[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }
}
