package dev.lanes.nn;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Sgd;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.train.EpochResult;
import dev.lanes.nn.train.Predictor;
import dev.lanes.nn.train.Trainer;
import dev.lanes.nn.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example, line for line, on small "images" made here: it compiles, trains, saves and loads. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    /** 2×4 "images" whose class is the quadrant of the first two pixels' signs. */
    private static float[] images(int n, long seed, int[] labels) {
        SeededRandom r = new SeededRandom(seed);
        float[] pixels = new float[n * 8];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 8; p++) {
                pixels[i * 8 + p] = (float) r.nextGaussian();
            }
            labels[i] = (pixels[i * 8] > 0 ? 1 : 0) + (pixels[i * 8 + 1] > 0 ? 2 : 0);
        }
        return pixels;
    }

    @Test
    void buildTrainSaveLoad() throws Exception {
        int[] labels = new int[2000], testLabels = new int[500];
        float[] pixels = images(2000, 1, labels);
        Tensor testX = Tensor.of(images(500, 2, testLabels), 500, 2, 4).flatten();
        List<EpochResult> seen = new ArrayList<>();

        Tensor x = Tensor.of(pixels, 2000, 2, 4).flatten();
        Dataset<int[]> train = Dataset.classification(x, labels), test = Dataset.classification(testX, testLabels);

        Sequential model = Nets.mlp(8, List.of(32, 16), 4, Initializers.pytorchDefault(), 42);
        model.setKernels(Kernels.get().withThreads(2));                  // provider and threads: one call, for everything
        Trainer<int[]> trainer = new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1, 0.9, 0)) // lr, momentum, weight decay
                .epochs(10).batchSize(64).shuffleSeed(1).regularization(new L2Regularization(model, 1e-4))
                .schedule(LearningRateSchedule.cosine(0.1, 10, 0))
                .listener(new TrainingListener() {
                    public void onEpochEnd(EpochResult r) { seen.add(r); } })
                .checkpointTo(dir.resolve("run.ckpt.safetensors"));
        trainer.fit(train, test);

        ModelFile.save(model, dir.resolve("mlp.safetensors"));
        Sequential loaded = ModelFile.load(dir.resolve("mlp.safetensors"));
        int[] classes = new Predictor(loaded).classes(testX);

        assertEquals(10, seen.size());
        assertTrue(seen.get(9).validationAccuracy() > 0.9, seen.toString());
        assertArrayEquals(new Predictor(model).classes(testX), classes);
        // The checkpoint is a model file too.
        assertArrayEquals(classes, new Predictor(ModelFile.load(dir.resolve("run.ckpt.safetensors"))).classes(testX));
    }
}
