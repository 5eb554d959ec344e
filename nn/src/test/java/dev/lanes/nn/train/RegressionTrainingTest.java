package dev.lanes.nn.train;

import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.data.Standardizer;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.HuberLoss;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.MeanAbsoluteError;
import dev.lanes.nn.loss.MeanSquaredError;
import dev.lanes.nn.loss.SmoothL1Loss;
import dev.lanes.nn.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer on float targets: each regression loss fits a noisy linear function; drop_last and a standardiser. */
class RegressionTrainingTest {

    /** y = x·(1, −2, 0.5) + 0.5 + noise(σ 0.05), x standard normal, shifted by {@code offset}: var(y) ≈ 5.25. */
    static Dataset<Tensor> linear(int n, long seed, double offset, DType dtype) {
        SeededRandom r = new SeededRandom(seed);
        double[] w = {1, -2, 0.5};
        Tensor x = Tensor.zeros(dtype, n, 3), y = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            double sum = 0.5 + 0.05 * r.nextGaussian();
            for (int j = 0; j < 3; j++) {
                double v = r.nextGaussian();
                x.set(v + offset, i, j);
                sum += w[j] * v;
            }
            y.setFlat(i, sum);
        }
        return Dataset.regression(x, y);
    }

    enum Losses {
        MSE(MeanSquaredError::new), L1(MeanAbsoluteError::new), HUBER(HuberLoss::new), SMOOTH_L1(SmoothL1Loss::new);

        final Function<Layer, Loss<Tensor>> make;

        Losses(Function<Layer, Loss<Tensor>> make) {
            this.make = make;
        }
    }

    @ParameterizedTest
    @EnumSource(Losses.class)
    void eachLossFitsALinearFunction(Losses which) {
        for (DType dtype : DType.values()) {
            Dataset<Tensor> train = linear(512, 1, 0, dtype), validation = linear(200, 2, 0, dtype);
            Sequential model = Nets.mlp(3, List.of(16), 1, Initializers.pytorchDefault(), 3, dtype);
            List<EpochResult> history = new Trainer<>(model, which.make.apply(model), new Adam(model, 0.02))
                    .epochs(30).batchSize(32).shuffleSeed(4).fit(train, validation);
            EpochResult last = history.get(history.size() - 1);
            assertTrue(Double.isNaN(last.trainAccuracy()) && Double.isNaN(last.validationAccuracy()), "no accuracy for values");
            assertTrue(last.trainLoss() < history.get(0).trainLoss(), history.toString());
            double mse = new Predictor(model).evaluate(validation, new MeanSquaredError(model)).loss();
            assertTrue(mse < 0.05, which + " " + dtype + ": validation MSE " + mse + " against a variance of about 5.25");
        }
    }

    @Test
    void predictedValuesAreTheModelsOutputs() {
        Dataset<Tensor> data = linear(300, 5, 0, DType.F64);
        Sequential model = Nets.mlp(3, List.of(8), 2, Initializers.pytorchDefault(), 6, DType.F64);
        Tensor values = new Predictor(model, 64).values(data.inputs());
        assertArrayEquals(new int[] {300, 2}, values.shape());
        model.eval();
        assertArrayEquals(model.forward(data.inputs()).toDoubleArray(), values.toDoubleArray(), 0, "chunks of 64 as one pass");
    }

    @Test
    void dropLastAndAStandardiserFittedOnTheTrainingSplit() {
        // Inputs around 1000: unstandardised, the first layer's pre-activations are huge and Adam at this rate fails.
        Dataset.Split<Tensor> split = linear(600, 7, 1000, DType.F64).splitLast(100);
        Sequential model = Nets.mlp(3, List.of(16), 1, Initializers.pytorchDefault(), 3, DType.F64);
        List<Integer> batchRows = new ArrayList<>();
        List<EpochResult> history = new Trainer<>(model, new MeanSquaredError(model), new Adam(model, 0.02))
                .epochs(25).batchSize(64).shuffleSeed(2).dropLast(true).transform(Standardizer.fit(split.train()))
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss) {
                        if (epoch == 1) {
                            batchRows.add(samples);
                        }
                    }
                }).fit(split.train(), split.validation());
        assertEquals(List.of(64, 128, 192, 256, 320, 384, 448), batchRows, "500 samples: 7 full batches, the short one dropped");
        assertEquals(448, history.get(0).samples());
        EpochResult last = history.get(history.size() - 1);
        assertTrue(last.validationLoss() < 0.05, "validated with the training split's standardiser: " + last);
    }
}
