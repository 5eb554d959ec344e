package dev.lanes.nn.train;

import dev.lanes.nn.data.Batch;
import dev.lanes.nn.data.DataLoader;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.data.RandomShift;
import dev.lanes.nn.data.Standardizer;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.loss.L2Regularization;
import dev.lanes.nn.loss.BCEWithLogitsLoss;
import dev.lanes.nn.loss.CrossEntropyLoss;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adagrad;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.AdamW;
import dev.lanes.nn.optim.GradientClipping;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.RmsProp;
import dev.lanes.nn.optim.Sgd;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The workloads of {@link SteadyStateAllocationTest}, run in the fresh {@code -Xbatch} JVM that test starts:
 * each case warms up, then prints its name and the bytes its measured steps allocated beyond what the
 * measurement itself costs, one {@code name<TAB>bytes} line per case.
 */
public final class SteadyStateProbe {

    /** Batch rows; the short batch is an epoch's last one. */
    static final int BATCH = 32, SHORT_BATCH = 19;
    static final int INPUTS = 20, CLASSES = 10;
    /** Under -Xbatch every compilation finishes before the call goes on, so this many steps reach C2 (as the 12,000). */
    static final int WARM_UP_STEPS = 12_000;
    static final int MEASURED_STEPS = 2_000;

    private SteadyStateProbe() {
    }

    /** Net shapes: every layer type, the Linear→ReLU pair fused and not. Widths off the vector lengths, so tails run. */
    // NORMALIZED: batch normalisation, dropout (in training mode for steps, evaluation mode for inference), a Linear without bias, layer normalisation.
    enum Net {
        RELU_FUSED(dtype -> new Sequential(List.of(linear(INPUTS, 37, dtype, 1), new ReLU(), linear(37, 13, dtype, 2),
                new ReLU(), linear(13, CLASSES, dtype, 3)), true)),
        RELU_UNFUSED(dtype -> new Sequential(List.of(linear(INPUTS, 37, dtype, 1), new ReLU(), linear(37, 13, dtype, 2),
                new ReLU(), linear(13, CLASSES, dtype, 3)), false)),
        SIGMOID(dtype -> new Sequential(List.of(linear(INPUTS, 37, dtype, 1), new Sigmoid(), linear(37, CLASSES, dtype, 2)), true)),
        NORMALIZED(dtype -> new Sequential(List.of(linear(INPUTS, 37, dtype, 1), new BatchNorm1d(37, 1e-5, 0.1, true, dtype),
                new ReLU(), new Dropout(0.3), new Linear(37, 13, false, dtype).initialize(Initializers.pytorchDefault(), new SeededRandom(2)),
                new LayerNorm(13, 1e-5, true, dtype), new ReLU(), linear(13, CLASSES, dtype, 3)), true));

        final Function<DType, Sequential> build;

        Net(Function<DType, Sequential> build) {
            this.build = build;
        }
    }

    /** Optimisers, each with the gradient clipping its training step runs (none for the first two). */
    enum Opt {
        SGD_MOMENTUM_DECAY(m -> new Sgd(m, 0.01, 0.9, 1e-4), null),
        ADAM(m -> new Adam(m, 1e-3, 0.9, 0.999, 1e-8, 1e-4), null),
        SGD_NESTEROV_CLIP_NORM(m -> new Sgd(m, 0.01, 0.9, 1e-4, true).decayBiases(true), GradientClipping.byNorm(1)),
        ADAMW_CLIP_VALUE(m -> new AdamW(m, 1e-3), GradientClipping.byValue(0.5)),
        RMSPROP_CENTRED_MOMENTUM(m -> new RmsProp(m, 1e-3, 0.99, 1e-8, 1e-4, 0.9, true), null),
        ADAGRAD(m -> new Adagrad(m, 1e-2, 1e-3, 1e-4, 0.1, 1e-10), null);

        final Function<Layer, Optimizer> build;
        final GradientClipping clipping;

        Opt(Function<Layer, Optimizer> build, GradientClipping clipping) {
            this.build = build;
            this.clipping = clipping;
        }

        /**
         * The first two run on every net in both dtypes; the others only on one float32 net: their kernels' own
         * allocation is measured per precision by the kernels' ZeroAllocationTest, and what this adds, the
         * optimiser's and the clipping's glue, is the same code for both dtypes and every net.
         */
        boolean runsOn(Net net, DType dtype) {
            return ordinal() < 2 || net == Net.RELU_FUSED && dtype == DType.F32;
        }
    }

    /**
     * What a case repeats: a full-batch step, full and short batches alternating, an inference forward, or a
     * {@link Predictor#evaluate} of several chunks (a short last one too) beyond one of a single chunk: what
     * evaluating allocates per chunk (a call's own result and closure are the same for both and cancel); or an
     * epoch as the trainer runs it (a shuffled, standardised {@link DataLoader}, a step per batch) of several
     * batches, a short last one too, beyond an epoch of one batch: what an epoch allocates per batch.
     */
    enum Workload {
        TRAIN_STEP, ALTERNATING_BATCHES, INFERENCE, EVALUATE_PER_CHUNK, EPOCH_PER_BATCH,
        /** A step on cross-entropy with class weights and label smoothing, and one on multi-label BCE with pos_weight. */
        WEIGHTED_SMOOTHED_STEP, MULTI_LABEL_STEP
    }

    /** The repeated work, and work whose allocation is subtracted from it (none if null). */
    private record Measured(Runnable step, Runnable baseline) {
    }

    record Case(Workload workload, DType dtype, Net net, Opt opt) {
        String name() {
            return workload + " " + dtype + " " + net + (opt == null ? "" : " " + opt);
        }
    }

    /** Every case, both dtypes in one JVM (a float64 net after float32 ones once allocated 48 KB per step). */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (Net net : Net.values()) {
                for (Opt opt : Opt.values()) {
                    if (opt.runsOn(net, dtype)) {
                        cases.add(new Case(Workload.TRAIN_STEP, dtype, net, opt));
                    }
                }
                cases.add(new Case(Workload.ALTERNATING_BATCHES, dtype, net, Opt.SGD_MOMENTUM_DECAY));
                cases.add(new Case(Workload.INFERENCE, dtype, net, null));
                cases.add(new Case(Workload.EVALUATE_PER_CHUNK, dtype, net, null));
            }
            cases.add(new Case(Workload.EPOCH_PER_BATCH, dtype, Net.RELU_FUSED, Opt.ADAM));
            cases.add(new Case(Workload.WEIGHTED_SMOOTHED_STEP, dtype, Net.RELU_FUSED, Opt.ADAM));
            cases.add(new Case(Workload.MULTI_LABEL_STEP, dtype, Net.RELU_FUSED, Opt.ADAM));
        }
        return cases;
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Case c : cases()) {
            Measured work = workload(c);
            long allocated = measure(threads, work.step);
            if (work.baseline != null) {
                allocated -= measure(threads, work.baseline);
            }
            System.out.println(c.name() + "\t" + allocated);
        }
    }

    /** Bytes allocated by {@link #MEASURED_STEPS} runs of {@code step} after warm-up, beyond the measurement's own. */
    private static long measure(com.sun.management.ThreadMXBean threads, Runnable step) {
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            step.run();
        }
        long cost = measurementCost(threads);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_STEPS; i++) {
            step.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before - cost;
    }

    /** The bytes a pair of readings with nothing between them counts (the smallest of a few, to skip a first call). */
    private static long measurementCost(com.sun.management.ThreadMXBean threads) {
        long cost = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            cost = Math.min(cost, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return cost;
    }

    private static Measured workload(Case c) {
        Sequential model = c.net.build.apply(c.dtype);
        model.setKernels(Kernels.get().withThreads(1));
        Tensor full = inputs(c.dtype, BATCH, 11);
        int[] fullLabels = labels(BATCH);
        switch (c.workload) {
            case INFERENCE -> {
                model.eval();
                return new Measured(() -> model.forward(full), null);
            }
            case EVALUATE_PER_CHUNK -> {
                Predictor predictor = new Predictor(model, BATCH);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(model);
                DataLoader<int[]> oneChunk = new DataLoader<>(Dataset.classification(full, fullLabels), BATCH);
                DataLoader<int[]> chunks = new DataLoader<>(Dataset.classification(
                        inputs(c.dtype, 3 * BATCH + SHORT_BATCH, 13), labels(3 * BATCH + SHORT_BATCH)), BATCH);
                return new Measured(() -> predictor.evaluate(chunks, loss), () -> predictor.evaluate(oneChunk, loss));
            }
            case EPOCH_PER_BATCH -> {
                Trainer<int[]> trainer = trainer(model, c.opt);
                Dataset<int[]> many = Dataset.classification(inputs(c.dtype, 3 * BATCH + SHORT_BATCH, 14), labels(3 * BATCH + SHORT_BATCH));
                Dataset<int[]> one = Dataset.classification(full, fullLabels);
                // Images of 4×5 = INPUTS pixels, shifted and mirrored: augmentation allocates nothing per batch either.
                Runnable manyBatches = epochs(trainer, new DataLoader<>(many, BATCH).shuffle(1).transform(Standardizer.fit(many))
                        .augment(new RandomShift(4, 5, 1, true, 0, 3)));
                Runnable oneBatch = epochs(trainer, new DataLoader<>(one, BATCH).shuffle(1).transform(Standardizer.fit(one))
                        .augment(new RandomShift(4, 5, 1, true, 0, 3)));
                return new Measured(manyBatches, oneBatch);
            }
            case TRAIN_STEP -> {
                Trainer<int[]> trainer = trainer(model, c.opt);
                return new Measured(() -> trainer.trainStep(full, fullLabels), null);
            }
            case ALTERNATING_BATCHES -> {
                Trainer<int[]> trainer = trainer(model, c.opt);
                Tensor last = inputs(c.dtype, SHORT_BATCH, 12);
                int[] lastLabels = labels(SHORT_BATCH);
                return new Measured(() -> {
                    trainer.trainStep(full, fullLabels);
                    trainer.trainStep(last, lastLabels);
                }, null);
            }
            case WEIGHTED_SMOOTHED_STEP -> {
                double[] weights = new double[CLASSES];
                for (int j = 0; j < CLASSES; j++) {
                    weights[j] = 0.5 + j * 0.25;
                }
                Trainer<int[]> trainer = new Trainer<>(model, new CrossEntropyLoss(model, weights, 0.1), c.opt.build.apply(model));
                return new Measured(() -> trainer.trainStep(full, fullLabels), null);
            }
            case MULTI_LABEL_STEP -> {
                Tensor targets = Tensor.zeros(c.dtype, BATCH, CLASSES);
                for (int i = 0; i < targets.size(); i++) {
                    targets.setFlat(i, (i * 5) % 3 == 0 ? 1 : 0);
                }
                double[] posWeight = new double[CLASSES];
                java.util.Arrays.fill(posWeight, 2);
                Trainer<Tensor> trainer = new Trainer<>(model, new BCEWithLogitsLoss(model, posWeight), c.opt.build.apply(model));
                return new Measured(() -> trainer.trainStep(full, targets), null);
            }
            default -> throw new AssertionError(c.workload);
        }
    }

    /** Each run trains the loader's next epoch, a step per batch, as {@link Trainer#fit} does. */
    private static Runnable epochs(Trainer<int[]> trainer, DataLoader<int[]> loader) {
        long[] epoch = {0};
        return () -> {
            for (Batch<int[]> batch : loader.epoch(++epoch[0])) {
                trainer.trainStep(batch.inputs(), batch.targets());
            }
        };
    }

    private static Trainer<int[]> trainer(Sequential model, Opt opt) {
        return new Trainer<>(model, new SoftmaxCrossEntropy(model), opt.build.apply(model))
                .regularization(new L2Regularization(model, 1e-4)).clipGradients(opt.clipping);
    }

    private static Linear linear(int in, int out, DType dtype, long seed) {
        return new Linear(in, out, dtype).initialize(Initializers.pytorchDefault(), new SeededRandom(seed));
    }

    private static Tensor inputs(DType dtype, int rows, long seed) {
        SeededRandom random = new SeededRandom(seed);
        Tensor x = Tensor.zeros(dtype, rows, INPUTS);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        return x;
    }

    private static int[] labels(int rows) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (i * 7) % CLASSES;
        }
        return labels;
    }
}
