package dev.lanes.nn.data;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a {@link Dataset} into batches, as PyTorch's {@code DataLoader}: in order, or shuffled afresh each epoch
 * from a seed; the last, short batch kept or dropped ({@code drop_last}); an {@link Augmentation} (training data)
 * and a {@link BatchTransform} applied to each batch's inputs. Each batch's rows are copied into storage reused from batch to batch, so once an
 * epoch has seen its full and its short batch, the next epochs allocate nothing per batch.
 *
 * <p>Reproducible: the order of epoch e depends only on the seed and e ({@code SeededRandom.stream(seed, e)}),
 * not on the epochs served before, so a run resumed at epoch e sees the batches an uninterrupted one would.
 *
 * <pre>{@code
 * DataLoader<int[]> loader = new DataLoader<>(train, 64).shuffle(1).dropLast(true);
 * for (int epoch = 1; epoch <= 10; epoch++) {
 *     for (Batch<int[]> batch : loader.epoch(epoch)) {
 *         trainer.trainStep(batch.inputs(), batch.targets());
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one loader serves one epoch at a time, and a batch is valid until the next one.
 *
 * @param <T> the targets' type, as the data set's
 */
public final class DataLoader<T> {

    private final Dataset<T> data;
    private final int batchSize;
    private final Tensor rows;
    private final int[] order;
    private final Targets.Gatherer<T> targets;
    private final Buffer inputs = new Buffer();
    private final Batch<T> batch = new Batch<>();
    private boolean shuffle;
    private long seed;
    private boolean dropLast;
    private BatchTransform transform;
    private Augmentation augmentation;

    /**
     * A loader serving {@code data} in order, in batches of {@code batchSize}, the last one possibly shorter.
     *
     * @param data the data set, not copied
     * @param batchSize samples per batch, ≥ 1
     * @throws IllegalArgumentException if batchSize ≤ 0
     */
    public DataLoader(Dataset<T> data, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.rows = data.inputs().flatten();
        this.order = new int[data.size()];
        this.targets = data.targetsKind().gatherer();
    }

    /**
     * Shuffles every epoch, epoch e by {@code SeededRandom.stream(seed, e)}. Off by default.
     *
     * @param seed any value: the same seed gives the same orders
     * @return {@code this}, for chaining
     */
    public DataLoader<T> shuffle(long seed) {
        this.shuffle = true;
        this.seed = seed;
        return this;
    }

    /**
     * Whether an epoch's last batch is dropped when it is shorter than the batch size, as PyTorch's
     * {@code drop_last}. Off by default.
     *
     * @param dropLast true to serve only full batches
     * @return {@code this}, for chaining
     */
    public DataLoader<T> dropLast(boolean dropLast) {
        this.dropLast = dropLast;
        return this;
    }

    /**
     * Applies {@code transform} to each batch's inputs (after copying them; the data set is not changed).
     *
     * @param transform the transform, or {@code null} for none
     * @return {@code this}, for chaining
     */
    public DataLoader<T> transform(BatchTransform transform) {
        this.transform = transform;
        return this;
    }

    /**
     * Applies {@code augmentation} to each batch's inputs after copying them and before the {@link #transform}:
     * for training data only (its randomness follows the epoch and the batch index, so it is reproducible).
     *
     * @param augmentation the augmentation, or {@code null} for none
     * @return {@code this}, for chaining
     */
    public DataLoader<T> augment(Augmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /**
     * The data set served.
     *
     * @return the data set given to the constructor
     */
    public Dataset<T> dataset() {
        return data;
    }

    /**
     * Samples per batch.
     *
     * @return the batch size given to the constructor
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Batches per epoch.
     *
     * @return ⌈size / batchSize⌉, or ⌊size / batchSize⌋ with {@link #dropLast}
     */
    public int batches() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Samples served per epoch.
     *
     * @return the data set's size, less the dropped short batch if any
     */
    public int samplesPerEpoch() {
        return dropLast ? batches() * batchSize : data.size();
    }

    /**
     * The batches of epoch {@code epoch}, in its order. Iterating restarts the epoch from its first batch
     * (the same order); the {@link Batch} served is one object, refilled for each batch.
     *
     * @param epoch the epoch, from 1 by convention (any value: it only picks the shuffle)
     * @return the epoch's batches
     */
    public Iterable<Batch<T>> epoch(long epoch) {
        return () -> {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (shuffle) {
                SeededRandom.stream(seed, epoch).shuffle(order);
            }
            int batches = batches();
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < batches;
                }

                @Override
                public Batch<T> next() {
                    if (next >= batches) {
                        throw new NoSuchElementException("DataLoader: the epoch has " + batches + " batches");
                    }
                    int first = next * batchSize, n = Math.min(batchSize, order.length - first);
                    Tensor x = Rows.gather(rows, order, first, n, inputs);
                    if (augmentation != null) {
                        augmentation.apply(x, epoch, next);
                    }
                    if (transform != null) {
                        transform.apply(x);
                    }
                    batch.set(x, targets.gather(order, first, n, batchSize), next, first);
                    next++;
                    return batch;
                }
            };
        };
    }
}
