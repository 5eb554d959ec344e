package dev.lanes.consumer;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.train.Predictor;
import dev.lanes.nn.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains a small MLP on random data, saves it, reloads it and checks that the reloaded model predicts exactly what
 * the trained one does. Exit status 0 and a last line starting with {@value #SUCCESS} when all holds; the tests in
 * this module launch it on the module path, on the class path and from a jlink image.
 */
public final class TrainSaveReload {
    public static final String SUCCESS = "consumer OK";

    private static final int SAMPLES = 512, FEATURES = 16, CLASSES = 3;

    private TrainSaveReload() {
    }

    public static void main(String[] args) throws Exception {
        // Labels from a fixed linear rule, so that a trained net must beat chance by far: training really ran.
        Random random = new Random(7);
        float[] x = new float[SAMPLES * FEATURES];
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double[] scores = new double[CLASSES];
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) random.nextGaussian();
                x[i * FEATURES + j] = v;
                scores[j % CLASSES] += v;
            }
            labels[i] = argmax(scores);
        }
        Tensor inputs = Tensor.of(x, SAMPLES, FEATURES);
        Dataset<int[]> data = Dataset.classification(inputs, labels);

        Sequential model = Nets.mlp(FEATURES, List.of(32), CLASSES, Initializers.pytorchDefault(), 42);
        new Trainer<>(model, new SoftmaxCrossEntropy(model), new Adam(model, 0.01)).epochs(8).batchSize(32).shuffleSeed(1).fit(data, data);

        int[] predicted = new Predictor(model).classes(inputs);
        double accuracy = accuracy(predicted, labels);
        if (accuracy < 0.8) {
            fail("training did not learn a linear rule: accuracy " + accuracy);
        }

        Path dir = Files.createTempDirectory("lanes-consumer");
        Path file = dir.resolve("mlp.safetensors");
        ModelFile.save(model, file);
        Sequential reloaded = ModelFile.load(file);
        float[] before = new Predictor(model).probabilities(inputs).floats();
        float[] after = new Predictor(reloaded).probabilities(inputs).floats();
        Files.delete(file);
        Files.delete(dir);
        if (!Arrays.equals(before, after)) {
            fail("the reloaded model predicts differently from the saved one");
        }
        System.out.println("provider=" + Kernels.get().providerName());
        System.out.printf("%s: trained to accuracy %.3f, saved and reloaded, %d predictions match%n",
                SUCCESS, accuracy, SAMPLES);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    private static void fail(String message) {
        System.err.println("consumer FAILED: " + message);
        System.exit(1);
    }
}
