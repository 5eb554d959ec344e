package dev.lanes.spark;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Sgd;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distance allowed between one distributed SGD step and the same step in a single process, for a
 * features → hidden (ReLU) → classes network.
 *
 * <p>Both compute each gradient element g = Σᵢ tᵢ over the B rows of the batch, from the same weights, in float.
 * The single process forms tᵢ with the batch's 1/B and sums all B terms in one GEMM; the distributed run forms
 * them with its shard's 1/nₛ times nₛ/B (two more roundings, relative error ≤ 2u + u²) and sums each shard's
 * terms, then the shards' sums in shard order. Any order of floating-point summation of B terms is within
 * γ_{B−1}·Σ|tᵢ| of the exact sum (γₖ = ku/(1 − ku), u = 2⁻²⁴); a hidden layer's terms come through one more
 * product with the next layer's weights, a sum of K ≤ max width terms, which adds γ_K relative to
 * Σ|W||δ|. So |g_dist − g_single| ≤ 2(γ_{B+K} + 3u)·Aᵢ with A the gradient computed with absolute values
 * throughout (|δ| = |p − onehot|, |W|, |activations|), and after w ← w − lr·g, with both results rounded once,
 * |w_dist − w_single| ≤ lr·2(γ_{B+K} + 3u)·A + 2 ulp(w). It assumes each row's forward pass gives the same bits
 * in any batch (the kernels sum a row's products in an order set by the inner dimension only), so the ReLU masks
 * agree.
 */
final class SingleProcessBound {

    private static final double U = Math.scalb(1.0, -24);

    private SingleProcessBound() {
    }

    static void check(LanesClassifier lanes, float[] x, int[] y, Sequential distributed, double lr) {
        int[] layers = lanes.getLayers();
        int features = layers[0], hidden = layers[1], classes = layers[2];
        int rows = y.length;
        TrainingPlan plan = new TrainingPlan(layers, "relu", TrainingPlan.CLASSIFICATION_LOSS, "sgd", lr, 0, 0, 0, "constant", 0.1, 1, rows, 1,
                lanes.getSeed(),
                lanes.getNumShards(), 1, rows, "");
        int[] order = GlobalBatches.order(rows, lanes.getSeed(), 0);

        Sequential single = plan.initialModel();
        Linear first = (Linear) single.get(0), last = (Linear) single.get(2);
        double[] w1 = first.weight().value().toDoubleArray(), b1 = first.bias().value().toDoubleArray();
        double[] w2 = last.weight().value().toDoubleArray(), b2 = last.bias().value().toDoubleArray();
        float[] batch = new float[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, order[r] * features, batch, r * features, features);
            labels[r] = y[order[r]];
        }

        // A: the gradient with absolute values throughout, in double, from the initial weights.
        double[] aW1 = new double[hidden * features], aB1 = new double[hidden];
        double[] aW2 = new double[classes * hidden], aB2 = new double[classes];
        for (int r = 0; r < rows; r++) {
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double s = b1[j];
                for (int f = 0; f < features; f++) {
                    s += w1[j * features + f] * batch[r * features + f];
                }
                h[j] = Math.max(0, s);
            }
            double[] z = new double[classes];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = b2[c];
                for (int j = 0; j < hidden; j++) {
                    z[c] += w2[c * hidden + j] * h[j];
                }
                max = Math.max(max, z[c]);
            }
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            double[] delta = new double[classes];
            for (int c = 0; c < classes; c++) {
                delta[c] = Math.abs(Math.exp(z[c] - max) / sum - (c == labels[r] ? 1 : 0)) / rows;
                aB2[c] += delta[c];
                for (int j = 0; j < hidden; j++) {
                    aW2[c * hidden + j] += delta[c] * h[j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                if (h[j] <= 0) {
                    continue;
                }
                double dh = 0;
                for (int c = 0; c < classes; c++) {
                    dh += Math.abs(w2[c * hidden + j]) * delta[c];
                }
                aB1[j] += dh;
                for (int f = 0; f < features; f++) {
                    aW1[j * features + f] += dh * Math.abs(batch[r * features + f]);
                }
            }
        }
        Map<String, double[]> absolute = Map.of("0.weight", aW1, "0.bias", aB1, "2.weight", aW2, "2.bias", aB2);
        Map<String, double[]> initial = Map.of("0.weight", w1, "0.bias", b1, "2.weight", w2, "2.bias", b2);

        // The single-process step: the whole batch in one forward and backward pass.
        Sgd sgd = new Sgd(single, lr);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(single);
        single.train();
        sgd.zeroGrad();
        loss.forward(single.forward(Tensor.of(batch, rows, features)), labels);
        single.backward(loss.backward(), false);
        sgd.step();

        int k = Math.max(features, Math.max(hidden, classes));
        double gamma = (rows + k) * U / (1 - (rows + k) * U);
        double largestBound = 0, largestStep = 0;
        for (String name : absolute.keySet()) {
            double[] a = absolute.get(name);
            double[] w0 = initial.get(name);
            double[] ws = single.namedParameters().get(name).value().toDoubleArray();
            double[] wd = distributed.namedParameters().get(name).value().toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                double bound = lr * 2 * (gamma + 3 * U) * a[i] + 2 * Math.ulp((float) Math.max(Math.abs(ws[i]), Math.abs(wd[i])));
                if (Math.abs(ws[i] - wd[i]) > bound) {
                    fail(name + "[" + i + "]: distributed " + wd[i] + ", single process " + ws[i] + ", differ by "
                            + Math.abs(ws[i] - wd[i]) + " > bound " + bound);
                }
                largestBound = Math.max(largestBound, bound);
                largestStep = Math.max(largestStep, Math.abs(ws[i] - w0[i]));
            }
        }
        // The bound must be far below the step it checks, or the check would prove nothing.
        assertTrue(largestBound < 1e-4 * largestStep, "bound " + largestBound + " vs step " + largestStep);
    }
}
