package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;

/**
 * How far apart two correct implementations of a model may be, element by element: the bound the agreement tests
 * (Lanes against ONNX Runtime and PyTorch) assert, derived from the arithmetic rather than tuned.
 *
 * <p>Each implementation computes every output of a Linear, Σₖ wₖ·hₖ + b over k = in terms, in some order, with
 * or without FMA, in unit roundoff u (2⁻²⁴ for FLOAT, 2⁻⁵³ for DOUBLE); the standard bound (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.1) puts its result within γₖ₊₁·(Σₖ |wₖ|·|hₖ| + |b|) of the exact sum,
 * where γₙ = n·u / (1 − n·u). Errors already in the input h pass through the weights: e' = |W|·e + γₖ₊₁·(|W|·(|h| + e)
 * + |b|). ReLU is 1-Lipschitz and computed exactly (e' = e). Sigmoid is ¼-Lipschitz and each implementation is
 * allowed 8u absolute error of its own (Lanes' is within 4u, see the kernels' conformance suite; σ ≤ 1), so
 * e' = e/4 + 8u. Two implementations each within e of the exact result are within 2e of each other, which is the
 * bound returned. h is the model's output computed in double, |h| its magnitude, which is all the bound needs.
 * (In lanes-onnx's test-jar, for cli's tests on Fashion-MNIST.)
 */
public final class ErrorBound {

    private ErrorBound() {
    }

    /**
     * The per-element bound on |a − b| for two implementations of {@code model} on {@code input}.
     *
     * @param model the model, of Linear, ReLU and Sigmoid layers (nested Sequentials opened)
     * @param input its input, [batch, features…]
     * @param computedIn the precision both implementations compute in
     * @return [batch × outFeatures], row-major
     */
    public static double[] of(Sequential model, Tensor input, DType computedIn) {
        double u = computedIn == DType.F32 ? 0x1p-24 : 0x1p-53;
        int batch = input.dim(0);
        double[] h = input.toDoubleArray();
        int width = h.length / batch;
        double[] e = new double[h.length];
        for (Layer layer : flat(model)) {
            if (layer instanceof Linear linear) {
                int in = linear.inFeatures();
                int out = linear.outFeatures();
                double[] w = linear.weight().value().toDoubleArray();
                double[] b = linear.bias().value().toDoubleArray();
                double gamma = (in + 1) * u / (1 - (in + 1) * u);
                double[] h2 = new double[batch * out];
                double[] e2 = new double[batch * out];
                for (int r = 0; r < batch; r++) {
                    for (int o = 0; o < out; o++) {
                        double sum = b[o];
                        double magnitude = Math.abs(b[o]);
                        double propagated = 0;
                        for (int k = 0; k < in; k++) {
                            double wk = w[o * in + k];
                            sum += wk * h[r * in + k];
                            magnitude += Math.abs(wk) * (Math.abs(h[r * in + k]) + e[r * in + k]);
                            propagated += Math.abs(wk) * e[r * in + k];
                        }
                        h2[r * out + o] = sum;
                        e2[r * out + o] = propagated + gamma * magnitude;
                    }
                }
                h = h2;
                e = e2;
                width = out;
            } else if (layer instanceof ReLU) {
                for (int i = 0; i < h.length; i++) {
                    h[i] = Math.max(h[i], 0);
                }
            } else if (layer instanceof Sigmoid) {
                for (int i = 0; i < h.length; i++) {
                    h[i] = 1 / (1 + Math.exp(-h[i]));
                    e[i] = e[i] / 4 + 8 * u;
                }
            } else {
                throw new IllegalArgumentException("ErrorBound: no bound for " + layer.describe() + " yet");
            }
        }
        double[] bound = new double[batch * width];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = 2 * e[i];
        }
        return bound;
    }

    /** The layers in the order they run, nested Sequentials opened. */
    private static java.util.List<Layer> flat(Sequential model) {
        java.util.List<Layer> out = new java.util.ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Sequential inner) {
                out.addAll(flat(inner));
            } else {
                out.add(layer);
            }
        }
        return out;
    }
}
