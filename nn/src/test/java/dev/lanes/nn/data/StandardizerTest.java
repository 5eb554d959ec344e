package dev.lanes.nn.data;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardizerTest {

    /** Column 0: 1, 3, 5 (mean 3, population std √(8/3)); column 1 constant; column 2 large mean, small spread. */
    private static Dataset<int[]> train(DType dtype) {
        return Dataset.classification(Tensor.matrix(dtype, new double[][] {
                {1, 10, 1e6 + 1}, {3, 10, 1e6 - 1}, {5, 10, 1e6}}), new int[3]);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fitsEachFeaturesMeanAndPopulationDeviation(DType dtype) {
        Standardizer s = Standardizer.fit(train(dtype));
        assertArrayEquals(new double[] {3, 10, 1e6}, s.mean(), 1e-9);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1, Math.sqrt(2.0 / 3)}, s.std(), 1e-9,
                "a constant feature gets std 1, so it becomes 0 rather than NaN");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void appliesTheTrainingStatisticsToOtherData(DType dtype) {
        Standardizer s = Standardizer.fit(train(dtype));
        Tensor validation = Tensor.matrix(dtype, new double[][] {{3 + Math.sqrt(8.0 / 3), 12, 1e6}});
        s.apply(validation);
        double tolerance = dtype == DType.F32 ? 1e-6 : 1e-12;
        assertEquals(1, validation.get(0, 0), tolerance);
        assertEquals(2, validation.get(0, 1), tolerance, "shifted by the training mean, not its own");
        assertEquals(0, validation.get(0, 2), tolerance);
    }

    @Test
    void standardisedTrainingDataHasMeanZeroAndDeviationOne() {
        Dataset<int[]> data = train(DType.F64);
        Tensor x = data.inputs().copy();
        Standardizer.fit(data).apply(x);
        for (int j = 0; j < 3; j++) {
            double sum = 0, squares = 0;
            for (int i = 0; i < 3; i++) {
                sum += x.get(i, j);
                squares += x.get(i, j) * x.get(i, j);
            }
            assertEquals(0, sum / 3, 1e-12);
            assertEquals(j == 1 ? 0 : 1, squares / 3, 1e-9);
        }
    }

    @Test
    void badInputIsRejectedNamingTheFeature() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(train(DType.F32)).apply(Tensor.zeros(DType.F32, 2, 4)))
                .getMessage().contains("have 4 features, fitted on 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Standardizer(new double[] {0, 1}, new double[] {1, 0}))
                .getMessage().contains("feature 1 has mean 1.0 and std 0.0"));
        Tensor nan = Tensor.matrix(DType.F64, new double[][] {{1, Double.NaN}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Dataset.classification(nan, new int[1])))
                .getMessage().contains("at sample 0, feature 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(Dataset.classification(Tensor.zeros(DType.F32, 0, 2), new int[0])))
                .getMessage().contains("no samples"));
    }
}
