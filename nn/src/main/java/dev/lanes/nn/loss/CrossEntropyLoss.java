package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

import java.util.Arrays;

/**
 * Cross-entropy on logits [batch, classes] with integer labels, as PyTorch's
 * {@code nn.CrossEntropyLoss(weight=w, label_smoothing=ε)} with the mean reduction: with ℓⱼ = −log softmax(x)ⱼ,
 * the loss is Σᵢ [(1 − ε)·w[yᵢ]·ℓ_{yᵢ} + (ε/C)·Σⱼ wⱼ·ℓⱼ] / Σᵢ w[yᵢ] — PyTorch 1.13's weighted mean, whose
 * denominator it uses for the smoothing term too. One fused kernel computes the loss and its gradient. Without
 * weights and smoothing it is {@link SoftmaxCrossEntropy}, and describes itself as that, so either resumes the
 * other's checkpoints. A row is right when its largest logit is its label's.
 */
public final class CrossEntropyLoss implements Loss<int[]> {

    private final Layer model;
    private final double[] classWeights;
    private final Tensor weightsF32, weightsF64;
    private final double labelSmoothing;
    private final Buffer gradient = new Buffer();
    private final ClassLabels classLabels = new ClassLabels();
    private Tensor lastGradient;

    /**
     * The plain loss (no class weights, no smoothing) of {@code model}'s output.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public CrossEntropyLoss(Layer model) {
        this(model, null, 0);
    }

    /**
     * The loss of {@code model}'s output with class weights and label smoothing.
     *
     * @param model the model whose output is scored
     * @param classWeights one weight per class (the model's outputs), each finite and ≥ 0, not all 0; or
     *                     {@code null} for all 1. Copied.
     * @param labelSmoothing ε in [0, 1]: the share of each target spread evenly over the classes
     * @throws NullPointerException if model is null
     * @throws IllegalArgumentException if a weight is negative or not finite, all are 0, there are none, or ε
     *         is outside [0, 1]
     */
    public CrossEntropyLoss(Layer model, double[] classWeights, double labelSmoothing) {
        if (model == null) {
            throw new NullPointerException("CrossEntropyLoss: model is null");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.model = model;
        this.labelSmoothing = labelSmoothing;
        if (classWeights == null) {
            this.classWeights = null;
            this.weightsF32 = null;
            this.weightsF64 = null;
        } else {
            checkWeights(classWeights);
            this.classWeights = classWeights.clone();
            this.weightsF64 = Tensor.of(this.classWeights.clone(), classWeights.length);
            this.weightsF32 = weightsF64.to(DType.F32);
        }
    }

    private static void checkWeights(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("CrossEntropyLoss: classWeights is empty");
        }
        boolean anyPositive = false;
        for (int j = 0; j < weights.length; j++) {
            if (!(weights[j] >= 0) || weights[j] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("CrossEntropyLoss: classWeights[" + j + "] = " + weights[j]
                        + " is not finite and >= 0");
            }
            anyPositive |= weights[j] > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("CrossEntropyLoss: every one of the " + weights.length + " classWeights is 0");
        }
    }

    /**
     * Weights that make every class count as much in total, as scikit-learn's {@code class_weight="balanced"}:
     * wⱼ = n / (classes · nⱼ) for nⱼ samples of class j among n.
     *
     * @param labels the training labels, each in [0, classes)
     * @param classes the number of classes
     * @return one weight per class
     * @throws IllegalArgumentException if a label is out of range or a class has no sample (its weight would be infinite)
     */
    public static double[] balancedClassWeights(int[] labels, int classes) {
        long[] counts = new long[classes];
        ClassLabels.check("balancedClassWeights:", labels, classes);
        for (int label : labels) {
            counts[label]++;
        }
        double[] weights = new double[classes];
        for (int j = 0; j < classes; j++) {
            if (counts[j] == 0) {
                throw new IllegalArgumentException("balancedClassWeights: class " + j + " has no sample among the "
                        + labels.length + " labels, so it cannot be balanced");
            }
            weights[j] = (double) labels.length / ((double) classes * counts[j]);
        }
        return weights;
    }

    @Override
    public Layer model() {
        return model;
    }

    /**
     * The class weights.
     *
     * @return a copy of the weights, or {@code null} if there are none
     */
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * The label smoothing ε.
     *
     * @return ε, as given to the constructor
     */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public double forward(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits " + logits.describe() + " are not [batch, classes]");
        }
        if (labels.length != logits.rows()) {
            throw new IllegalArgumentException("CrossEntropyLoss: " + labels.length + " labels for "
                    + logits.rows() + " rows of logits " + logits.describe());
        }
        if (classWeights != null && classWeights.length != logits.cols()) {
            throw new IllegalArgumentException("CrossEntropyLoss: " + classWeights.length + " classWeights for logits "
                    + logits.describe() + " of " + logits.cols() + " classes");
        }
        Tensor g = gradient.matrix(logits.dtype(), logits.rows(), logits.cols());
        Tensor weights = classWeights == null ? null : logits.dtype() == DType.F32 ? weightsF32 : weightsF64;
        double loss = TensorKernels.crossEntropy(model.kernels(), logits, labels, weights, labelSmoothing, g);
        lastGradient = g;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException("CrossEntropyLoss.backward: no forward yet");
        }
        return lastGradient;
    }

    @Override
    public void checkTargets(String which, int[] labels, int classes) {
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(which + ": CrossEntropyLoss has " + classWeights.length
                    + " classWeights, but the model has " + classes + " classes");
        }
        ClassLabels.check(which, labels, classes);
    }

    @Override
    public int correct(Tensor logits, int[] labels) {
        return classLabels.correct("CrossEntropyLoss", model, logits, labels);
    }

    /** {@code softmax_cross_entropy} when plain, else with the settings, e.g. {@code cross_entropy(weight=[1.0, 2.0], label_smoothing=0.1)}. */
    @Override
    public String describe() {
        if (classWeights == null && labelSmoothing == 0) {
            return "softmax_cross_entropy";
        }
        return "cross_entropy(" + (classWeights == null ? "" : "weight=" + Arrays.toString(classWeights) + ", ")
                + "label_smoothing=" + labelSmoothing + ")";
    }
}
