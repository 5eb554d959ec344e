package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

import java.util.Arrays;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code nn.BCEWithLogitsLoss(pos_weight=p)} with the mean
 * reduction: each output is an independent yes/no (multi-label classification), its target a probability in
 * [0, 1]. Per element, (1 − y)·x + (1 + (p − 1)·y)·log(1 + e^−x), computed in the stable form
 * max(x, 0) − x·y + log1p(e^−|x|) (plus the positive weight's term), averaged over every element; one fused
 * kernel computes it and its gradient (σ(x) − y − (p − 1)·y·σ(−x)) / elements. A positive weight p &gt; 1 for
 * an output counts its positives p times, for labels that are rarely on.
 */
public final class BCEWithLogitsLoss implements Loss<Tensor> {

    private final Layer model;
    private final double[] posWeight;
    private final Tensor posWeightF32, posWeightF64;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;

    /**
     * The loss of {@code model}'s output without positive weights.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public BCEWithLogitsLoss(Layer model) {
        this(model, null);
    }

    /**
     * The loss of {@code model}'s output with a positive weight per output.
     *
     * @param model the model whose output is scored
     * @param posWeight one weight per output, each finite and ≥ 0, or {@code null} for all 1. Copied.
     * @throws NullPointerException if model is null
     * @throws IllegalArgumentException if a weight is negative or not finite, or there are none
     */
    public BCEWithLogitsLoss(Layer model, double[] posWeight) {
        if (model == null) {
            throw new NullPointerException("BCEWithLogitsLoss: model is null");
        }
        this.model = model;
        if (posWeight == null) {
            this.posWeight = null;
            this.posWeightF32 = null;
            this.posWeightF64 = null;
        } else {
            if (posWeight.length == 0) {
                throw new IllegalArgumentException("BCEWithLogitsLoss: posWeight is empty");
            }
            for (int j = 0; j < posWeight.length; j++) {
                if (!(posWeight[j] >= 0) || posWeight[j] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("BCEWithLogitsLoss: posWeight[" + j + "] = " + posWeight[j]
                            + " is not finite and >= 0");
                }
            }
            this.posWeight = posWeight.clone();
            this.posWeightF64 = Tensor.of(posWeight.clone(), posWeight.length);
            this.posWeightF32 = posWeightF64.to(DType.F32);
        }
    }

    @Override
    public Layer model() {
        return model;
    }

    /**
     * The mean loss over every element of {@code logits} against {@code targets}.
     *
     * @param logits the model's output, [batch, outputs]
     * @param targets the targets, the same shape and dtype, each in [0, 1] (not checked here: see {@link #checkTargets})
     * @return the mean, in double
     * @throws IllegalArgumentException if the shapes or dtypes differ, or the positive weights do not fit the outputs
     */
    @Override
    public double forward(Tensor logits, Tensor targets) {
        // rows and cols, not shape(): that returns a copy, and a training step must not allocate.
        if (logits.rank() != 2 || targets.rank() != 2 || logits.rows() != targets.rows() || logits.cols() != targets.cols()
                || logits.dtype() != targets.dtype()) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: logits " + logits.describe() + " and targets "
                    + targets.describe() + " are not both [batch, outputs] of one dtype");
        }
        if (posWeight != null && posWeight.length != logits.cols()) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: " + posWeight.length + " posWeight for logits "
                    + logits.describe() + " of " + logits.cols() + " outputs");
        }
        Tensor g = gradient.like(logits);
        Tensor weights = posWeight == null ? null : logits.dtype() == DType.F32 ? posWeightF32 : posWeightF64;
        double loss = TensorKernels.binaryCrossEntropyWithLogits(model.kernels(), logits, targets, weights, g);
        lastGradient = g;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException("BCEWithLogitsLoss.backward: no forward yet");
        }
        return lastGradient;
    }

    /** Targets must be as wide as the output, and each a probability in [0, 1]. */
    @Override
    public void checkTargets(String which, Tensor targets, int outputFeatures) {
        if (targets.cols() != outputFeatures) {
            throw new IllegalArgumentException(which + " targets " + targets.describe() + " have " + targets.cols()
                    + " values per sample, but the model has " + outputFeatures + " outputs");
        }
        if (posWeight != null && posWeight.length != outputFeatures) {
            throw new IllegalArgumentException(which + ": BCEWithLogitsLoss has " + posWeight.length
                    + " posWeight, but the model has " + outputFeatures + " outputs");
        }
        for (int i = 0; i < targets.size(); i++) {
            double y = targets.getFlat(i);
            if (!(y >= 0 && y <= 1)) {
                throw new IllegalArgumentException(which + " target " + i / Math.max(targets.cols(), 1) + " holds " + y
                        + ", not a probability in [0, 1]");
            }
        }
    }

    /** {@code bce_with_logits}, with {@code (pos_weight=[...])} when given. */
    @Override
    public String describe() {
        return "bce_with_logits" + (posWeight == null ? "" : "(pos_weight=" + Arrays.toString(posWeight) + ")");
    }
}
