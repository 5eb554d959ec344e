package dev.lanes.nn.train;

import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.BCEWithLogitsLoss;
import dev.lanes.nn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-label classification through the trainer: float targets in [0, 1], one yes/no per output, on BCEWithLogitsLoss. */
class MultiLabelTrainingTest {

    /** Three labels of x ∈ R⁴ (standard normal): x₀ + x₁ &gt; 0, x₂ &gt; 0.5 (rarer, about 31 %), and x₃ − x₀ &gt; 0. */
    static Dataset<Tensor> labels(int n, long seed, DType dtype) {
        SeededRandom r = new SeededRandom(seed);
        Tensor x = Tensor.zeros(dtype, n, 4), y = Tensor.zeros(dtype, n, 3);
        for (int i = 0; i < n; i++) {
            double[] v = new double[4];
            for (int j = 0; j < 4; j++) {
                v[j] = r.nextGaussian();
                x.set(v[j], i, j);
            }
            y.set(v[0] + v[1] > 0 ? 1 : 0, i, 0);
            y.set(v[2] > 0.5 ? 1 : 0, i, 1);
            y.set(v[3] - v[0] > 0 ? 1 : 0, i, 2);
        }
        return Dataset.regression(x, y);
    }

    @Test
    void eachLabelIsLearnedInBothPrecisionsWithAndWithoutPositiveWeights() {
        for (DType dtype : DType.values()) {
            for (double[] posWeight : new double[][] {null, {1, 2.2, 1}}) {
                Dataset<Tensor> train = labels(800, 1, dtype), validation = labels(300, 2, dtype);
                Sequential model = Nets.mlp(4, List.of(16), 3, Initializers.pytorchDefault(), 3, dtype);
                List<EpochResult> history = new Trainer<>(model, new BCEWithLogitsLoss(model, posWeight), new Adam(model, 0.02))
                        .epochs(25).batchSize(32).shuffleSeed(4).fit(train, validation);
                EpochResult last = history.get(history.size() - 1);
                assertTrue(Double.isNaN(last.trainAccuracy()), "BCE has no notion of a right row");
                assertTrue(last.validationLoss() < 0.5 * history.get(0).validationLoss(), history.toString());
                Tensor logits = new Predictor(model).values(validation.inputs());
                for (int label = 0; label < 3; label++) {
                    int right = 0;
                    for (int i = 0; i < 300; i++) {
                        right += (logits.get(i, label) > 0) == (validation.targets().get(i, label) == 1) ? 1 : 0;
                    }
                    assertTrue(right >= 0.93 * 300, dtype + " pos_weight " + (posWeight != null) + ": label " + label
                            + " right on " + right + " of 300");
                }
            }
        }
    }

    @Test
    void targetsOutsideZeroOneAreRefusedBeforeTraining() {
        Dataset<Tensor> data = labels(64, 3, DType.F32);
        data.targets().set(1.5, 10, 2);
        Sequential model = Nets.mlp(4, List.of(8), 3, Initializers.pytorchDefault(), 3, DType.F32);
        double[] before = model.parameters().get(0).value().toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer<>(model, new BCEWithLogitsLoss(model), new Adam(model, 0.02)).epochs(1).fit(data, null));
        assertTrue(e.getMessage().contains("target 10 holds 1.5, not a probability in [0, 1]"), e.getMessage());
        assertArrayEquals(before, model.parameters().get(0).value().toDoubleArray(), "refused before any step");
    }
}
