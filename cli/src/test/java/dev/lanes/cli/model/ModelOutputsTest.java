package dev.lanes.cli.model;

import dev.lanes.nn.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** predict prints no NaN%: outputs that are not finite are an error naming the input, wherever they are. */
class ModelOutputsTest {

    private static final List<String> INPUTS = List.of("a.png", "b.png", "c.png");

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"NaN, 0, a.png", "Infinity, 4, c.png", "-Infinity, 3, b.png", "NaN, 5, c.png"})
    void aNonFiniteOutputNamesItsInput(double value, int at, String input) {
        Tensor outputs = Tensor.of(new float[] {0.1f, 0.9f, 0.5f, 0.5f, 1f, 0f}, 3, 2);
        outputs.setFlat(at, value);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelOutputs.requireFinite(outputs, INPUTS));
        assertEquals("the model computes " + value + " for " + input
                + ": its parameters are too large for float32 arithmetic; no prediction is printed", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "3.4028235e38", "-3.4028235e38", "1.4e-45"})
    void finiteOutputsPass(float value) {
        ModelOutputs.requireFinite(Tensor.of(new float[] {value, 0f, 0f, 0f, 0f, value}, 3, 2), INPUTS);
        ModelOutputs.requireFinite(Tensor.of(new float[] {value, 0f, 1f}, 3, 1), INPUTS);
    }
}
