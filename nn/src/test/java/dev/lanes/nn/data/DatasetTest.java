package dev.lanes.nn.data;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    private static final Dataset<int[]> TEN = DataLoaderTest.indexed(10, DType.F32);

    static Stream<Arguments> badInput() {
        Tensor x = Tensor.zeros(DType.F32, 4, 3);
        return Stream.of(
                Arguments.of("3 labels for 4 samples", (Executable) () -> Dataset.classification(x, new int[3]),
                        "inputs F32[4, 3] have 4 samples but there are 3 targets"),
                Arguments.of("a negative class", (Executable) () -> Dataset.classification(x, new int[] {0, 1, -2, 0}),
                        "class index 2 is -2"),
                Arguments.of("values of another dtype", (Executable) () -> Dataset.regression(x, Tensor.zeros(DType.F64, 4)),
                        "differ in dtype"),
                Arguments.of("values for 5 samples", (Executable) () -> Dataset.regression(x, Tensor.zeros(DType.F32, 5, 1)),
                        "have 4 samples but there are 5 targets"),
                Arguments.of("3-D values", (Executable) () -> Dataset.regression(x, Tensor.zeros(DType.F32, 4, 1, 1)),
                        "are not [samples, outputs]"),
                Arguments.of("an index out of range", (Executable) () -> TEN.select(new int[] {0, 10}),
                        "samples[1] = 10 is not in [0, 10)"),
                Arguments.of("holding out every sample", (Executable) () -> TEN.splitLast(10), "validation must be in [0, 10)"),
                Arguments.of("holding out -1", (Executable) () -> TEN.splitLast(-1), "got -1"),
                Arguments.of("a fraction of 1", (Executable) () -> TEN.randomSplit(1, 0), "fraction must be in [0, 1), got 1.0"),
                Arguments.of("a NaN fraction", (Executable) () -> TEN.randomSplit(Double.NaN, 0), "got NaN"),
                Arguments.of("a fraction leaving nothing", (Executable) () -> TEN.randomSplit(0.95, 0), "leaves none to train on"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRejectedWithTheReason(String what, Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aVectorOfValuesIsOneOutputPerSample() {
        Dataset<Tensor> data = Dataset.regression(Tensor.zeros(DType.F64, 4, 2), Tensor.of(new double[] {1, 2, 3, 4}, 4));
        assertArrayEquals(new int[] {4, 1}, data.targets().shape());
        assertEquals(2, data.features());
    }

    @Test
    void splitLastHoldsOutTheLastSamplesAsCopies() {
        Dataset.Split<int[]> split = TEN.splitLast(3);
        assertEquals(7, split.train().size());
        assertEquals(3, split.validation().size());
        assertEquals(6, split.train().inputs().get(6, 0));
        assertEquals(7, split.validation().inputs().get(0, 0));
        assertArrayEquals(new int[] {0, 1, 2}, split.validation().targets()); // 7, 8, 9 mod 7
        split.train().inputs().set(99, 0, 0);
        assertEquals(0, TEN.inputs().get(0, 0), "a copy");
    }

    @Test
    void randomSplitIsSeededDisjointAndComplete() {
        Dataset.Split<int[]> a = TEN.randomSplit(0.25, 7), b = TEN.randomSplit(0.25, 7), c = TEN.randomSplit(0.25, 8);
        assertEquals(3, a.validation().size(), "⌈0.25 · 10⌉");
        assertEquals(7, a.train().size());
        assertTrue(a.validation().inputs().contentEquals(b.validation().inputs()), "same seed, same split");
        assertNotEquals(Arrays.toString(samples(a.validation())), Arrays.toString(samples(c.validation())), "another seed");
        Set<Integer> all = new HashSet<>();
        for (Dataset<int[]> part : java.util.List.of(a.train(), a.validation())) {
            for (int s : samples(part)) {
                assertTrue(all.add(s), "sample " + s + " in both parts");
                assertEquals(s % 7, part.targets()[Arrays.asList(box(samples(part))).indexOf(s)]);
            }
        }
        assertEquals(10, all.size());
    }

    private static int[] samples(Dataset<int[]> data) {
        int[] s = new int[data.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = (int) data.inputs().get(i, 0);
        }
        return s;
    }

    private static Integer[] box(int[] values) {
        return Arrays.stream(values).boxed().toArray(Integer[]::new);
    }
}
