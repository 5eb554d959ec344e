package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

/**
 * Softmax cross-entropy on logits [batch, classes] with integer labels, the mean over the batch, as PyTorch's
 * {@code nn.CrossEntropyLoss()} and the seeds' {@code softmax_loss}: one fused kernel computes the loss and
 * its gradient (softmax − onehot) / batch. A row is right when its largest logit is its label's. It is
 * {@link CrossEntropyLoss} without class weights and label smoothing, and computes with the same kernel (the
 * overflow-safe mean of {@code Kernels.softmaxCrossEntropy}, to which {@code Kernels.crossEntropy} defers then).
 */
public final class SoftmaxCrossEntropy implements Loss<int[]> {

    private final Layer model;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;
    private final ClassLabels classLabels = new ClassLabels();

    /**
     * The loss of {@code model}'s output, computed with its kernels.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public SoftmaxCrossEntropy(Layer model) {
        if (model == null) {
            throw new NullPointerException("SoftmaxCrossEntropy: model is null");
        }
        this.model = model;
    }

    @Override
    public Layer model() {
        return model;
    }

    @Override
    public double forward(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: logits " + logits.describe() + " are not [batch, classes]");
        }
        if (labels.length != logits.rows()) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: " + labels.length + " labels for "
                    + logits.rows() + " rows of logits " + logits.describe());
        }
        Tensor g = gradient.matrix(logits.dtype(), logits.rows(), logits.cols());
        double loss = TensorKernels.softmaxCrossEntropy(model.kernels(), logits, labels, g);
        lastGradient = g;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException("SoftmaxCrossEntropy.backward: no forward yet");
        }
        return lastGradient;
    }

    @Override
    public void checkTargets(String which, int[] labels, int classes) {
        ClassLabels.check(which, labels, classes);
    }

    @Override
    public int correct(Tensor logits, int[] labels) {
        return classLabels.correct("SoftmaxCrossEntropy", model, logits, labels);
    }

    @Override
    public String describe() {
        return "softmax_cross_entropy";
    }
}
