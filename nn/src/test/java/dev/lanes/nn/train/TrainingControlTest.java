package dev.lanes.nn.train;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.AdamW;
import dev.lanes.nn.optim.Adagrad;
import dev.lanes.nn.optim.GradientClipping;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.ReduceLrOnPlateau;
import dev.lanes.nn.optim.RmsProp;
import dev.lanes.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules, clipping and early stopping inside {@link Trainer}: applied when they should be, and resumed exactly. */
class TrainingControlTest {

    private static final Dataset TRAIN = Blobs.make(300, 8, 4, DType.F32, 1);
    private static final Dataset VALIDATION = Blobs.make(100, 8, 4, DType.F32, 2);
    /** The validation blobs with every label moved to the next class: the better the model, the worse its loss here. */
    private static final Dataset MISLABELED = relabeled(VALIDATION);

    private static Dataset relabeled(Dataset data) {
        int[] labels = data.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (labels[i] + 1) % 4;
        }
        return new Dataset(data.inputs(), labels);
    }

    private static Sequential net(long seed) {
        Sequential model = Nets.mlp(8, List.of(16), 4, Initializers.pytorchDefault(), seed, DType.F32);
        model.setKernels(Kernels.get());
        return model;
    }

    /**
     * A run with one combination of controls; {@code validation} is what the run is validated on, and
     * {@code acted} tells from the uninterrupted run's history that the control did something in the epochs
     * after the split (else resuming it would prove nothing).
     */
    private record Setup(String name, Function<Sequential, Trainer> trainer, Dataset validation,
                         java.util.function.Predicate<List<EpochResult>> acted) {
    }

    private static Trainer base(Sequential m, dev.lanes.nn.optim.Optimizer optimizer) {
        return new Trainer(m, new SoftmaxCrossEntropy(m), optimizer).epochs(6).batchSize(32).shuffleSeed(4);
    }

    private static final List<Setup> SETUPS = List.of(
            new Setup("AdamW, one-cycle per batch with beta1 cycled, clipped by norm",
                    m -> base(m, new AdamW(m, 0.01)).schedule(LearningRateSchedule.oneCycle(0.05, 6))
                            .clipGradients(GradientClipping.byNorm(0.5)), VALIDATION,
                    h -> h.get(2).learningRate() > h.get(5).learningRate()),
            new Setup("centred RMSprop with momentum, plateau on validation loss, clipped by value",
                    m -> base(m, new RmsProp(m, 0.01, 0.9, 1e-8, 1e-4, 0.5, true))
                            .reduceLrOnPlateau(new ReduceLrOnPlateau(0.01).withReduction(0.5, 0), Monitor.VALIDATION_LOSS)
                            .clipGradients(GradientClipping.byValue(0.1)), MISLABELED,
                    h -> h.get(5).learningRate() < h.get(2).learningRate()),
            new Setup("Adagrad, exponential after warm-up",
                    m -> base(m, new Adagrad(m, 0.1, 0.01, 1e-4, 0.1, 1e-10))
                            .schedule(LearningRateSchedule.exponential(0.1, 0.8).withLinearWarmup(2, 0.25)), VALIDATION,
                    h -> h.get(0).learningRate() == 0.025 && h.get(3).learningRate() == 0.1 * 0.8 * 0.8 * 0.8),
            new Setup("Nesterov SGD with biases decayed, early stopping restoring the best epoch",
                    m -> base(m, new Sgd(m, 0.1, 0.9, 1e-3, true).decayBiases(true))
                            .earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 2, 0, true)), MISLABELED,
                    h -> h.size() > 2 && h.size() < 6));

    @Test
    void resumingWithEveryControlEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        for (Setup setup : SETUPS) {
            Sequential straight = net(7);
            Trainer uninterrupted = setup.trainer().apply(straight);
            List<EpochResult> all = uninterrupted.fit(TRAIN, setup.validation());
            assertTrue(setup.acted().test(all), setup.name() + ": the control did not act after epoch 2: " + all);

            Path file = dir.resolve(all.size() + "-" + SETUPS.indexOf(setup) + ".safetensors");
            Sequential first = net(7);
            Trainer firstHalf = setup.trainer().apply(first).checkpointTo(file);
            firstHalf.epochs(2).fit(TRAIN, setup.validation());

            Sequential resumed = net(99);
            Trainer second = setup.trainer().apply(resumed).resumeFrom(file);
            List<EpochResult> rest = second.fit(TRAIN, setup.validation());
            assertEquals(all.size() - 2, rest.size(), setup.name());
            for (int i = 0; i < rest.size(); i++) {
                EpochResult a = all.get(i + 2), b = rest.get(i);
                assertEquals(a.learningRate(), b.learningRate(), setup.name() + ", epoch " + a.epoch());
                assertEquals(a.trainLoss(), b.trainLoss(), setup.name() + ", epoch " + a.epoch());
                assertEquals(a.validationLoss(), b.validationLoss(), setup.name() + ", epoch " + a.epoch());
            }
            assertEquals(uninterrupted.stoppedEarly(), second.stoppedEarly(), setup.name());
            assertEquals(uninterrupted.optimizer().learningRate(), second.optimizer().learningRate(), setup.name());
            for (String name : straight.namedParameters().keySet()) {
                assertTrue(straight.namedParameters().get(name).value().contentEquals(resumed.namedParameters().get(name).value()),
                        setup.name() + ": " + name);
            }
        }
    }

    @Test
    void thePlateauScheduleReducesTheRateWhenTheMonitoredLossStalls() {
        Sequential model = net(7);
        List<EpochResult> history = base(model, new Sgd(model, 0.05))
                .reduceLrOnPlateau(new ReduceLrOnPlateau(0.05).withReduction(0.5, 0), Monitor.VALIDATION_LOSS)
                .fit(TRAIN, MISLABELED);
        // Patience 0: every epoch whose loss on the mislabelled data does not fall halves the next one's rate.
        for (int i = 1; i < history.size(); i++) {
            EpochResult before = history.get(i - 1);
            boolean improved = before.validationLoss() < (i == 1 ? Double.POSITIVE_INFINITY : best(history, i - 1)) * (1 - 1e-4);
            assertEquals(improved ? before.learningRate() : before.learningRate() / 2, history.get(i).learningRate(),
                    "epoch " + history.get(i).epoch() + " after " + history);
        }
        assertTrue(history.get(history.size() - 1).learningRate() < 0.05, history.toString());
    }

    /** The lowest validation loss of the epochs before index {@code end}. */
    private static double best(List<EpochResult> history, int end) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < end; i++) {
            best = Math.min(best, history.get(i).validationLoss());
        }
        return best;
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() {
        Sequential model = net(7);
        Map<Integer, Map<String, Tensor>> byEpoch = new LinkedHashMap<>();
        Trainer trainer = base(model, new Sgd(model, 0.1, 0.9, 0)).epochs(20)
                .earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 3, 0, true))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult result) {
                        Map<String, Tensor> copies = new LinkedHashMap<>();
                        model.namedParameters().forEach((name, p) -> copies.put(name, p.value().copy()));
                        byEpoch.put(result.epoch(), copies);
                    }
                });
        List<EpochResult> history = trainer.fit(TRAIN, MISLABELED);
        int best = 1;
        for (EpochResult r : history) {
            best = r.validationLoss() < history.get(best - 1).validationLoss() ? r.epoch() : best;
        }
        assertTrue(trainer.stoppedEarly(), history.toString());
        assertEquals(best + 3, history.size(), "stops 3 epochs after the best: " + history);
        assertTrue(best < history.size(), "the best epoch is not the last, so the restore is visible");
        Map<String, Tensor> expected = byEpoch.get(best);
        model.namedParameters().forEach((name, p) -> assertTrue(expected.get(name).contentEquals(p.value()), name));
    }

    @Test
    void earlyStoppingWritesTheBestParametersBesideTheCheckpoint(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.safetensors");
        Sequential model = net(7);
        base(model, new Sgd(model, 0.1)).epochs(2).earlyStopping(new EarlyStopping(Monitor.VALIDATION_ACCURACY, 5, 0, true))
                .checkpointTo(checkpoint).fit(TRAIN, VALIDATION);
        Path best = Trainer.bestParametersFile(checkpoint);
        assertEquals(dir.resolve("run-best.safetensors"), best);
        assertTrue(Files.isRegularFile(best));
        assertEquals(dev.lanes.nn.io.Architecture.describe(model),
                dev.lanes.nn.io.Architecture.describe(dev.lanes.nn.io.ModelFile.load(best)));
    }

    @Test
    void clippingActsBetweenBackwardAndTheStep() {
        for (GradientClipping clipping : List.of(GradientClipping.byNorm(1e-3), GradientClipping.byValue(1e-4))) {
            Sequential model = net(7);
            List<Tensor> before = new ArrayList<>();
            model.namedParameters().values().forEach(p -> before.add(p.value().copy()));
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropy(model), new Sgd(model, 1)).clipGradients(clipping);
            trainer.trainStep(TRAIN.inputs().firstRows(32), java.util.Arrays.copyOf(TRAIN.labels(), 32));
            double squares = 0, largest = 0, largestParameter = 0;
            int k = 0, count = 0;
            for (Parameter p : model.namedParameters().values()) {
                for (int i = 0; i < p.value().size(); i++) {
                    double change = p.value().getFlat(i) - before.get(k).getFlat(i);
                    squares += change * change;
                    largest = Math.max(largest, Math.abs(change));
                    largestParameter = Math.max(largestParameter, Math.abs(before.get(k).getFlat(i)));
                    count++;
                }
                k++;
            }
            // With lr 1 the step is the clipped gradient itself, but the float32 subtraction p − g rounds: each
            // change is off by up to u·|p| (u = 2⁻²⁴), the norm of the changes by √count times that.
            double rounding = 0x1p-24 * largestParameter;
            if (clipping.describe().startsWith("clip_grad_norm")) {
                assertTrue(Math.sqrt(squares) <= 1e-3 + Math.sqrt(count) * rounding, "step norm " + Math.sqrt(squares));
            } else {
                assertTrue(largest <= 1e-4 + rounding, "largest step " + largest);
            }
            assertTrue(largest > 0, "the step still moves");
        }
    }

    @Test
    void controlsThatCannotWorkAreRefusedBeforeTheFirstEpoch() {
        Map<String, Function<Sequential, Trainer>> refused = new LinkedHashMap<>();
        refused.put("cycles the momentum", m -> base(m, new Adagrad(m, 0.1)).schedule(LearningRateSchedule.oneCycle(0.1, 6)));
        refused.put("outside its", m -> base(m, new AdamW(m, 0.01)).schedule(LearningRateSchedule.oneCycle(0.1, 5)));
        refused.put("no validation data", m -> base(m, new Sgd(m, 0.1)).earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 2, 0, false)));
        refused.put("VALIDATION_ACCURACY is monitored", m -> base(m, new Sgd(m, 0.1))
                .schedule(new ReduceLrOnPlateau(0.1).withMode(ReduceLrOnPlateau.Mode.MAX)));
        refused.forEach((message, make) -> {
            Sequential model = net(7);
            Tensor weight = model.namedParameters().get("0.weight").value().copy();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.apply(model).fit(TRAIN, null));
            assertTrue(e.getMessage().contains(message), e.getMessage());
            assertTrue(weight.contentEquals(model.namedParameters().get("0.weight").value()), message + ": nothing trained");
        });
        Sequential model = net(7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base(model, new Sgd(model, 0.1))
                .reduceLrOnPlateau(new ReduceLrOnPlateau(0.1), Monitor.VALIDATION_ACCURACY));
        assertTrue(e.getMessage().contains("MIN") && e.getMessage().contains("VALIDATION_ACCURACY"), e.getMessage());
    }

    @Test
    void aResumeWithOtherControlsIsRefusedNamingThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.safetensors");
        Sequential written = net(7);
        base(written, new Sgd(written, 0.1)).epochs(1).clipGradients(GradientClipping.byNorm(1)).checkpointTo(file).fit(TRAIN, VALIDATION);
        Map<String, Function<Sequential, Trainer>> others = Map.of(
                "trainer.gradientClipping: checkpoint clip_grad_norm(max_norm=1.0), trainer (not set)",
                m -> base(m, new Sgd(m, 0.1)),
                "trainer.gradientClipping: checkpoint clip_grad_norm(max_norm=1.0), trainer clip_grad_value(clip_value=1.0)",
                m -> base(m, new Sgd(m, 0.1)).clipGradients(GradientClipping.byValue(1)),
                "trainer.earlyStopping: checkpoint (not set), trainer early_stopping(",
                m -> base(m, new Sgd(m, 0.1)).clipGradients(GradientClipping.byNorm(1))
                        .earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 2, 0, true)),
                "optimizer: checkpoint sgd(momentum=0.0, weight_decay=0.0), trainer sgd(momentum=0.0, weight_decay=0.0, decay_biases=true)",
                m -> base(m, new Sgd(m, 0.1).decayBiases(true)).clipGradients(GradientClipping.byNorm(1)));
        others.forEach((message, make) -> {
            Trainer trainer = make.apply(net(8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.resumeFrom(file));
            assertTrue(e.getMessage().contains(message), e.getMessage());
            assertEquals(0, trainer.completedEpochs());
        });
    }

    /** The README's training-control example, on the blobs (same calls, smaller numbers). */
    @Test
    void theReadmeExampleRuns(@TempDir Path dir) {
        Sequential model = net(7);
        dev.lanes.nn.optim.Optimizer adamW = new AdamW(model, 1e-3).decayBiases(true);
        Trainer trainer = new Trainer(model, new SoftmaxCrossEntropy(model), adamW)
                .epochs(4).batchSize(32)
                .schedule(LearningRateSchedule.oneCycle(3e-3, 4))
                .clipGradients(GradientClipping.byNorm(1.0))
                .earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 3, 0, true))
                .checkpointTo(dir.resolve("run.safetensors"));
        List<EpochResult> history = trainer.fit(TRAIN, VALIDATION);
        assertEquals(4, history.size());
        assertTrue(!trainer.stoppedEarly() && history.get(3).validationLoss() < history.get(0).validationLoss(), history.toString());
    }

    /** A checkpoint whose control state is broken, or whose best parameters are missing, is refused before anything changes. */
    @Test
    void aBrokenControlStateIsRefusedAndChangesNothing(@TempDir Path dir) throws Exception {
        Function<Sequential, Trainer> run = m -> base(m, new Sgd(m, 0.1, 0.9, 0))
                .reduceLrOnPlateau(new ReduceLrOnPlateau(0.1), Monitor.VALIDATION_LOSS)
                .earlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 5, 0, true));
        Path file = dir.resolve("run.safetensors");
        run.apply(net(7)).epochs(2).checkpointTo(file).fit(TRAIN, VALIDATION);
        dev.lanes.nn.io.SafeTensors.Contents contents = dev.lanes.nn.io.SafeTensors.read(file);

        Map<String, java.util.function.Consumer<Map<String, String>>> breakages = new LinkedHashMap<>();
        breakages.put("lanes.trainer.plateau.rate", m -> m.put("lanes.trainer.plateau.rate", "-1"));
        breakages.put("lanes.trainer.early_stopping.best_epoch", m -> m.remove("lanes.trainer.early_stopping.best_epoch"));
        for (Map.Entry<String, java.util.function.Consumer<Map<String, String>>> breakage : breakages.entrySet()) {
            Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
            breakage.getValue().accept(metadata);
            Path broken = dir.resolve("broken.safetensors");
            dev.lanes.nn.io.SafeTensors.write(broken, contents.tensors(), metadata);
            Files.copy(Trainer.bestParametersFile(file), Trainer.bestParametersFile(broken), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertRefusedUnchanged(run, broken, "training-control state");
        }
        Files.delete(Trainer.bestParametersFile(file));
        assertRefusedUnchanged(run, file, "run-best.safetensors");
    }

    private static void assertRefusedUnchanged(Function<Sequential, Trainer> run, Path checkpoint, String message) {
        Sequential model = net(8);
        Trainer trainer = run.apply(model);
        Tensor weight = model.namedParameters().get("0.weight").value().copy();
        Exception e = assertThrows(java.io.IOException.class, () -> trainer.resumeFrom(checkpoint));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(weight.contentEquals(model.namedParameters().get("0.weight").value()), message + ": model unchanged");
        assertEquals(0, trainer.completedEpochs());
        assertEquals(0, trainer.optimizer().steps());
    }
}
