package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The activation layers in model files: saved with their hyper-parameters, restored to the same outputs, checked on load. */
class ActivationArchitectureTest {

    @TempDir
    Path dir;

    /** A net with every activation layer, hyper-parameters away from their defaults. */
    static Sequential everyActivation(DType dtype) {
        SeededRandom r = new SeededRandom(11);
        return new Sequential(
                new Linear(6, 5, dtype).initialize(Initializers.he(), r), new Tanh(),
                new Linear(5, 5, dtype).initialize(Initializers.he(), r), new GELU(),
                new Linear(5, 5, dtype).initialize(Initializers.he(), r), new GELU(GELU.Approximation.TANH),
                new LeakyReLU(0.2), new ELU(0.5), new SiLU(), new Softplus(2, 10),
                new Linear(5, 4, dtype).initialize(Initializers.he(), r), new Softmax(),
                new Linear(4, 3, dtype).initialize(Initializers.he(), r), new LogSoftmax());
    }

    @Test
    void everyActivationRoundTripsWithItsHyperParameters() throws IOException {
        for (DType dtype : DType.values()) {
            Sequential model = everyActivation(dtype);
            Path file = dir.resolve("every-" + dtype + ".safetensors");
            ModelFile.save(model, file);
            Sequential loaded = ModelFile.load(file);
            assertEquals(model.describe(), loaded.describe());
            assertEquals(0.2, ((LeakyReLU) loaded.get(6)).slope());
            assertEquals(0.5, ((ELU) loaded.get(7)).alpha());
            assertEquals(GELU.Approximation.TANH, ((GELU) loaded.get(5)).approximation());
            assertEquals(2.0, ((Softplus) loaded.get(9)).beta());
            assertEquals(10.0, ((Softplus) loaded.get(9)).threshold());
            Tensor x = Tensor.zeros(dtype, 4, 6);
            SeededRandom r = new SeededRandom(3);
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, 2 * r.nextGaussian());
            }
            assertTrue(model.forward(x).copy().contentEquals(loaded.forward(x)), dtype.toString());
        }
    }

    @Test
    void theArchitectureNamesWhatPyTorchNames() {
        String json = Architecture.describe(everyActivation(DType.F32));
        for (String expected : List.of("{\"type\":\"Tanh\"}", "{\"type\":\"GELU\",\"approximate\":\"none\"}",
                "{\"type\":\"GELU\",\"approximate\":\"tanh\"}", "{\"type\":\"LeakyReLU\",\"negative_slope\":0.2}",
                "{\"type\":\"ELU\",\"alpha\":0.5}", "{\"type\":\"SiLU\"}", "{\"type\":\"Softplus\",\"beta\":2.0,\"threshold\":10.0}",
                "{\"type\":\"Softmax\",\"dim\":-1}", "{\"type\":\"LogSoftmax\",\"dim\":-1}")) {
            assertTrue(json.contains(expected), expected + " in " + json);
        }
    }

    @Test
    void defaultsApplyToWhatAFileLeavesOut() {
        Sequential model = Architecture.build("[{\"type\":\"LeakyReLU\"},{\"type\":\"ELU\"},{\"type\":\"Softplus\"},{\"type\":\"GELU\"}]", DType.F32);
        assertEquals(0.01, ((LeakyReLU) model.get(0)).slope());
        assertEquals(1.0, ((ELU) model.get(1)).alpha());
        assertEquals(1.0, ((Softplus) model.get(2)).beta());
        assertEquals(20.0, ((Softplus) model.get(2)).threshold());
        assertEquals(GELU.Approximation.NONE, ((GELU) model.get(3)).approximation());
    }

    /** Each bad layer and what the message must name. */
    private record Bad(String json, String mentions) { }

    @Test
    void badActivationSpecsAreRejectedWithTheReason() {
        for (Bad bad : List.of(
                new Bad("[{\"type\":\"GELU\",\"approximate\":\"erf\"}]", "'erf'"),
                new Bad("[{\"type\":\"GELU\",\"approximate\":1}]", "approximate must be a string"),
                new Bad("[{\"type\":\"LeakyReLU\",\"negative_slope\":\"0.1\"}]", "negative_slope must be a number"),
                new Bad("[{\"type\":\"Softplus\",\"beta\":0}]", "beta"),
                new Bad("[{\"type\":\"Softplus\",\"beta\":-1,\"threshold\":20}]", "beta"),
                new Bad("[{\"type\":\"ELU\",\"negative_slope\":0.1}]", "takes no 'negative_slope'"),
                new Bad("[{\"type\":\"Tanh\",\"alpha\":1}]", "takes no 'alpha'"),
                new Bad("[{\"type\":\"Softmax\",\"dim\":0}]", "dim"),
                new Bad("[{\"type\":\"LogSoftmax\",\"dim\":1.5}]", "dim must be an integer"),
                new Bad("[{\"type\":\"Swish\"}]", "unknown layer type 'Swish'"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.build(bad.json(), DType.F32), bad.json());
            assertTrue(e.getMessage().startsWith("Architecture") && e.getMessage().contains(bad.mentions()), bad.json() + ": " + e.getMessage());
        }
    }
}
