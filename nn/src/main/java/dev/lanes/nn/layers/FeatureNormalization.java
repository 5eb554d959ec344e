package dev.lanes.nn.layers;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * What batch and layer normalisation share on a [batch, features] input: y = (x − mean)·invStd·weight + bias per
 * feature, the optional learnt weight (starting at 1) and bias (starting at 0), both of {@link Parameter.Kind#BIAS}
 * kind, the checks of inputs and gradients, the output buffers, and standing in 1 and 0 for the weight and bias of a
 * layer without affine parameters. A subclass says over which axis its statistics are taken and which kernels
 * normalise.
 */
abstract class FeatureNormalization extends Layer {

    private final int features;
    private final double eps;
    private final DType dtype;
    private final Parameter weight;
    private final Parameter bias;
    /** The weight and bias of a layer without affine parameters (1 and 0), and where their unused gradients go. */
    private final Tensor ones;
    private final Tensor zeros;
    private final Tensor unusedGradWeight;
    private final Tensor unusedGradBias;

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private Tensor input;

    FeatureNormalization(String layer, int features, double eps, boolean affine, DType dtype) {
        if (features <= 0) {
            throw new IllegalArgumentException(layer + ": features must be positive, got " + features);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(layer + ": eps must be finite and > 0, got " + eps);
        }
        this.features = features;
        this.eps = eps;
        this.dtype = dtype;
        if (affine) {
            this.weight = registerParameter(new Parameter("weight", Parameter.Kind.BIAS, dtype, features));
            this.bias = registerParameter(new Parameter("bias", Parameter.Kind.BIAS, dtype, features));
            fill(weight.value(), 1);
            this.ones = null;
            this.zeros = null;
            this.unusedGradWeight = null;
            this.unusedGradBias = null;
        } else {
            this.weight = null;
            this.bias = null;
            this.ones = Tensor.zeros(dtype, features);
            fill(ones, 1);
            this.zeros = Tensor.zeros(dtype, features);
            this.unusedGradWeight = Tensor.zeros(dtype, features);
            this.unusedGradBias = Tensor.zeros(dtype, features);
        }
    }

    static void fill(Tensor t, double value) {
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, value);
        }
    }

    /** y = (x − mean)·invStd·gamma + beta, with this layer's statistics; gamma and beta are [features]. */
    abstract void normalize(Tensor x, Tensor gamma, Tensor beta, Tensor y);

    /**
     * dx from dy through the last {@link #normalize}; gradWeight and gradBias become (gradBeta times themselves) plus
     * this batch's gradients of gamma and beta.
     */
    abstract void normalizeBackward(Tensor x, Tensor gamma, Tensor dy, Tensor dx, double gradBeta, Tensor gradWeight,
                                    Tensor gradBias);

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
     * The element type this layer computes in.
     *
     * @return the element type of its parameters and buffers, which inputs must have
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The learnt per-feature scale (γ), starting at 1.
     *
     * @return the weight, [features]; null without affine parameters
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The learnt per-feature shift (β), starting at 0.
     *
     * @return the bias, [features]; null without affine parameters
     */
    public Parameter bias() {
        return bias;
    }

    /** The weight the forward pass scales by: the learnt one, or ones. */
    Tensor gamma() {
        return weight == null ? ones : weight.value();
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        return takesFeatures(features, inputFeatures, features);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.cols() != features || x.dtype() != dtype) {
            throw new IllegalArgumentException(describe() + ".forward: input " + x.describe() + " is not a batch of "
                    + features + " features in " + dtype + " ([batch, " + features + "])");
        }
        Tensor y = output.like(x);
        normalize(x, gamma(), bias == null ? zeros : bias.value(), y);
        input = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) {
            throw noForward();
        }
        if (dy.rank() != 2 || dy.rows() != input.rows() || dy.cols() != features || dy.dtype() != dtype) {
            throw new IllegalArgumentException(describe() + ".backward: gradient " + dy.describe()
                    + " does not match the output of the last forward, " + dtype + "[" + input.rows() + ", " + features + "]");
        }
        Tensor dx = gradInput.like(dy);
        if (weight == null) {
            normalizeBackward(input, ones, dy, dx, 0, unusedGradWeight, unusedGradBias);
            return dx;
        }
        normalizeBackward(input, weight.value(), dy, dx, Parameter.commonGradBeta(weight, bias), weight.gradStorage(),
                bias.gradStorage());
        weight.gradWritten();
        bias.gradWritten();
        return dx;
    }
}
