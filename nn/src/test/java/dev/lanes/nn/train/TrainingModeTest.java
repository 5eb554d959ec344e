package dev.lanes.nn.train;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training versus evaluation mode through the trainer and the predictor, as PyTorch's {@code model.train()} and
 * {@code model.eval()}: steps run in training mode, evaluation and prediction in evaluation mode, and a run with
 * dropout and batch normalisation resumed from a checkpoint ends bit for bit where an uninterrupted one does.
 */
class TrainingModeTest {

    private static final Dataset TRAIN = Blobs.make(600, 8, 4, DType.F32, 1);
    private static final Dataset VALIDATION = Blobs.make(200, 8, 4, DType.F32, 2);

    private static Sequential net(long seed) {
        SeededRandom r = new SeededRandom(seed);
        Sequential model = new Sequential(
                new Linear(8, 32, DType.F32).initialize(Initializers.he(), r),
                new BatchNorm1d(32),
                new ReLU(),
                new Dropout(0.3),
                new Linear(32, 16, false, DType.F32).initialize(Initializers.he(), r),
                new LayerNorm(16),
                new ReLU(),
                new Linear(16, 4, DType.F32).initialize(Initializers.he(), r));
        model.setRandom(new SeededRandom(seed + 1000));
        return model;
    }

    private static Trainer trainer(Sequential model) {
        return new Trainer(model, new SoftmaxCrossEntropy(model), new Adam(model, 0.01)).epochs(4).batchSize(64).shuffleSeed(5);
    }

    @Test
    void stepsTrainAndEvaluationLeavesTheModelAsItWas() {
        Sequential model = net(1);
        BatchNorm1d bn = (BatchNorm1d) model.get(1);
        Trainer trainer = trainer(model);
        model.eval();
        trainer.trainStep(TRAIN.inputs().firstRows(64), java.util.Arrays.copyOf(TRAIN.labels(), 64));
        assertTrue(model.isTraining() && model.get(3).isTraining(), "a step switches the whole model to training mode");
        assertEquals(1, bn.batchesTracked(), "the step used and updated the batch statistics");

        Tensor runningMean = bn.runningMean().copy();
        Predictor predictor = new Predictor(model);
        Tensor first = predictor.probabilities(VALIDATION.inputs());
        Tensor second = predictor.probabilities(VALIDATION.inputs());
        assertTrue(first.contentEquals(second), "predictions are deterministic: no dropout, running statistics");
        assertTrue(bn.runningMean().contentEquals(runningMean), "evaluation does not update the running statistics");
        assertEquals(1, bn.batchesTracked());
        assertTrue(model.isTraining(), "the predictor restores the mode it found");

        model.eval();
        predictor.evaluate(VALIDATION);
        assertFalse(model.isTraining(), "and leaves a model in evaluation mode there");
    }

    @Test
    void theSameSeedsGiveTheSameRunAndAnotherGeneratorOtherMasks() {
        Sequential a = net(3), b = net(3), c = net(3);
        c.setRandom(new SeededRandom(4321));
        trainer(a).epochs(1).fit(TRAIN, null);
        trainer(b).epochs(1).fit(TRAIN, null);
        trainer(c).epochs(1).fit(TRAIN, null);
        Map<String, Tensor> ta = ModelFile.tensors(a), tb = ModelFile.tensors(b), tc = ModelFile.tensors(c);
        boolean anyDiffers = false;
        for (String name : ta.keySet()) {
            assertTrue(ta.get(name).contentEquals(tb.get(name)), name);
            anyDiffers |= !ta.get(name).contentEquals(tc.get(name));
        }
        assertTrue(anyDiffers, "other dropout masks train other weights");
    }

    @Test
    void aResumedRunWithDropoutAndBatchNormEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Sequential straight = net(7);
        List<EpochResult> all = trainer(straight).fit(TRAIN, VALIDATION);

        Path file = dir.resolve("run.safetensors");
        Sequential first = net(7);
        trainer(first).epochs(2).checkpointTo(file).fit(TRAIN, VALIDATION);

        // A fresh process, in effect: other weights and another generator; everything else comes from the file.
        Sequential resumed = net(99);
        Trainer second = trainer(resumed).resumeFrom(file);
        List<EpochResult> rest = second.fit(TRAIN, VALIDATION);
        Map<String, Tensor> expected = ModelFile.tensors(straight), actual = ModelFile.tensors(resumed);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertTrue(expected.get(name).contentEquals(actual.get(name)), name + " (running statistics included)");
        }
        assertEquals(all.get(3).trainLoss(), rest.get(1).trainLoss());
        assertEquals(all.get(3).validationAccuracy(), rest.get(1).validationAccuracy());
        assertEquals(straight.random().nextLong(), resumed.random().nextLong(), "the generator continues where it stood");
        assertTrue(all.get(3).validationAccuracy() > 0.9, "and the net learns: " + all.get(3));
    }
}
