package dev.lanes.cli.train;

import dev.lanes.cli.data.Examples;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;

/**
 * One epoch of mini-batch training: shuffle, then for each batch zero the gradients, forward, loss, backward,
 * step — PyTorch's loop. The shuffle of epoch {@code e} depends only on the seed and {@code e}, so a run
 * resumed at epoch {@code e} sees the same batches as one that never stopped.
 */
public final class EpochLoop {

    /** Told how far an epoch has got, after each batch. */
    @FunctionalInterface
    public interface Progress {
        void batchDone(long samplesDone, double runningLoss);
    }

    /** What one epoch measured: running means over its batches, and its wall time. */
    public record Result(double loss, double accuracy, long samples, double seconds) {
        public double samplesPerSecond() {
            return seconds > 0 ? samples / seconds : 0;
        }
    }

    private final Layer model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final int batchSize;
    private final long seed;
    private final SoftmaxCrossEntropy loss;
    private final TensorKernels ops;

    public EpochLoop(Layer model, Optimizer optimizer, LearningRateSchedule schedule, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.seed = seed;
        this.loss = new SoftmaxCrossEntropy(model.kernels());
        this.ops = new TensorKernels(model.kernels());
    }

    /** The learning rate epoch {@code epoch} (from 0) trains with. */
    public double learningRate(int epoch) {
        return schedule.rate(epoch);
    }

    /** Trains one epoch (counted from 0) on {@code train}. */
    public Result run(int epoch, Examples train, Progress progress) {
        long start = System.nanoTime();
        model.train();
        optimizer.setLearningRate(schedule.rate(epoch));
        int n = train.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SeededRandom.stream(seed, epoch + 1L).shuffle(order);
        Batches batches = new Batches(train, batchSize);
        int[] predicted = new int[batchSize];
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(from + batchSize, n);
            Tensor inputs = batches.inputs(order, from, to);
            int[] labels = batches.labels(order, from, to);
            optimizer.zeroGrad();
            Tensor logits = model.forward(inputs);
            double batchLoss = loss.forward(logits, labels);
            if (!Double.isFinite(batchLoss)) {
                throw new IllegalStateException("training diverged at epoch " + (epoch + 1) + ": loss is " + batchLoss
                        + " (try a smaller --lr)");
            }
            ops.argmaxRows(logits, predicted);
            for (int i = 0; i < labels.length; i++) {
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
            model.backward(loss.backward());
            optimizer.step();
            lossSum += batchLoss * (to - from);
            progress.batchDone(to, lossSum / to);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : correct / (double) n, n, seconds);
    }
}
