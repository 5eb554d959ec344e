package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

/**
 * Softmax cross-entropy on logits [batch, classes] with integer labels, the mean over the batch, as PyTorch's
 * {@code nn.CrossEntropyLoss()} and the seeds' {@code softmax_loss}: one fused kernel computes the loss and
 * its gradient (softmax − onehot) / batch. A row is right when its largest logit is its label's.
 */
public final class SoftmaxCrossEntropy implements Loss<int[]> {

    private final Layer model;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;
    private int[] predicted = new int[0];

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
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(which + " label " + i + " is " + labels[i]
                        + ", but the model has " + classes + " classes");
            }
        }
    }

    @Override
    public int correct(Tensor logits, int[] labels) {
        int rows = logits.rows();
        if (labels.length < rows) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy.correct: " + labels.length + " labels for "
                    + rows + " rows of logits " + logits.describe());
        }
        if (predicted.length < rows) {
            predicted = new int[rows]; // grows to the largest batch, then a smaller one uses a prefix
        }
        TensorKernels.argmaxRows(model.kernels(), logits, predicted);
        int right = 0;
        for (int r = 0; r < rows; r++) {
            if (predicted[r] == labels[r]) {
                right++;
            }
        }
        return right;
    }

    @Override
    public String describe() {
        return "softmax_cross_entropy";
    }
}
