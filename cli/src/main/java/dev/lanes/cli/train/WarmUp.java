package dev.lanes.cli.train;

import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.train.Trainer;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Gets the training step compiled before training starts. A fresh JVM runs the Vector API kernels in the
 * interpreter and C1, hundreds of times slower than C2's code, until C2 has compiled them; the first thousands of
 * samples of a run would crawl. So a throwaway network built like the real one (same layers, kernels and
 * optimiser) trains on the real batch shape, on the first batch of the data, until its steps are as fast as they
 * get (three in a row within {@value #SETTLED} of the fastest) or the time budget is spent. The real network,
 * optimiser and data order are not touched: a run is bit for bit the same with or without a warm-up.
 */
public final class WarmUp {

    /** A step counts as settled within this factor of the fastest step seen. */
    static final double SETTLED = 1.25;
    static final int SETTLED_STEPS = 3;

    /** What the warm-up did. */
    public record Result(int steps, long nanos, double lastStepSamplesPerSecond) {
    }

    private WarmUp() {
    }

    /**
     * @param throwaway a network built like the real one, on the same kernels; it is trained and should be dropped
     * @param optimizer a fresh optimiser of the real one's kind, on {@code throwaway}
     * @param data the training data; its first {@code batchSize} samples (or all, if fewer) are the batch
     * @param batchSize the real run's batch size
     * @param budget the most time to spend
     */
    public static Result run(Sequential throwaway, Optimizer optimizer, Dataset<int[]> data, int batchSize, Duration budget) {
        Dataset<int[]> batch = data.select(IntStream.range(0, Math.min(batchSize, data.size())).toArray());
        Trainer<int[]> trainer = new Trainer<>(throwaway, new SoftmaxCrossEntropy(throwaway), optimizer);
        long start = System.nanoTime(), deadline = start + budget.toNanos();
        long fastest = Long.MAX_VALUE;
        long[] recent = new long[SETTLED_STEPS];
        Arrays.fill(recent, Long.MAX_VALUE);
        int steps = 0;
        long now = start;
        do {
            long before = now;
            trainer.trainStep(batch.inputs(), batch.targets());
            now = System.nanoTime();
            long step = now - before;
            recent[steps % SETTLED_STEPS] = step;
            fastest = Math.min(fastest, step);
            steps++;
        } while (now < deadline && !settled(recent, fastest));
        long last = recent[(steps - 1) % SETTLED_STEPS];
        return new Result(steps, now - start, batch.size() * 1e9 / last);
    }

    private static boolean settled(long[] recent, long fastest) {
        for (long step : recent) {
            if (step > SETTLED * fastest) {
                return false;
            }
        }
        return true;
    }
}
