package dev.lanes.nn.layers;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/**
 * Batch normalisation over the batch, as PyTorch's {@code nn.BatchNorm1d(num_features)} on [batch, features]
 * input: y = (x − mean)/√(variance + eps)·weight + bias, per feature (column).
 *
 * <p>In training mode the mean and variance are the batch's own (the biased variance, dividing by the batch
 * size), the gradient flows through them, and the running statistics are updated as PyTorch does:
 * running_mean ← (1 − momentum)·running_mean + momentum·mean, and the same for running_var with the
 * <em>unbiased</em> variance (dividing by batch − 1); num_batches_tracked counts the updates. A training batch
 * therefore needs at least two rows. In evaluation mode the running statistics normalise, as constants.
 *
 * <p>The learnt {@code weight} (starts at 1) and {@code bias} (starts at 0) exist when {@code affine} is true. The
 * running statistics are buffers ({@link #namedBuffers()}): a model file holds {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked} under PyTorch's names, so it loads with
 * {@code load_state_dict(strict=True)}; num_batches_tracked, an int64 in PyTorch, is stored in the model's
 * dtype (exact up to 2²⁴ batches in float32), which {@code load_state_dict} converts.
 *
 * <p>Weight and bias are of {@link Parameter.Kind#BIAS} kind: like biases, and unlike PyTorch's default, L2
 * regularisation and weight decay leave them alone (a decayed scale fights the normalisation).
 */
public final class BatchNorm1d extends FeatureNormalization {

    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final double momentum;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;

    // Per-feature scratch, [features]: the statistics of the last forward and what normalised it.
    private final Tensor batchMean;
    private final Tensor batchVariance;
    private final Tensor invStd;
    private final Tensor scale;

    /** The mean the last forward subtracted: the batch's in training mode, the running one in evaluation mode. */
    private Tensor lastMean;
    private boolean lastUsedBatchStatistics;

    /**
     * A float32 layer with PyTorch's defaults: eps 1e-5, momentum 0.1, affine.
     *
     * @param features the number of features (columns) normalised, ≥ 1
     * @throws IllegalArgumentException if features ≤ 0
     */
    public BatchNorm1d(int features) {
        this(features, DEFAULT_EPS, DEFAULT_MOMENTUM, true, DType.F32);
    }

    /**
     * A layer with these settings, as {@code nn.BatchNorm1d(features, eps, momentum, affine)}.
     *
     * @param features the number of features (columns) normalised, ≥ 1
     * @param eps added to the variance before the square root, &gt; 0
     * @param momentum the weight of a batch's statistics in the running ones, in [0, 1]
     * @param affine whether the layer has a learnt weight and bias
     * @param dtype the element type of parameters, buffers and inputs
     * @throws IllegalArgumentException if features ≤ 0, eps ≤ 0 or momentum is not in [0, 1]
     */
    public BatchNorm1d(int features, double eps, double momentum, boolean affine, DType dtype) {
        super("BatchNorm1d", features, eps, affine, dtype);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, features));
        this.runningVar = registerBuffer("running_var", Tensor.zeros(dtype, features));
        fill(runningVar, 1);
        this.batchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(dtype));
        this.batchMean = Tensor.zeros(dtype, features);
        this.batchVariance = Tensor.zeros(dtype, features);
        this.invStd = Tensor.zeros(dtype, features);
        this.scale = Tensor.zeros(dtype, features);
    }

    /**
     * The weight of a batch's statistics in the running ones.
     *
     * @return momentum, in [0, 1]
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Whether the layer has a learnt weight and bias.
     *
     * @return true if {@link #weight()} and {@link #bias()} exist
     */
    public boolean affine() {
        return weight() != null;
    }

    /**
     * The running mean, updated by every forward pass in training mode.
     *
     * @return the buffer itself, [features], starting at 0
     */
    public Tensor runningMean() {
        return runningMean;
    }

    /**
     * The running unbiased variance, updated by every forward pass in training mode.
     *
     * @return the buffer itself, [features], starting at 1
     */
    public Tensor runningVar() {
        return runningVar;
    }

    /**
     * How many forward passes in training mode have updated the running statistics.
     *
     * @return the count, stored in {@code num_batches_tracked}
     */
    public long batchesTracked() {
        return (long) batchesTracked.getFlat(0);
    }

    @Override
    void normalize(Tensor x, Tensor gamma, Tensor beta, Tensor y) {
        int rows = x.rows();
        if (isTraining()) {
            if (rows < 2) {
                throw new IllegalArgumentException(describe() + ".forward: a batch of " + rows + " row(s) in training mode; "
                        + "batch statistics need at least 2 (as in PyTorch), or call eval()");
            }
            TensorKernels.columnMoments(kernels(), x, batchMean, batchVariance);
            setInvStd(batchVariance);
            updateRunningStatistics(rows);
            lastMean = batchMean;
        } else {
            setInvStd(runningVar);
            lastMean = runningMean;
        }
        lastUsedBatchStatistics = isTraining();
        for (int j = 0; j < features(); j++) {
            scale.setFlat(j, invStd.getFlat(j) * gamma.getFlat(j));
        }
        TensorKernels.normalizeColumns(kernels(), x, lastMean, scale, beta, y);
    }

    /** invStd = 1/√(variance + eps), per feature (computed in double, then rounded to the dtype). */
    private void setInvStd(Tensor variance) {
        for (int j = 0; j < features(); j++) {
            invStd.setFlat(j, 1 / Math.sqrt(variance.getFlat(j) + eps()));
        }
    }

    private void updateRunningStatistics(int rows) {
        TensorKernels.scale(kernels(), 1 - momentum, runningMean);
        TensorKernels.axpy(kernels(), momentum, batchMean, runningMean);
        TensorKernels.scale(kernels(), 1 - momentum, runningVar);
        // The running variance estimates the population's: the batch's unbiased variance, n/(n − 1) times the biased one.
        TensorKernels.axpy(kernels(), momentum * rows / (rows - 1.0), batchVariance, runningVar);
        batchesTracked.setFlat(0, batchesTracked.getFlat(0) + 1);
    }

    @Override
    void normalizeBackward(Tensor x, Tensor gamma, Tensor dy, Tensor dx, double gradBeta, Tensor gradWeight,
                           Tensor gradBias) {
        TensorKernels.normalizeColumnsBackward(kernels(), x, lastMean, invStd, gamma, lastUsedBatchStatistics, dy, dx,
                gradBeta, gradWeight, gradBias);
    }

    @Override
    public String describe() {
        return "BatchNorm1d(" + features() + (eps() != DEFAULT_EPS ? ", eps=" + eps() : "")
                + (momentum != DEFAULT_MOMENTUM ? ", momentum=" + momentum : "") + (weight() == null ? ", affine=false" : "") + ")";
    }
}
