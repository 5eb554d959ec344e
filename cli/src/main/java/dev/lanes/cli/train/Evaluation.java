package dev.lanes.cli.train;

import dev.lanes.cli.data.Examples;
import dev.lanes.cli.report.ConfusionMatrix;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;

/** A model's mean loss, accuracy and confusion matrix on labelled examples, in evaluation mode. */
public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion) {

    public static Evaluation of(Layer model, Examples examples, int classes, int batchSize) {
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        if (examples.count() == 0) {
            return new Evaluation(Double.NaN, Double.NaN, confusion);
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(model.kernels());
            TensorKernels ops = new TensorKernels(model.kernels());
            Batches batches = new Batches(examples, batchSize);
            int[] predicted = new int[batchSize];
            double lossSum = 0;
            for (int from = 0; from < examples.count(); from += batchSize) {
                int to = Math.min(from + batchSize, examples.count());
                Tensor logits = model.forward(batches.inputs(null, from, to));
                int[] labels = batches.labels(null, from, to);
                lossSum += loss.forward(logits, labels) * (to - from);
                argmax(ops, logits, predicted);
                for (int i = 0; i < labels.length; i++) {
                    confusion.add(labels[i], predicted[i]);
                }
            }
            return new Evaluation(lossSum / examples.count(), confusion.accuracy(), confusion);
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }

    /** The index of each row's largest logit, into {@code out} (at least as long as the rows). */
    static void argmax(TensorKernels ops, Tensor logits, int[] out) {
        ops.argmaxRows(logits, out);
    }
}
