package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far apart two correct implementations of a model may be, element by element: the bound the agreement tests
 * (Lanes against ONNX Runtime and PyTorch) assert, derived from the arithmetic rather than tuned, one rule per
 * layer type.
 *
 * <p>The bound is carried through the model as a pair per element: h, the exact value (computed in double), and e,
 * a bound on how far one implementation's value may be from h. Each layer maps (h, e) to (h', e') = (f(h),
 * L·e + own), where L bounds f's slope (propagation of the error already in its input) and own bounds the error of
 * the layer's own arithmetic in unit roundoff u (2⁻²⁴ for FLOAT, 2⁻⁵³ for DOUBLE). Two implementations each within e
 * of h are within 2e of each other, which is what {@link #of} returns. The rules:
 * <ul>
 * <li><b>Linear</b>: Σₖ wₖ·hₖ + b in any order, with or without FMA, is within γₖ₊₁·(Σ|wₖ|·|hₖ| + |b|) of the exact
 *     sum (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), γₙ = n·u/(1 − n·u); errors in h pass
 *     through |W|.
 * <li><b>ReLU</b>, <b>Dropout</b> (inference): exact, L = 1.
 * <li><b>LeakyReLU</b>(a): L = max(1, |a|), own u·|h'| + |a − fl₃₂(a)|·|h| (ONNX's alpha is a float).
 * <li><b>ELU</b>(α): L = max(1, α), own 4u·(|h'| + α) (e^x − 1 near 0 loses digits relative to h', not to α)
 *     + |α − fl₃₂(α)|·|e^h − 1|.
 * <li><b>Sigmoid</b>, <b>Tanh</b>: L = ¼ and 1; each implementation may be 8u off absolutely (the outputs are at
 *     most 1; Lanes' are within 4u, see the kernels' conformance suite).
 * <li><b>GELU</b> (both forms): L = 1.13 (max |GELU'| ≈ 1.1289); own 8u·(|h| + |h'|): the inner value (x/√2, or
 *     √(2/π)(x + 0.044715x³)) carries a few u relatively, which erf/tanh pass on damped (t·erf'(t) ≤ 0.49,
 *     t·sech²(t) ≤ 0.45), erf/tanh themselves 8u absolutely, then ½·x·(…) multiplies by |x|/2.
 * <li><b>SiLU</b>: L = 1.1 (max |SiLU'| ≈ 1.0998); own 8u·(|h| + |h'|) (σ's 8u times |x|, the product's u).
 * <li><b>Softplus</b>(β, t): L = 1 (the slope is σ(βx)); own 8u·(|h| + |h'|); where βh is within 2u·|βh| + β·e
 *     of the threshold the two may take different branches, which differ by log(1 + e⁻ᵗ)/β ≤ e⁻ᵗ/β.
 * <li><b>Softmax</b> over n features: an input error of at most E in the row moves log yᵢ by at most 2E, so yᵢ by
 *     yᵢ·(e^{2E} − 1); own yᵢ·((n + 10)·u + u·|hᵢ − max h|) (exp a few u, the sum γₙ, the division u, and the
 *     rounding of hᵢ − max in the exponent).
 * <li><b>LogSoftmax</b>: L = 2 in the row's max error; own 2u·(|hᵢ − max| + log Σ) + (n + 10)·u + u·|h'ᵢ|.
 * <li><b>BatchNorm1d</b> (inference, running statistics μ, v): y = (x − μ)·s + β with s = w/√(v + ε); L = |s|;
 *     own 4u·(|x| + |μ|)·|s| + 4u·|β| (an implementation may fold it into x·s + (β − μ·s)) plus (|x| + |μ|)·|s|·
 *     (4u + |ε − fl₃₂(ε)|/(2(v + ε))) for the float epsilon of ONNX's attribute.
 * <li><b>LayerNorm</b> over n features (σ = √(var + ε), ŷ = (x − mean)/σ): an input error of at most E in the row
 *     moves x − mean by 2E and σ by 2E, so ŷᵢ by 2E·(1 + |ŷᵢ|)/σ, times |wᵢ|; own |wᵢ|·(1 + |ŷᵢ|)·γₙ₊₈·
 *     (2·mean|x|/σ + 2) (the mean's and the variance's sums, the division and square root) + u·|yᵢ| + |wᵢ|·|ŷᵢ|·
 *     |ε − fl₃₂(ε)|/(2σ²).
 * </ul>
 * (In lanes-onnx's test-jar, for cli's tests on Fashion-MNIST.)
 */
public final class ErrorBound {

    /** The exact values of one batch and the bound on one implementation's error in each, [batch × width]. */
    private record State(double[] h, double[] e, int batch, int width) {
        State with(double[] h2, double[] e2, int width2) {
            return new State(h2, e2, batch, width2);
        }
    }

    /** One layer type's rule: (h, e) before the layer to (h', e') after it, in unit roundoff u. */
    @FunctionalInterface
    private interface Rule<L extends Layer> {
        State apply(L layer, State s, double u);
    }

    /** An element-wise layer: f(h) and e' from h, h' and e. */
    @FunctionalInterface
    private interface ElementRule<L extends Layer> {
        double[] apply(L layer, double h, double e, double u);       // {h', e'}
    }

    private static final Map<Class<? extends Layer>, Rule<Layer>> RULES = new LinkedHashMap<>();

    static {
        rule(Linear.class, ErrorBound::linear);
        element(ReLU.class, (l, h, e, u) -> new double[] {Math.max(h, 0), e});
        element(Dropout.class, (l, h, e, u) -> new double[] {h, e});
        element(LeakyReLU.class, (l, h, e, u) -> {
            double a = l.slope();
            double y = h >= 0 ? h : a * h;
            return new double[] {y, Math.max(1, Math.abs(a)) * e + u * Math.abs(y) + Math.abs(a - (float) a) * Math.abs(h)};
        });
        element(ELU.class, (l, h, e, u) -> {
            double a = l.alpha();
            double y = h > 0 ? h : a * Math.expm1(h);
            return new double[] {y, Math.max(1, a) * e + 4 * u * (Math.abs(y) + a) + Math.abs(a - (float) a) * Math.abs(Math.expm1(Math.min(h, 0)))};
        });
        element(Sigmoid.class, (l, h, e, u) -> new double[] {1 / (1 + Math.exp(-h)), e / 4 + 8 * u});
        element(Tanh.class, (l, h, e, u) -> new double[] {Math.tanh(h), e + 8 * u});
        element(GELU.class, (l, h, e, u) -> {
            double y = l.approximation() == GELU.Approximation.NONE
                    ? 0.5 * h * erfc(-h / Math.sqrt(2))
                    : 0.5 * h * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (h + 0.044715 * h * h * h)));
            return new double[] {y, 1.13 * e + 8 * u * (Math.abs(h) + Math.abs(y))};
        });
        element(SiLU.class, (l, h, e, u) -> {
            double y = h / (1 + Math.exp(-h));
            return new double[] {y, 1.1 * e + 8 * u * (Math.abs(h) + Math.abs(y))};
        });
        element(Softplus.class, (l, h, e, u) -> {
            double b = l.beta();
            double t = l.threshold();
            double y = b * h > t ? h : Math.log1p(Math.exp(b * h)) / b;
            double own = 8 * u * (Math.abs(h) + Math.abs(y));
            if (Math.abs(b * h - t) <= 2 * u * Math.abs(b * h) + b * e) {
                own += Math.exp(-t) / b;
            }
            return new double[] {y, e + own};
        });
        rule(Softmax.class, (l, s, u) -> softmax(s, u, false));
        rule(LogSoftmax.class, (l, s, u) -> softmax(s, u, true));
        rule(BatchNorm1d.class, ErrorBound::batchNorm);
        rule(LayerNorm.class, ErrorBound::layerNorm);
    }

    private ErrorBound() {
    }

    /**
     * The per-element bound on |a − b| for two implementations of {@code model} on {@code input}.
     *
     * @param model the model, of the layer types above (nested Sequentials opened)
     * @param input its input, [batch, features…]
     * @param computedIn the precision both implementations compute in
     * @return [batch × outFeatures], row-major
     */
    public static double[] of(Sequential model, Tensor input, DType computedIn) {
        double u = computedIn == DType.F32 ? 0x1p-24 : 0x1p-53;
        int batch = input.dim(0);
        double[] h = input.toDoubleArray();
        State s = new State(h, new double[h.length], batch, h.length / batch);
        for (Layer layer : flat(model)) {
            Rule<Layer> rule = RULES.get(layer.getClass());
            if (rule == null) {
                throw new IllegalArgumentException("ErrorBound: no rule for " + layer.describe());
            }
            s = rule.apply(layer, s, u);
        }
        double[] bound = new double[s.e().length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = 2 * s.e()[i];
        }
        return bound;
    }

    /**
     * Whether {@code layer}'s type has a rule.
     *
     * @param layer a layer
     * @return true if {@link #of} bounds models holding it
     */
    public static boolean covers(Layer layer) {
        return RULES.containsKey(layer.getClass());
    }

    @SuppressWarnings("unchecked")
    private static <L extends Layer> void rule(Class<L> type, Rule<L> rule) {
        RULES.put(type, (Rule<Layer>) rule);
    }

    private static <L extends Layer> void element(Class<L> type, ElementRule<L> rule) {
        rule(type, (layer, s, u) -> {
            double[] h2 = new double[s.h().length];
            double[] e2 = new double[h2.length];
            for (int i = 0; i < h2.length; i++) {
                double[] r = rule.apply(layer, s.h()[i], s.e()[i], u);
                h2[i] = r[0];
                e2[i] = r[1];
            }
            return s.with(h2, e2, s.width());
        });
    }

    private static State linear(Linear linear, State s, double u) {
        int in = linear.inFeatures();
        int out = linear.outFeatures();
        int batch = s.batch();
        double[] w = linear.weight().value().toDoubleArray();
        double[] b = linear.bias() == null ? new double[out] : linear.bias().value().toDoubleArray();
        double gamma = (in + 1) * u / (1 - (in + 1) * u);
        double[] h = s.h();
        double[] e = s.e();
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
        return s.with(h2, e2, out);
    }

    private static State softmax(State s, double u, boolean log) {
        int n = s.width();
        double[] h2 = new double[s.h().length];
        double[] e2 = new double[h2.length];
        for (int r = 0; r < s.batch(); r++) {
            int at = r * n;
            double max = Double.NEGATIVE_INFINITY;
            double rowError = 0;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, s.h()[at + j]);
                rowError = Math.max(rowError, s.e()[at + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(s.h()[at + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < n; j++) {
                double shifted = s.h()[at + j] - max;
                if (log) {
                    double y = shifted - logSum;
                    h2[at + j] = y;
                    e2[at + j] = 2 * rowError + 2 * u * (Math.abs(shifted) + logSum) + (n + 10) * u + u * Math.abs(y);
                } else {
                    double y = Math.exp(shifted) / sum;
                    h2[at + j] = y;
                    e2[at + j] = y * Math.expm1(2 * rowError) + y * ((n + 10) * u + u * Math.abs(shifted));
                }
            }
        }
        return s.with(h2, e2, n);
    }

    private static State batchNorm(BatchNorm1d layer, State s, double u) {
        int n = s.width();
        double eps = layer.eps();
        double epsError = Math.abs(eps - (float) eps);
        double[] h2 = new double[s.h().length];
        double[] e2 = new double[h2.length];
        for (int j = 0; j < n; j++) {
            double mean = layer.runningMean().getFlat(j);
            double var = layer.runningVar().getFlat(j);
            double w = layer.affine() ? layer.weight().value().getFlat(j) : 1;
            double b = layer.affine() ? layer.bias().value().getFlat(j) : 0;
            double scale = Math.abs(w / Math.sqrt(var + eps));
            for (int r = 0; r < s.batch(); r++) {
                int i = r * n + j;
                double x = s.h()[i];
                h2[i] = (x - mean) * w / Math.sqrt(var + eps) + b;
                double magnitude = (Math.abs(x) + Math.abs(mean)) * scale;
                e2[i] = scale * s.e()[i] + 4 * u * magnitude + 4 * u * Math.abs(b)
                        + magnitude * (4 * u + epsError / (2 * (var + eps)));
            }
        }
        return s.with(h2, e2, n);
    }

    private static State layerNorm(LayerNorm layer, State s, double u) {
        int n = s.width();
        double eps = layer.eps();
        double epsError = Math.abs(eps - (float) eps);
        double gamma = (n + 8) * u / (1 - (n + 8) * u);
        double[] h2 = new double[s.h().length];
        double[] e2 = new double[h2.length];
        for (int r = 0; r < s.batch(); r++) {
            int at = r * n;
            double mean = 0;
            double meanAbs = 0;
            double rowError = 0;
            for (int j = 0; j < n; j++) {
                mean += s.h()[at + j];
                meanAbs += Math.abs(s.h()[at + j]);
                rowError = Math.max(rowError, s.e()[at + j]);
            }
            mean /= n;
            meanAbs /= n;
            double var = 0;
            for (int j = 0; j < n; j++) {
                double d = s.h()[at + j] - mean;
                var += d * d;
            }
            var /= n;
            double sigma = Math.sqrt(var + eps);
            for (int j = 0; j < n; j++) {
                double w = layer.elementwiseAffine() ? layer.weight().value().getFlat(j) : 1;
                double b = layer.elementwiseAffine() ? layer.bias().value().getFlat(j) : 0;
                double normalized = (s.h()[at + j] - mean) / sigma;
                double y = normalized * w + b;
                h2[at + j] = y;
                double aw = Math.abs(w);
                e2[at + j] = aw * 2 * rowError * (1 + Math.abs(normalized)) / sigma
                        + aw * (1 + Math.abs(normalized)) * gamma * (2 * meanAbs / sigma + 2)
                        + u * Math.abs(y) + aw * Math.abs(normalized) * epsError / (2 * sigma * sigma);
            }
        }
        return s.with(h2, e2, n);
    }

    /** erfc to 1.2e-7 relative (Numerical Recipes' Chebyshev fit): h only scales the bound's terms, where that is
     *  immaterial; the Java platform has no erf. */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** The layers in the order they run, nested Sequentials opened. */
    private static List<Layer> flat(Sequential model) {
        List<Layer> out = new ArrayList<>();
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
