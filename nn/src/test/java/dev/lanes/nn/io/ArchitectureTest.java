package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The architecture JSON of the layers with settings (Linear without bias, Dropout, BatchNorm1d, LayerNorm): written
 * with PyTorch's argument names, read back to the same layers, and rejected with the reason when a field is
 * missing, of the wrong type, out of range, unknown, or twice, or when the widths do not chain.
 */
class ArchitectureTest {

    @Test
    void layersWithSettingsAreWrittenWithPyTorchsArgumentsAndReadBack() {
        Sequential model = new Sequential(new Linear(4, 6, false, DType.F64), new BatchNorm1d(6, 1e-3, 0.25, false, DType.F64),
                new Dropout(0.125), new LayerNorm(6, 1e-4, false, DType.F64), new Linear(6, 2, DType.F64));
        String json = Architecture.describe(model);
        for (String field : List.of("\"bias\":false", "\"num_features\":6", "\"momentum\":0.25", "\"affine\":false", "\"p\":0.125",
                "\"normalized_shape\":6", "\"elementwise_affine\":false")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        Sequential back = Architecture.build(json, DType.F64);
        assertEquals(model.describe(), back.describe());
        assertEquals(json, Architecture.describe(back));
        BatchNorm1d bn = assertInstanceOf(BatchNorm1d.class, back.get(1));
        assertEquals(1e-3, bn.eps());
        assertEquals(0.25, bn.momentum());
        assertFalse(bn.affine());
        assertEquals(0.125, assertInstanceOf(Dropout.class, back.get(2)).p());
        assertEquals(1e-4, assertInstanceOf(LayerNorm.class, back.get(3)).eps());
        assertTrue(Architecture.describe(new Sequential(new Linear(4, 6))).indexOf("bias") < 0,
                "a Linear with a bias is written as before this field existed");
    }

    static Stream<Arguments> badArchitectures() {
        return Stream.of(
                Arguments.of("[{\"type\":\"Dropout\"}]", "(Dropout) needs p in [0, 1], not NaN"),
                Arguments.of("[{\"type\":\"Dropout\",\"p\":1.5}]", "(Dropout) needs p in [0, 1], not 1.5"),
                Arguments.of("[{\"type\":\"Dropout\",\"p\":\"half\"}]", "p must be a number"),
                Arguments.of("[{\"type\":\"BatchNorm1d\"}]", "(BatchNorm1d) needs num_features in 1..1048576, not -1"),
                Arguments.of("[{\"type\":\"BatchNorm1d\",\"num_features\":4.5}]", "num_features must be an integer"),
                Arguments.of("[{\"type\":\"BatchNorm1d\",\"num_features\":4,\"momentum\":2}]", "momentum in [0, 1]"),
                Arguments.of("[{\"type\":\"BatchNorm1d\",\"num_features\":4,\"eps\":0}]", "eps > 0"),
                Arguments.of("[{\"type\":\"BatchNorm1d\",\"num_features\":4,\"affine\":1}]", "affine must be true or false"),
                Arguments.of("[{\"type\":\"LayerNorm\",\"normalized_shape\":2000000}]", "needs normalized_shape in 1..1048576"),
                Arguments.of("[{\"type\":\"LayerNorm\",\"normalized_shape\":4,\"affine\":true}]", "unknown field 'affine' in layer 0"),
                Arguments.of("[{\"type\":\"ReLU\",\"p\":0.5}]", "unknown field 'p' in layer 0"),
                Arguments.of("[{\"type\":\"Linear\",\"in_features\":2,\"out_features\":3,\"bias\":\"no\"}]", "bias must be true or false"),
                Arguments.of("[{\"type\":\"Dropout\",\"p\":0.5,\"p\":0.5}]", "field 'p' twice in layer 0"),
                Arguments.of("[{\"type\":\"Linear\",\"in_features\":2,\"out_features\":3},{\"type\":\"BatchNorm1d\",\"num_features\":4}]",
                        "layer 1 takes 4 features but follows a layer with 3 outputs"),
                Arguments.of("[{\"type\":\"LayerNorm\",\"normalized_shape\":3},{\"type\":\"Linear\",\"in_features\":2,\"out_features\":3}]",
                        "layer 1 takes 2 features but follows a layer with 3 outputs"),
                Arguments.of("[{\"type\":\"Dropout\",\"p\":[0.5]}]", "must be a string, a number or a boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArchitectures")
    void badArchitecturesAreRejectedWithTheReason(String json, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.build(json, DType.F32));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
    }

    @Test
    void theTensorsABatchNormDeclaresAreCountedBeforeItIsBuilt() {
        // running_mean, running_var, num_batches_tracked, and weight and bias when affine.
        assertEquals(2 * 1000 + 1 + 2 * 1000, Architecture.parameterCount(Architecture.parse(
                "[{\"type\":\"BatchNorm1d\",\"num_features\":1000}]")));
        assertEquals(2 * 1000 + 1, Architecture.parameterCount(Architecture.parse(
                "[{\"type\":\"BatchNorm1d\",\"num_features\":1000,\"affine\":false}]")));
        assertEquals(2 * 8 + 8 * 3, Architecture.parameterCount(Architecture.parse(
                "[{\"type\":\"LayerNorm\",\"normalized_shape\":8},{\"type\":\"Linear\",\"in_features\":8,\"out_features\":3,\"bias\":false}]")));
    }
}
