package dev.lanes.nn.train;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;

/**
 * Predictions of a classifier: classes (argmax of the scores) and probabilities (softmax of the scores), and
 * evaluation on labelled data. Inputs are run through the model in chunks, so any number of samples works
 * without growing the model's buffers beyond the chunk.
 */
public final class Predictor {

    /** Samples per forward pass when none is given. */
    public static final int DEFAULT_CHUNK = 256;

    private final Sequential model;
    private final int chunk;
    private final Buffer inputBuffer = new Buffer();

    public Predictor(Sequential model) {
        this(model, DEFAULT_CHUNK);
    }

    public Predictor(Sequential model, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("Predictor: chunk must be positive, got " + chunk);
        }
        this.model = model;
        this.chunk = chunk;
    }

    /** The predicted class of each row of {@code inputs}. */
    public int[] classes(Tensor inputs) {
        int n = inputs.rows();
        int[] classes = new int[n];
        int[] part = new int[Math.min(chunk, Math.max(n, 1))];
        TensorKernels ops = new TensorKernels(model.kernels());
        forEachChunk(inputs, (start, rows, scores) -> {
            int[] out = rows == part.length ? part : new int[rows];
            ops.argmaxRows(scores, out);
            System.arraycopy(out, 0, classes, start, rows);
        });
        return classes;
    }

    /** Softmax probabilities [samples, classes] for each row of {@code inputs}. */
    public Tensor probabilities(Tensor inputs) {
        TensorKernels ops = new TensorKernels(model.kernels());
        Tensor[] result = new Tensor[1];
        Buffer probabilities = new Buffer();
        forEachChunk(inputs, (start, rows, scores) -> {
            if (result[0] == null) {
                result[0] = Tensor.zeros(scores.dtype(), inputs.rows(), scores.cols());
            }
            Tensor p = probabilities.matrix(scores.dtype(), rows, scores.cols());
            ops.softmax(scores, p);
            System.arraycopy(p.storage(), 0, result[0].storage(), start * scores.cols(), rows * scores.cols());
        });
        return result[0] == null ? Tensor.zeros(inputs.dtype(), 0, 0) : result[0];
    }

    /** Mean cross-entropy and accuracy on labelled data, in evaluation mode. */
    public Evaluation evaluate(Dataset data) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(model.kernels());
        TensorKernels ops = new TensorKernels(model.kernels());
        double[] totals = new double[2];
        int[] predicted = new int[Math.min(chunk, Math.max(data.size(), 1))];
        forEachChunk(data.inputs(), (start, rows, scores) -> {
            int[] labels = java.util.Arrays.copyOfRange(data.labels(), start, start + rows);
            totals[0] += loss.forward(scores, labels) * rows;
            int[] out = rows == predicted.length ? predicted : new int[rows];
            ops.argmaxRows(scores, out);
            for (int i = 0; i < rows; i++) {
                if (out[i] == labels[i]) {
                    totals[1]++;
                }
            }
        });
        int n = data.size();
        return new Evaluation(n == 0 ? Double.NaN : totals[0] / n, n == 0 ? Double.NaN : totals[1] / n, n);
    }

    private interface ChunkAction {
        void accept(int start, int rows, Tensor scores);
    }

    private void forEachChunk(Tensor inputs, ChunkAction action) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            Tensor rowsView = inputs.flatten();
            int n = rowsView.rows(), cols = rowsView.cols();
            for (int start = 0; start < n; start += chunk) {
                int rows = Math.min(chunk, n - start);
                Tensor x;
                if (rows == n) {
                    x = rowsView;         // one chunk: the input itself, no copy (a forward never writes its input)
                } else {
                    x = inputBuffer.matrix(rowsView.dtype(), rows, cols);
                    System.arraycopy(rowsView.storage(), start * cols, x.storage(), 0, rows * cols);
                }
                action.accept(start, rows, model.forward(x));
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }
}
