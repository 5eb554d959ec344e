package dev.lanes.nn.train;

import dev.lanes.nn.data.RandomShift;
import dev.lanes.nn.data.Dataset;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.CrossEntropyLoss;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    private static final Dataset<int[]> TRAIN = Blobs.make(600, 8, 4, DType.F32, 1);
    private static final Dataset<int[]> VALIDATION = Blobs.make(200, 8, 4, DType.F32, 2);

    private static Sequential net(Kernels kernels) {
        Sequential model = Nets.mlp(8, List.of(32, 16), 4, Initializers.pytorchDefault(), 7, DType.F32);
        model.setKernels(kernels);
        return model;
    }

    @Test
    void learnsSeparableBlobs() {
        Sequential model = net(Kernels.get());
        Trainer<int[]> trainer = new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1)).epochs(8).batchSize(32).shuffleSeed(3);
        List<EpochResult> history = trainer.fit(TRAIN, VALIDATION);
        assertEquals(8, history.size());
        EpochResult last = history.get(7);
        // Four blobs 4 standard deviations apart are separable to well over 95 %.
        assertTrue(last.validationAccuracy() >= 0.95, history.toString());
        assertTrue(last.trainAccuracy() >= 0.95, history.toString());
        assertTrue(last.trainLoss() < history.get(0).trainLoss(), history.toString());
        assertEquals(last.validationAccuracy(), trainer.evaluate(VALIDATION).accuracy(), 1e-12);
        int[] predicted = new Predictor(model).classes(VALIDATION.inputs());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == VALIDATION.targets()[i] ? 1 : 0;
        }
        assertEquals(last.validationAccuracy(), (double) right / predicted.length, 1e-12);
        Tensor p = new Predictor(model, 7).probabilities(VALIDATION.inputs());
        for (int i = 0; i < p.rows(); i++) {
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                sum += p.get(i, c);
            }
            assertEquals(1, sum, 1e-5);
        }
    }

    @Test
    void predictionsInOneChunkMatchChunkedOnesAndLeaveTheInputAlone() {
        Sequential model = net(Kernels.get());
        Tensor inputs = VALIDATION.inputs();
        Tensor before = inputs.copy();
        int[] whole = new Predictor(model, inputs.rows()).classes(inputs);   // the input itself, no copy
        int[] chunked = new Predictor(model, 7).classes(inputs);
        assertTrue(java.util.Arrays.equals(whole, chunked));
        assertTrue(new Predictor(model, inputs.rows()).probabilities(inputs).contentEquals(new Predictor(model, 7).probabilities(inputs)));
        assertTrue(inputs.contentEquals(before));
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAtOneAndTwoThreads() {
        Map<String, Parameter> one = trainWith(Kernels.get().withThreads(1)).namedParameters();
        Map<String, Parameter> two = trainWith(Kernels.get().withThreads(2)).namedParameters();
        Map<String, Parameter> scalar = trainWith(Kernels.withProvider("scalar").withThreads(2)).namedParameters();
        for (String name : one.keySet()) {
            assertTrue(one.get(name).value().contentEquals(two.get(name).value()), name);
        }
        if (Kernels.get().providerName().equals("scalar")) {
            for (String name : one.keySet()) {
                assertTrue(one.get(name).value().contentEquals(scalar.get(name).value()), name);
            }
        }
    }

    private static Sequential trainWith(Kernels kernels) {
        Sequential model = net(kernels);
        new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.05, 0.9, 1e-4)).epochs(2).batchSize(50).shuffleSeed(9).regularization(new L2Regularization(model, 1e-3)).fit(TRAIN, null);
        return model;
    }

    @Test
    void resumingFromACheckpointEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<Function<Sequential, Optimizer>> optimizers = List.of(
                m -> new Sgd(m, 0.05, 0.9, 1e-4),
                m -> new Adam(m, 0.01));
        for (Function<Sequential, Optimizer> makeOptimizer : optimizers) {
            Sequential straight = net(Kernels.get());
            Trainer<int[]> uninterrupted = configure(new Trainer<>(straight, new SoftmaxCrossEntropy(straight), makeOptimizer.apply(straight)));
            List<EpochResult> all = uninterrupted.fit(TRAIN, VALIDATION);

            Path file = dir.resolve("run.safetensors");
            Sequential first = net(Kernels.get());
            configure(new Trainer<>(first, new SoftmaxCrossEntropy(first), makeOptimizer.apply(first))).epochs(2).checkpointTo(file).fit(TRAIN, VALIDATION);

            // A fresh process, in effect: another initialisation, a new optimiser, state only from the file.
            Sequential resumed = Nets.mlp(8, List.of(32, 16), 4, Initializers.he(), 99, DType.F32);
            Trainer<int[]> second = configure(new Trainer<>(resumed, new SoftmaxCrossEntropy(resumed), makeOptimizer.apply(resumed))).resumeFrom(file);
            assertEquals(2, second.completedEpochs());
            List<EpochResult> rest = second.fit(TRAIN, VALIDATION);
            assertEquals(2, rest.size());
            assertEquals(3, rest.get(0).epoch());
            for (String name : straight.namedParameters().keySet()) {
                assertTrue(straight.namedParameters().get(name).value().contentEquals(resumed.namedParameters().get(name).value()),
                        makeOptimizer.apply(straight).name() + " " + name);
            }
            assertEquals(all.get(3).trainLoss(), rest.get(1).trainLoss());
            assertEquals(all.get(3).validationAccuracy(), rest.get(1).validationAccuracy());
            assertEquals(all.get(3).learningRate(), rest.get(1).learningRate());
        }
    }

    @Test
    void aCheckpointIntervalSkipsEpochsButAlwaysWritesTheLast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.safetensors");
        Sequential model = net(Kernels.get());
        List<Boolean> written = new ArrayList<>();
        Trainer<int[]> trainer = configure(new Trainer<>(model, new SoftmaxCrossEntropy(model), new Adam(model, 0.01)))
                .checkpointTo(file).checkpointInterval(java.time.Duration.ofDays(1))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult result) {
                        written.add(java.nio.file.Files.exists(file));
                    }
                });
        trainer.fit(TRAIN, VALIDATION);
        // Epochs 1-3 end within a day of the start: none written; the last (4) always is.
        assertEquals(List.of(false, false, false, true), written);
        Sequential resumed = net(Kernels.get());
        Trainer<int[]> second = configure(new Trainer<>(resumed, new SoftmaxCrossEntropy(resumed), new Adam(resumed, 0.01))).resumeFrom(file);
        assertEquals(4, second.completedEpochs());
        assertThrows(IllegalArgumentException.class, () -> second.checkpointInterval(java.time.Duration.ofSeconds(-1)));
    }

    private static Trainer<int[]> configure(Trainer<int[]> trainer) {
        // The 8 features read as 2×4 images, shifted and mirrored: the augmentation's draws resume exactly too.
        return trainer.epochs(4).batchSize(64).shuffleSeed(5).regularization(new L2Regularization(trainer.model(), 1e-3))
                .schedule(LearningRateSchedule.step(0.05, 2, 0.5)).augment(new RandomShift(2, 4, 1, true, 0, 9));
    }

    /** A trainer to resume with: its model, loss, optimiser and options, one of them unlike the checkpoint's. */
    private record Resume(String differs, Function<Sequential, Trainer<int[]>> trainer, DType dtype, List<Integer> hidden) {
        Resume(String differs, Function<Sequential, Trainer<int[]>> trainer) {
            this(differs, trainer, DType.F32, List.of(32, 16));
        }
    }

    /** The run that writes the checkpoint the refusals are tried against. */
    private static Trainer<int[]> checkpointedRun(Sequential m) {
        return new Trainer<>(m, new SoftmaxCrossEntropy(m), new Sgd(m, 0.05, 0.9, 0)).batchSize(64).shuffleSeed(5)
                .regularization(new L2Regularization(m, 1e-3));
    }

    @Test
    void aRefusedResumeNamesWhatDiffersAndChangesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.safetensors");
        Sequential written = net(Kernels.get());
        checkpointedRun(written).epochs(1).checkpointTo(file).fit(TRAIN, null);

        List<Resume> resumes = List.of(
                new Resume("batchSize: checkpoint 64, trainer 32", m -> checkpointedRun(m).batchSize(32)),
                new Resume("shuffleSeed: checkpoint 5, trainer 6", m -> checkpointedRun(m).shuffleSeed(6)),
                new Resume("optimizer: checkpoint sgd(momentum=0.9, weight_decay=0.0), trainer sgd(momentum=0.5, weight_decay=0.0)",
                        m -> new Trainer<>(m, new SoftmaxCrossEntropy(m), new Sgd(m, 0.05, 0.5, 0)).batchSize(64).shuffleSeed(5)
                                .regularization(new L2Regularization(m, 1e-3))),
                new Resume("optimizer: checkpoint sgd(momentum=0.9, weight_decay=0.0), trainer adam(",
                        m -> new Trainer<>(m, new SoftmaxCrossEntropy(m), new Adam(m, 0.05)).batchSize(64).shuffleSeed(5)
                                .regularization(new L2Regularization(m, 1e-3))),
                new Resume("regularization: checkpoint l2(0.001), trainer none", m -> checkpointedRun(m).regularization(null)),
                new Resume("regularization: checkpoint l2(0.001), trainer l2(0.01)",
                        m -> checkpointedRun(m).regularization(new L2Regularization(m, 1e-2))),
                new Resume("loss: checkpoint softmax_cross_entropy, trainer renamed_cross_entropy",
                        m -> new Trainer<>(m, new RenamedLoss(m), new Sgd(m, 0.05, 0.9, 0)).batchSize(64).shuffleSeed(5)
                                .regularization(new L2Regularization(m, 1e-3))),
                new Resume("loss: checkpoint softmax_cross_entropy, trainer cross_entropy(label_smoothing=0.1)",
                        m -> new Trainer<>(m, new CrossEntropyLoss(m, null, 0.1), new Sgd(m, 0.05, 0.9, 0)).batchSize(64).shuffleSeed(5)
                                .regularization(new L2Regularization(m, 1e-3))),
                new Resume("loss: checkpoint softmax_cross_entropy, trainer cross_entropy(weight=[1.0, 2.0, 1.0, 0.5], label_smoothing=0.0)",
                        m -> new Trainer<>(m, new CrossEntropyLoss(m, new double[] {1, 2, 1, 0.5}, 0), new Sgd(m, 0.05, 0.9, 0))
                                .batchSize(64).shuffleSeed(5).regularization(new L2Regularization(m, 1e-3))),
                new Resume("data: checkpoint (not set), trainer mnist", m -> checkpointedRun(m).option("data", "mnist")),
                new Resume("augmentation: checkpoint (not set), trainer RandomShift(2x4, 1, flip, fill 0.0, seed 9)",
                        m -> checkpointedRun(m).augment(new RandomShift(2, 4, 1, true, 0, 9))),
                new Resume("architecture: checkpoint [{\"type\":\"Linear\",\"in_features\":8,\"out_features\":32}",
                        TrainerTest::checkpointedRun, DType.F32, List.of(24, 16)),
                // Same options, tensors of another dtype: refused when the tensors are compared, still before any copy.
                new Resume("tensor '0.weight' is F32[32, 8], the model needs F64[32, 8]",
                        TrainerTest::checkpointedRun, DType.F64, List.of(32, 16)));
        for (Resume resume : resumes) {
            Sequential model = Nets.mlp(8, resume.hidden(), 4, Initializers.he(), 99, resume.dtype());
            Trainer<int[]> trainer = resume.trainer().apply(model).epochs(1).schedule(LearningRateSchedule.constant(0.02));
            // Some state of its own first, so that "unchanged" cannot pass by both sides being fresh.
            trainer.fit(resume.dtype() == DType.F32 ? TRAIN : Blobs.make(600, 8, 4, DType.F64, 1), null);
            Map<String, Tensor> parameters = copies(parameterValues(model));
            Map<String, Tensor> optimizerState = copies(trainer.optimizer().state());
            long steps = trainer.optimizer().steps();
            double rate = trainer.optimizer().learningRate();
            RunConfiguration configuration = trainer.configuration();

            Exception e = assertThrows(Exception.class, () -> trainer.resumeFrom(file), resume.differs());
            assertTrue(e instanceof IllegalArgumentException || e instanceof dev.lanes.nn.io.InvalidModelFileException, e.toString());
            assertTrue(e.getMessage().contains(resume.differs()), e.getMessage());

            assertContentEquals(parameters, parameterValues(model), resume.differs());
            assertContentEquals(optimizerState, trainer.optimizer().state(), resume.differs());
            assertEquals(steps, trainer.optimizer().steps(), resume.differs());
            assertEquals(rate, trainer.optimizer().learningRate(), resume.differs());
            assertEquals(1, trainer.completedEpochs(), resume.differs());
            assertEquals(configuration, trainer.configuration(), resume.differs());
        }
    }

    /** The model's parameter values by name. */
    private static Map<String, Tensor> parameterValues(Sequential model) {
        Map<String, Tensor> values = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> values.put(name, p.value()));
        return values;
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> tensors) {
        Map<String, Tensor> copies = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> copies.put(name, t.copy()));
        return copies;
    }

    private static void assertContentEquals(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((name, t) -> assertTrue(t.contentEquals(actual.get(name)), what + ": " + name + " changed"));
    }

    /** Softmax cross-entropy under another name: a loss the checkpoint's run did not use. */
    private static final class RenamedLoss implements dev.lanes.nn.loss.Loss<int[]> {
        private final SoftmaxCrossEntropy inner;

        RenamedLoss(Sequential model) {
            inner = new SoftmaxCrossEntropy(model);
        }

        @Override
        public dev.lanes.nn.layers.Layer model() {
            return inner.model();
        }

        @Override
        public double forward(Tensor output, int[] target) {
            return inner.forward(output, target);
        }

        @Override
        public Tensor backward() {
            return inner.backward();
        }

        @Override
        public String describe() {
            return "renamed_cross_entropy";
        }
    }

    @Test
    void aTrainerRefusesALossOrOptimiserMadeForAnotherModel() {
        Sequential model = net(Kernels.get()), other = net(Kernels.get());
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> new Trainer<>(model, new SoftmaxCrossEntropy(other), new Sgd(model, 0.1)));
        assertTrue(loss.getMessage().contains("the loss is made for"), loss.getMessage());
        IllegalArgumentException optimizer = assertThrows(IllegalArgumentException.class,
                () -> new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(other, 0.1)));
        assertTrue(optimizer.getMessage().contains("the optimiser is made for"), optimizer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1))
                .regularization(new L2Regularization(other, 1e-3)));
    }

    @Test
    void switchingTheModelsKernelsSwitchesEverythingWorkingOnIt() {
        // Trained on one thread throughout, or switched to two threads mid-run by one call on the model: every part
        // reads the model's kernels, and results are bit-identical whatever the thread count.
        Sequential steady = net(Kernels.get().withThreads(1));
        Sequential switched = net(Kernels.get().withThreads(1));
        Trainer<int[]> a = new Trainer<>(steady, new SoftmaxCrossEntropy(steady), new Sgd(steady, 0.05, 0.9, 1e-4))
                .epochs(2).batchSize(50).shuffleSeed(9).regularization(new L2Regularization(steady, 1e-3));
        Trainer<int[]> b = new Trainer<>(switched, new SoftmaxCrossEntropy(switched), new Sgd(switched, 0.05, 0.9, 1e-4))
                .epochs(2).batchSize(50).shuffleSeed(9).regularization(new L2Regularization(switched, 1e-3));
        a.fit(TRAIN, null);
        b.epochs(1).fit(TRAIN, null);
        Kernels two = Kernels.get().withThreads(2);
        switched.setKernels(two);
        assertTrue(b.model().kernels() == two && b.loss().model().kernels() == two && b.optimizer().model().kernels() == two);
        b.epochs(2).fit(TRAIN, null);
        for (String name : steady.namedParameters().keySet()) {
            assertTrue(steady.namedParameters().get(name).value().contentEquals(switched.namedParameters().get(name).value()), name);
        }
    }

    @Test
    void aNaNLossStopsTrainingNamingEpochAndBatch() {
        Tensor x = TRAIN.inputs().copy();
        int poisoned = 123;
        x.set(Double.NaN, poisoned, 2);
        Dataset<int[]> data = Dataset.classification(x, TRAIN.targets());
        Sequential model = net(Kernels.get());
        Trainer<int[]> trainer = new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1)).epochs(3).batchSize(32).shuffleSeed(4);
        // Where the shuffle of epoch 1 puts the poisoned sample:
        int[] order = new int[x.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SeededRandom.stream(4, 1).shuffle(order);
        int position = 0;
        while (order[position] != poisoned) {
            position++;
        }
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, null));
        assertEquals(1, e.epoch());
        assertEquals(position / 32 + 1, e.batch());
        assertTrue(e.getMessage().contains("epoch 1, batch " + (position / 32 + 1) + " of 19"), e.getMessage());
    }

    @Test
    void labelsOutsideTheModelsClassesAreRefusedBeforeTraining() {
        int[] labels = TRAIN.targets().clone();
        labels[77] = 4;
        Sequential model = net(Kernels.get());
        Tensor before = model.namedParameters().get("0.weight").value().copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1)).fit(Dataset.classification(TRAIN.inputs(), labels), null));
        assertTrue(e.getMessage().contains("training label 77 is 4, but the model has 4 classes"), e.getMessage());
        assertTrue(before.contentEquals(model.namedParameters().get("0.weight").value()));
    }

    @Test
    void listenerSeesEveryBatchAndEpoch() {
        Sequential model = net(Kernels.get());
        List<String> events = new ArrayList<>();
        new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1)).epochs(2).batchSize(256).listener(new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches, double learningRate) {
                events.add("start " + epoch + "/" + epochs + " " + batches);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss) {
                events.add(epoch + ":" + batch + "/" + batches + " " + samples);
            }

            @Override
            public void onEpochEnd(EpochResult result) {
                events.add("end " + result.epoch());
            }
        }).fit(TRAIN, null);
        assertEquals(List.of("start 1/2 3", "1:1/3 256", "1:2/3 512", "1:3/3 600", "end 1",
                "start 2/2 3", "2:1/3 256", "2:2/3 512", "2:3/3 600", "end 2"), events);
    }
}
