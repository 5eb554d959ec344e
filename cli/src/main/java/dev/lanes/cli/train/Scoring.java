package dev.lanes.cli.train;

import dev.lanes.cli.data.Examples;
import dev.lanes.cli.report.ConfusionMatrix;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.train.Evaluation;
import dev.lanes.nn.train.Predictor;

/** Examples as nn data sets, and a model's scores on them: loss and accuracy (nn's) plus the confusion matrix. */
public final class Scoring {

    private Scoring() {
    }

    /** The examples as an nn {@link Dataset} (sharing their arrays). */
    public static Dataset<int[]> dataset(Examples examples) {
        return Dataset.classification(Tensor.of(examples.features(), examples.count(), examples.width()), examples.labels());
    }

    /** Loss and accuracy, with the confusion matrix of the same predictions. */
    public record Scores(Evaluation evaluation, ConfusionMatrix confusion) {
    }

    public static Scores score(Sequential model, Examples examples, int classes) {
        Dataset<int[]> data = dataset(examples);
        Predictor predictor = new Predictor(model, 1000);
        Evaluation evaluation = predictor.evaluate(data);
        int[] predicted = predictor.classes(data.inputs());
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        for (int i = 0; i < predicted.length; i++) {
            confusion.add(examples.labels()[i], predicted[i]);
        }
        return new Scores(evaluation, confusion);
    }
}
