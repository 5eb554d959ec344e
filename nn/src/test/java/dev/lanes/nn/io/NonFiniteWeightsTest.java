package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Adam;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a model file (or checkpoint) whose parameters hold NaN or an infinity is refused on load, naming
 * the file and the tensor, and leaves the model it was loaded into unchanged. Such a file is well formed (its
 * checksum matches), so only its values can tell: before, it loaded and predicted a constant class.
 */
class NonFiniteWeightsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> poisonedTensors() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                // The first element, one in the middle of a bias, and the last of the last layer.
                cases.add(Arguments.of(dtype, value, "0.weight", 0));
                cases.add(Arguments.of(dtype, value, "0.bias", 2));
                cases.add(Arguments.of(dtype, value, "2.weight", 7));
            }
        }
        return cases.stream();
    }

    private static Sequential model(DType dtype) {
        return Nets.mlp(3, List.of(4), 2, Initializers.pytorchDefault(), 5, dtype);
    }

    private static Sequential poisoned(DType dtype, double value, String tensor, int element) {
        Sequential model = model(dtype);
        Tensor t = ModelFile.tensors(model).get(tensor);
        assertTrue(element < t.size(), "the case's element is inside " + tensor);
        t.setFlat(element, value);
        return model;
    }

    private static void assertNamesTheTensor(Path file, String tensor, int element, IOException e) {
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tensor '" + tensor + "' holds "), e.getMessage());
        assertTrue(e.getMessage().contains(" at element " + element + " "), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1} in {2}[{3}]")
    @MethodSource("poisonedTensors")
    void aModelFileIsRefused(DType dtype, double value, String tensor, int element) throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(poisoned(dtype, value, tensor, element), file);
        assertNamesTheTensor(file, tensor, element, assertThrows(InvalidModelFileException.class, () -> ModelFile.load(file)));

        Sequential target = model(dtype);
        float[] before = ModelFile.tensors(target).get(tensor).to(DType.F32).floats().clone();
        assertNamesTheTensor(file, tensor, element,
                assertThrows(InvalidModelFileException.class, () -> ModelFile.loadInto(file, target)));
        assertArrayEquals(before, ModelFile.tensors(target).get(tensor).to(DType.F32).floats(), "the model is unchanged");
    }

    @ParameterizedTest(name = "{0} {1} in {2}[{3}]")
    @MethodSource("poisonedTensors")
    void aCheckpointIsRefused(DType dtype, double value, String tensor, int element) throws IOException {
        Path file = dir.resolve("checkpoint.safetensors");
        Sequential model = poisoned(dtype, value, tensor, element);
        Checkpoint.save(file, model, new Adam(model, 0.01), Map.of(), 1, 0.01);
        Sequential target = model(dtype);
        assertNamesTheTensor(file, tensor, element, assertThrows(InvalidModelFileException.class,
                () -> Checkpoint.read(file).restoreInto(target, new Adam(target, 0.01))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void finiteExtremesStillLoad(DType dtype) throws IOException {
        // The check is on finiteness, not size: the largest and smallest finite values of the dtype load as saved.
        Sequential model = model(dtype);
        Tensor weight = ModelFile.tensors(model).get("0.weight");
        weight.setFlat(0, dtype == DType.F32 ? Float.MAX_VALUE : Double.MAX_VALUE);
        weight.setFlat(1, dtype == DType.F32 ? -Float.MAX_VALUE : -Double.MAX_VALUE);
        weight.setFlat(2, dtype == DType.F32 ? Float.MIN_VALUE : Double.MIN_VALUE);
        Path file = dir.resolve("extremes.safetensors");
        ModelFile.save(model, file);
        assertTrue(ModelFile.tensors(ModelFile.load(file)).get("0.weight").contentEquals(weight));
    }

    static Stream<DType> dtypes() {
        return Stream.of(DType.values());
    }
}
