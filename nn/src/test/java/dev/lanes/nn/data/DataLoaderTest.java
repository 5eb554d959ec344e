package dev.lanes.nn.data;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {

    /** Sample i has features [i, -i, 0.5·i] and class i mod 7, so a batch row shows which sample it holds. */
    static Dataset<int[]> indexed(int n, DType dtype) {
        Tensor x = Tensor.zeros(dtype, n, 3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x.set(i, i, 0);
            x.set(-i, i, 1);
            x.set(0.5 * i, i, 2);
            y[i] = i % 7;
        }
        return Dataset.classification(x, y);
    }

    /** The samples a loader's epoch served, in order, checking each row's features and target agree. */
    private static List<Integer> served(DataLoader<int[]> loader, long epoch, List<Integer> batchRows) {
        List<Integer> samples = new ArrayList<>();
        int expectedIndex = 0;
        for (Batch<int[]> batch : loader.epoch(epoch)) {
            assertEquals(expectedIndex++, batch.index());
            assertEquals(samples.size(), batch.first());
            assertEquals(batch.rows(), batch.targets().length, "one target per row");
            batchRows.add(batch.rows());
            for (int r = 0; r < batch.rows(); r++) {
                int sample = (int) batch.inputs().get(r, 0);
                assertEquals(-sample, batch.inputs().get(r, 1));
                assertEquals(sample % 7, batch.targets()[r], "target of sample " + sample);
                samples.add(sample);
            }
        }
        return samples;
    }

    static Stream<Arguments> shapes() {
        return Stream.of( // samples, batch size, drop last, expected batch sizes
                Arguments.of(10, 4, false, List.of(4, 4, 2)),
                Arguments.of(10, 4, true, List.of(4, 4)),
                Arguments.of(8, 4, true, List.of(4, 4)),
                Arguments.of(8, 4, false, List.of(4, 4)),
                Arguments.of(3, 5, false, List.of(3)),
                Arguments.of(3, 5, true, List.of()),
                Arguments.of(1, 1, false, List.of(1)),
                Arguments.of(0, 4, false, List.of()));
    }

    @ParameterizedTest(name = "{0} samples, batch {1}, dropLast {2}")
    @MethodSource("shapes")
    void anEpochServesEverySampleOnceInBatchesOfTheSize(int n, int batchSize, boolean dropLast, List<Integer> sizes) {
        for (boolean shuffle : new boolean[] {false, true}) {
            DataLoader<int[]> loader = new DataLoader<>(indexed(n, DType.F32), batchSize).dropLast(dropLast);
            if (shuffle) {
                loader.shuffle(11);
            }
            List<Integer> rows = new ArrayList<>();
            List<Integer> samples = served(loader, 1, rows);
            assertEquals(sizes, rows, "batch sizes, shuffle " + shuffle);
            assertEquals(sizes.size(), loader.batches());
            int total = sizes.stream().mapToInt(Integer::intValue).sum();
            assertEquals(total, loader.samplesPerEpoch());
            assertEquals(total, samples.stream().distinct().count(), "no sample twice");
            if (!shuffle) {
                for (int i = 0; i < samples.size(); i++) {
                    assertEquals(i, samples.get(i), "in order without shuffle");
                }
            }
        }
    }

    @Test
    void theOrderOfAnEpochDependsOnlyOnTheSeedAndTheEpoch() {
        Dataset<int[]> data = indexed(50, DType.F64);
        DataLoader<int[]> a = new DataLoader<>(data, 8).shuffle(3);
        List<Integer> a1 = served(a, 1, new ArrayList<>()), a2 = served(a, 2, new ArrayList<>());
        List<Integer> a3 = served(a, 3, new ArrayList<>());
        DataLoader<int[]> b = new DataLoader<>(data, 8).shuffle(3);
        assertEquals(a3, served(b, 3, new ArrayList<>()), "epoch 3 without epochs 1 and 2 first (a resumed run)");
        assertEquals(a1, served(b, 1, new ArrayList<>()), "an epoch replayed");
        assertNotEquals(a1, a2, "each epoch is shuffled afresh");
        assertNotEquals(a1, served(new DataLoader<>(data, 8).shuffle(4), 1, new ArrayList<>()), "another seed");
        List<Integer> sorted = new ArrayList<>(a1);
        sorted.sort(null);
        assertNotEquals(sorted, a1, "shuffled at all");
    }

    @Test
    void aTransformChangesTheBatchNotTheDataSet() {
        Dataset<int[]> data = indexed(6, DType.F32);
        Tensor before = data.inputs().copy();
        DataLoader<int[]> loader = new DataLoader<>(data, 4).transform(x -> {
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, x.getFlat(i) + 100);
            }
        });
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (Batch<int[]> batch : loader.epoch(epoch)) {
                for (int r = 0; r < batch.rows(); r++) {
                    assertEquals(batch.first() + r + 100, batch.inputs().get(r, 0), "transformed once, epoch " + epoch);
                }
            }
        }
        assertTrue(before.contentEquals(data.inputs()), "the data set is unchanged");
    }

    @Test
    void valueTargetsAreBatchedRowByRow() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4}, 5, 1);
        Tensor y = Tensor.of(new double[] {0, 10, 1, 11, 2, 12, 3, 13, 4, 14}, 5, 2);
        DataLoader<Tensor> loader = new DataLoader<>(Dataset.regression(x, y), 2).shuffle(5);
        int seen = 0;
        for (Batch<Tensor> batch : loader.epoch(1)) {
            assertArrayEquals(new int[] {batch.rows(), 2}, batch.targets().shape());
            for (int r = 0; r < batch.rows(); r++) {
                double sample = batch.inputs().get(r, 0);
                assertEquals(sample, batch.targets().get(r, 0));
                assertEquals(sample + 10, batch.targets().get(r, 1));
                seen++;
            }
        }
        assertEquals(5, seen);
    }

    @Test
    void aBadBatchSizeIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader<>(indexed(3, DType.F32), 0));
        assertTrue(e.getMessage().contains("batchSize must be positive, got 0"), e.getMessage());
    }

    @Test
    void imagesAreFlattenedIntoRows() {
        double[] pixels = new double[3 * 2 * 2];
        Arrays.setAll(pixels, i -> i);
        DataLoader<int[]> loader = new DataLoader<>(Dataset.classification(Tensor.of(pixels, 3, 2, 2), new int[3]), 2);
        Batch<int[]> first = loader.epoch(1).iterator().next();
        assertArrayEquals(new int[] {2, 4}, first.inputs().shape());
        assertEquals(7, first.inputs().get(1, 3));
    }
}
