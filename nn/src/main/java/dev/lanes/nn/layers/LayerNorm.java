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
public final class LayerNorm extends FeatureNormalization {

    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;

    private final Buffer rowMean = new Buffer();
    private final Buffer rowInvStd = new Buffer();
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
        super("LayerNorm", features, eps, elementwiseAffine, dtype);
    }

    /**
     * Whether the layer has a learnt weight and bias.
     *
     * @return true if {@link #weight()} and {@link #bias()} exist
     */
    public boolean elementwiseAffine() {
        return weight() != null;
    }

    @Override
    void normalize(Tensor x, Tensor gamma, Tensor beta, Tensor y) {
        int rows = x.rows();
        // [rows, 1] through matrix(), which takes no varargs array: a training step allocates nothing.
        mean = rowMean.matrix(dtype(), rows, 1);
        invStd = rowInvStd.matrix(dtype(), rows, 1);
        // One kernel: the moments, invStd and the normalising pass per row, so each row is read from memory once.
        TensorKernels.layerNormalize(kernels(), x, eps(), gamma, beta, mean, invStd, y);
    }

    @Override
    void normalizeBackward(Tensor x, Tensor gamma, Tensor dy, Tensor dx, double gradBeta, Tensor gradWeight,
                           Tensor gradBias) {
        TensorKernels.normalizeRowsBackward(kernels(), x, mean, invStd, gamma, dy, dx, gradBeta, gradWeight, gradBias);
    }

    @Override
    public String describe() {
        return "LayerNorm(" + features() + (eps() != DEFAULT_EPS ? ", eps=" + eps() : "")
                + (weight() == null ? ", elementwise_affine=false" : "") + ")";
    }
}
