package dev.lanes.spark;

import dev.lanes.nn.SeededRandom;

import java.util.stream.IntStream;

/**
 * The order of the rows in each epoch, the same on every replica and in a single-process run: epoch e visits
 * the global row indices in a permutation drawn from stream e of the seed, cut into consecutive global batches.
 */
final class GlobalBatches {

    private GlobalBatches() {
    }

    /**
     * The row order of epoch {@code epoch} (0-based).
     *
     * @param rows the number of rows
     * @param seed the run's seed
     * @param epoch the epoch
     * @return a permutation of 0 … rows − 1
     */
    static int[] order(int rows, long seed, int epoch) {
        int[] order = IntStream.range(0, rows).toArray();
        SeededRandom.stream(seed, 1_000_000L + epoch).shuffle(order);
        return order;
    }

    /** The number of global batches per epoch (the last may be short). */
    static int count(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }
}
