package dev.lanes.nn.train;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Batch;
import dev.lanes.nn.data.DataLoader;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;


/**
 * Predictions of a model: a classifier's classes (argmax of the scores) and probabilities (softmax of the
 * scores), a regression model's values, and evaluation on data with targets. Inputs are run through the model in chunks, so any number of samples works
 * without growing the model's buffers beyond the chunk. Computes with the model's kernels.
 */
public final class Predictor {

    /** Samples per forward pass when none is given. */
    public static final int DEFAULT_CHUNK = 256;

    private final Layer model;
    private final int chunk;
    private final Buffer inputBuffer = new Buffer();

    /**
     * A predictor running {@link #DEFAULT_CHUNK} samples per forward pass.
     *
     * @param model the classifier, whose output is one score per class
     */
    public Predictor(Layer model) {
        this(model, DEFAULT_CHUNK);
    }

    /**
     * A predictor running {@code chunk} samples per forward pass.
     *
     * @param model the classifier, whose output is one score per class
     * @param chunk the samples per forward pass, ≥ 1: larger is faster, up to the memory for its activations
     * @throws IllegalArgumentException if chunk ≤ 0
     */
    public Predictor(Layer model, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("Predictor: chunk must be positive, got " + chunk);
        }
        this.model = model;
        this.chunk = chunk;
    }

    /**
     * The predicted class of each row of {@code inputs}.
     *
     * @param inputs the samples, [samples, features…]
     * @return a new array of class indices, one per sample
     */
    public int[] classes(Tensor inputs) {
        int n = inputs.rows();
        int[] classes = new int[n];
        int[] part = new int[Math.min(chunk, Math.max(n, 1))];
        forEachChunk(inputs, (start, rows, scores) -> {
            int[] out = rows == part.length ? part : new int[rows];
            TensorKernels.argmaxRows(model.kernels(), scores, out);
            System.arraycopy(out, 0, classes, start, rows);
        });
        return classes;
    }

    /**
     * Softmax probabilities [samples, classes] for each row of {@code inputs}.
     *
     * @param inputs the samples, [samples, features…]
     * @return a new tensor whose rows each sum to 1
     */
    public Tensor probabilities(Tensor inputs) {
        Tensor[] result = new Tensor[1];
        Buffer probabilities = new Buffer();
        forEachChunk(inputs, (start, rows, scores) -> {
            if (result[0] == null) {
                result[0] = Tensor.zeros(scores.dtype(), inputs.rows(), scores.cols());
            }
            Tensor p = probabilities.matrix(scores.dtype(), rows, scores.cols());
            TensorKernels.softmax(model.kernels(), scores, p);
            System.arraycopy(p.storage(), 0, result[0].storage(), start * scores.cols(), rows * scores.cols());
        });
        return result[0] == null ? Tensor.zeros(inputs.dtype(), 0, 0) : result[0];
    }

    /**
     * The model's outputs for each row of {@code inputs}, in evaluation mode: a regression model's predicted
     * values (a classifier's raw scores).
     *
     * @param inputs the samples, [samples, features…]
     * @return a new [samples, outputs] tensor
     */
    public Tensor values(Tensor inputs) {
        Tensor[] result = new Tensor[1];
        forEachChunk(inputs, (start, rows, outputs) -> {
            if (result[0] == null) {
                result[0] = Tensor.zeros(outputs.dtype(), inputs.rows(), outputs.cols());
            }
            System.arraycopy(outputs.storage(), 0, result[0].storage(), start * outputs.cols(), rows * outputs.cols());
        });
        return result[0] == null ? Tensor.zeros(inputs.dtype(), 0, 0) : result[0];
    }

    /**
     * Mean softmax cross-entropy and accuracy on labelled data, in evaluation mode.
     *
     * @param data the samples and labels
     * @return the mean loss and the accuracy
     */
    public Evaluation evaluate(Dataset<int[]> data) {
        return evaluate(data, new SoftmaxCrossEntropy(model));
    }

    /**
     * The mean of {@code loss} over a data set and the fraction of samples the loss counts right (NaN if it
     * has no notion of right), in evaluation mode, in chunks of this predictor's size.
     *
     * @param data the samples and targets
     * @param loss a loss made for this predictor's model
     * @param <T> the targets' type
     * @return the mean loss and the accuracy
     * @throws IllegalArgumentException if the loss is made for another model
     */
    public <T> Evaluation evaluate(Dataset<T> data, Loss<T> loss) {
        return evaluate(new DataLoader<>(data, chunk), loss);
    }

    /**
     * The mean of {@code loss} over every batch of a loader's epoch (in the loader's order, with its transform)
     * and the fraction of samples the loss counts right (NaN if it has no notion of right), in evaluation mode.
     * A loader kept from call to call (as a trainer keeps its validation loader) makes repeated evaluations
     * allocate nothing per batch.
     *
     * @param batches the loader, usually unshuffled; its batch size sets the samples per forward pass
     * @param loss a loss made for this predictor's model
     * @param <T> the targets' type
     * @return the mean loss and the accuracy over the samples served
     * @throws IllegalArgumentException if the loss is made for another model
     */
    public <T> Evaluation evaluate(DataLoader<T> batches, Loss<T> loss) {
        if (loss.model() != model) {
            throw new IllegalArgumentException("Predictor.evaluate: the loss is made for " + loss.model().describe()
                    + ", not for this predictor's model " + model.describe());
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        double total = 0;
        long right = 0;
        try {
            for (Batch<T> batch : batches.epoch(0)) {
                Tensor scores = model.forward(batch.inputs());
                total += loss.forward(scores, batch.targets()) * batch.rows();
                int r = loss.correct(scores, batch.targets());
                right = r < 0 || right < 0 ? -1 : right + r;
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        int n = batches.samplesPerEpoch();
        double accuracy = n == 0 || right < 0 ? Double.NaN : (double) right / n;
        return new Evaluation(n == 0 ? Double.NaN : total / n, accuracy, n);
    }

    private interface ChunkAction {
        void accept(int start, int rows, Tensor scores);
    }

    /** Rows [start, start + rows): the input itself when it is one chunk (a forward never writes its input), else a copy in the reused buffer. */
    private Tensor chunkInputs(Tensor rowsView, int start, int rows) {
        if (rows == rowsView.rows()) {
            return rowsView;
        }
        int cols = rowsView.cols();
        Tensor x = inputBuffer.matrix(rowsView.dtype(), rows, cols);
        System.arraycopy(rowsView.storage(), start * cols, x.storage(), 0, rows * cols);
        return x;
    }

    private void forEachChunk(Tensor inputs, ChunkAction action) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            Tensor rowsView = inputs.flatten();
            int n = rowsView.rows();
            for (int start = 0; start < n; start += chunk) {
                int rows = Math.min(chunk, n - start);
                action.accept(start, rows, model.forward(chunkInputs(rowsView, start, rows)));
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }
}
