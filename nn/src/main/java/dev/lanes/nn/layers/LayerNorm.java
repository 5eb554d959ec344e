package dev.lanes.nn.layers;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/**
 * Layer normalisation over each sample's features, as PyTorch's {@code nn.LayerNorm(features)} on
 * [batch, features] input: y = (x − mean)/√(variance + eps)·weight + bias, with the mean and the biased variance
 * of each row, and a learnt weight (starting at 1) and bias (starting at 0) per feature when
 * {@code elementwiseAffine} is true. It behaves the same in training and evaluation mode. Weight and bias are of
 * {@link Parameter.Kind#BIAS} kind, so L2 regularisation and weight decay leave them alone.
 */
public final class LayerNorm extends Layer {

    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;

    private final int features;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;
    /** The weight and bias of a layer without affine parameters (1 and 0), and where their unused gradients go. */
    private final Tensor ones;
    private final Tensor zeros;
    private final Tensor unusedGradWeight;
    private final Tensor unusedGradBias;

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private final Buffer rowMean = new Buffer();
    private final Buffer rowVariance = new Buffer();
    private final Buffer rowInvStd = new Buffer();
    private Tensor input;
    private Tensor mean;
    private Tensor invStd;

    /**
     * A float32 layer with PyTorch's defaults: eps 1e-5, elementwise affine.
     *
     * @param features the number of features (columns) of each row, ≥ 1
     * @throws IllegalArgumentException if features ≤ 0
     */
    public LayerNorm(int features) {
        this(features, DEFAULT_EPS, true, DType.F32);
    }

    /**
     * A layer with these settings, as {@code nn.LayerNorm(features, eps, elementwise_affine)}.
     *
     * @param features the number of features (columns) of each row, ≥ 1
     * @param eps added to the variance before the square root, &gt; 0
     * @param elementwiseAffine whether the layer has a learnt weight and bias per feature
     * @param dtype the element type of parameters and inputs
     * @throws IllegalArgumentException if features ≤ 0 or eps ≤ 0
     */
    public LayerNorm(int features, double eps, boolean elementwiseAffine, DType dtype) {
        if (features <= 0) {
            throw new IllegalArgumentException("LayerNorm: features must be positive, got " + features);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be finite and > 0, got " + eps);
        }
        this.features = features;
        this.eps = eps;
        if (elementwiseAffine) {
            this.weight = registerParameter(new Parameter("weight", Parameter.Kind.BIAS, dtype, features));
            this.bias = registerParameter(new Parameter("bias", Parameter.Kind.BIAS, dtype, features));
            fillOnes(weight.value());
            this.ones = null;
            this.zeros = null;
            this.unusedGradWeight = null;
            this.unusedGradBias = null;
        } else {
            this.weight = null;
            this.bias = null;
            this.ones = Tensor.zeros(dtype, features);
            fillOnes(ones);
            this.zeros = Tensor.zeros(dtype, features);
            this.unusedGradWeight = Tensor.zeros(dtype, features);
            this.unusedGradBias = Tensor.zeros(dtype, features);
        }
    }

    private static void fillOnes(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 1);
        }
    }

    /**
     * The number of features normalised.
     *
     * @return the width of each input row
     */
    public int features() {
        return features;
    }

    /**
     * The constant added to the variance.
     *
     * @return eps, &gt; 0
     */
    public double eps() {
        return eps;
    }

    /**
     * Whether the layer has a learnt weight and bias.
     *
     * @return true if {@link #weight()} and {@link #bias()} exist
     */
    public boolean elementwiseAffine() {
        return weight != null;
    }

    /**
     * The element type this layer computes in.
     *
     * @return the element type its inputs must have
     */
    public DType dtype() {
        return (weight != null ? weight.value() : ones).dtype();
    }

    /**
     * The learnt per-feature scale (γ), starting at 1.
     *
     * @return the weight, [features]; null without elementwise affine parameters
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The learnt per-feature shift (β), starting at 0.
     *
     * @return the bias, [features]; null without elementwise affine parameters
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        if (inputFeatures != features) {
            throw new IllegalArgumentException(describe() + ": takes " + features + " features, given " + inputFeatures);
        }
        return features;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.cols() != features || x.dtype() != dtype()) {
            throw new IllegalArgumentException(describe() + ".forward: input " + x.describe() + " is not a batch of "
                    + features + " features in " + dtype() + " ([batch, " + features + "])");
        }
        int rows = x.rows();
        // [rows, 1] through matrix(), which takes no varargs array: a training step allocates nothing.
        mean = rowMean.matrix(dtype(), rows, 1);
        Tensor variance = rowVariance.matrix(dtype(), rows, 1);
        invStd = rowInvStd.matrix(dtype(), rows, 1);
        TensorKernels.rowMoments(kernels(), x, mean, variance);
        for (int i = 0; i < rows; i++) {
            invStd.setFlat(i, 1 / Math.sqrt(variance.getFlat(i) + eps));
        }
        Tensor y = output.like(x);
        TensorKernels.normalizeRows(kernels(), x, mean, invStd, weight == null ? ones : weight.value(),
                bias == null ? zeros : bias.value(), y);
        input = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) {
            throw noForward();
        }
        if (dy.rank() != 2 || dy.rows() != input.rows() || dy.cols() != features || dy.dtype() != dtype()) {
            throw new IllegalArgumentException(describe() + ".backward: gradient " + dy.describe()
                    + " does not match the output of the last forward, " + dtype() + "[" + input.rows() + ", " + features + "]");
        }
        Tensor dx = gradInput.like(dy);
        if (weight == null) {
            TensorKernels.normalizeRowsBackward(kernels(), input, mean, invStd, ones, dy, dx, 0, unusedGradWeight, unusedGradBias);
            return dx;
        }
        double beta = Parameter.commonGradBeta(weight, bias);
        TensorKernels.normalizeRowsBackward(kernels(), input, mean, invStd, weight.value(), dy, dx, beta,
                weight.gradStorage(), bias.gradStorage());
        weight.gradWritten();
        bias.gradWritten();
        return dx;
    }

    @Override
    public String describe() {
        return "LayerNorm(" + features + (eps != DEFAULT_EPS ? ", eps=" + eps : "") + (weight == null ? ", elementwise_affine=false" : "") + ")";
    }
}
