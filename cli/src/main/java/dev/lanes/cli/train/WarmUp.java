package dev.lanes.cli.train;

import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.train.Trainer;

import dev.lanes.nn.Tensor;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
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

    /** A throwaway network and its optimiser, for {@link #startInBackground}. */
    public record Setup(Sequential throwaway, Optimizer optimizer) {
    }

    /**
     * A warm-up on its own thread, started before the data are read so that the JIT compiles the kernels while the
     * main thread decompresses and converts the images (about a second for Fashion-MNIST; until then the second core
     * does little). It trains on a synthetic batch of the real shape: the compiled code depends on the shapes and
     * code paths, not on the values. The setup is built on that thread, so a bad option is reported by the main
     * thread when it builds the real network, not here: a failed background warm-up only gives {@link Optional#empty()}.
     */
    public static final class Background {
        private final Thread thread;
        private volatile Result result;

        private Background(Supplier<Setup> setup, int features, int classes, int batchSize, Duration budget) {
            thread = new Thread(() -> {
                try {
                    Setup s = setup.get();
                    result = run(s.throwaway(), s.optimizer(), synthetic(batchSize, features, classes), batchSize, budget);
                } catch (RuntimeException e) {
                    // Reported by the main thread, which builds the same network and optimiser.
                }
            }, "lanes-warm-up");
            thread.setDaemon(true);
        }

        /** Waits for the warm-up to end (it stops at its budget) and returns what it did, or empty if it failed. */
        public Optional<Result> await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(result);
        }
    }

    /**
     * Starts a warm-up on a background thread (see {@link Background}); the caller must {@link Background#await()}
     * it before training, so that the kernels' thread pool has one user at a time.
     *
     * @param setup builds the throwaway network (on the real kernels) and a fresh optimiser of the real kind
     * @param features the inputs per sample the real data are expected to have
     */
    public static Background startInBackground(Supplier<Setup> setup, int features, int classes, int batchSize, Duration budget) {
        Background background = new Background(setup, features, classes, batchSize, budget);
        background.thread.start();
        return background;
    }

    /** One batch of inputs in [0, 1) (a fixed pattern) and labels cycling through the classes. */
    static Dataset<int[]> synthetic(int batchSize, int features, int classes) {
        float[] inputs = new float[batchSize * features];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (i * 37 % 256) / 256f;
        }
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = i % classes;
        }
        return Dataset.classification(Tensor.of(inputs, batchSize, features), labels);
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
