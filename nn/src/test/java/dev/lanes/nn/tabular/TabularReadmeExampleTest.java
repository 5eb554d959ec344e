package dev.lanes.nn.tabular;

import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.metrics.ConfusionMatrix;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.tabular.TabularPreprocessor.MissingValues;
import dev.lanes.nn.train.Predictor;
import dev.lanes.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.lanes.nn.metrics.ConfusionMatrix.Average.MACRO;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Your own data" Java example, line for line, on a generated three-species table. */
class TabularReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void readsFitsTrainsAndScores() throws Exception {
        Random r = new Random(3);
        List<String> lines = new ArrayList<>(List.of("length,width,species"));
        String[] species = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 300; i++) {
            int s = i % 3;
            lines.add(String.format(Locale.ROOT, "%.3f,%.3f,%s", 4 + 1.5 * s + 0.4 * r.nextGaussian(),
                    2 + 0.3 * r.nextGaussian(), species[s]));
        }
        Files.write(dir.resolve("iris.csv"), lines);

        Table[] split = Table.read(dir.resolve("iris.csv")).split(0.2, 42);           // training rows, held-out rows
        TabularPreprocessor pre = TabularPreprocessor.fit(split[0], "species", null, MissingValues.IMPUTE);
        Sequential model = Nets.mlp(pre.width(), List.of(100), pre.classNames().size(), Initializers.pytorchDefault(), 42);
        new Trainer<>(model, new SoftmaxCrossEntropy(model), new Adam(model, 1e-3)).epochs(200).batchSize(32)
                .fit(pre.classificationData(split[0]), pre.classificationData(split[1]));
        int[] truth = pre.classes(split[1]), predicted = new Predictor(model).classes(pre.features(split[1]));
        ConfusionMatrix m = ConfusionMatrix.of(truth, predicted, pre.classNames().size());   // m.accuracy(), m.f1(MACRO)

        assertTrue(m.accuracy() > 0.9 && m.f1(MACRO) > 0.9, "species 1.5 apart in length, 0.4 spread: " + m.accuracy());
    }
}
