package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import dev.lanes.nn.train.Predictor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A net with every layer type a model file can hold, its parameters and running statistics all away from their
 * initial values, survives a save and load bit for bit. The files it leaves in {@code target/torch-interop/} are
 * what CI hands to {@code nn/scripts/load_in_torch.py}, which loads them into PyTorch with
 * {@code load_state_dict(strict=True)} and compares PyTorch's probabilities with the ones saved beside them.
 */
class EveryLayerFileTest {

    static final Path OUTPUT = Path.of("target", "torch-interop");
    private static final int FEATURES = 20, CLASSES = 5, SAMPLES = 64;

    static Sequential everyLayer(DType dtype) {
        SeededRandom random = new SeededRandom(7);
        List<Layer> layers = List.of(
                linear(FEATURES, 32, true, dtype, random), new BatchNorm1d(32, 1e-5, 0.1, true, dtype), new GELU(),
                new Dropout(0.2),
                linear(32, 24, false, dtype, random), new LayerNorm(24, 1e-5, true, dtype), new Tanh(),
                linear(24, 16, true, dtype, random), new LeakyReLU(0.1),
                linear(16, 16, true, dtype, random), new ELU(0.5),
                linear(16, 16, true, dtype, random), new SiLU(),
                linear(16, 16, true, dtype, random), new Softplus(2, 10),
                linear(16, 12, true, dtype, random), new GELU(GELU.Approximation.TANH),
                linear(12, 12, true, dtype, random), new Sigmoid(),
                linear(12, 12, true, dtype, random), new ReLU(),
                linear(12, 12, true, dtype, random), new Softmax(),
                linear(12, CLASSES, true, dtype, random), new LogSoftmax());
        Sequential model = new Sequential(layers, true);
        // Every vector (biases, normalisation weights) away from its initial 0 or 1, so a name mixed up on the way shows.
        for (Parameter p : model.parameters()) {
            if (p.value().rank() == 1) {
                for (int i = 0; i < p.value().size(); i++) {
                    p.value().setFlat(i, p.value().getFlat(i) + random.uniform(-0.5, 0.5));
                }
            }
        }
        return model;
    }

    private static Linear linear(int in, int out, boolean bias, DType dtype, SeededRandom random) {
        return new Linear(in, out, bias, dtype).initialize(Initializers.pytorchDefault(), random);
    }

    private static Tensor inputs(DType dtype, long seed) {
        SeededRandom random = new SeededRandom(seed);
        Tensor x = Tensor.zeros(dtype, SAMPLES, FEATURES);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian() * 2 + 0.5);
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyLayerTypeSavesAndLoadsBitForBit(DType dtype) throws IOException {
        Sequential model = everyLayer(dtype);
        model.train();
        for (int batch = 0; batch < 3; batch++) {
            model.forward(inputs(dtype, 100 + batch)); // running statistics move, as in training
        }
        model.eval();
        Tensor x = inputs(dtype, 1);
        Tensor probabilities = new Predictor(model).probabilities(x);

        Files.createDirectories(OUTPUT);
        String name = "every-layer-" + dtype.name().toLowerCase();
        Path file = OUTPUT.resolve(name + ".safetensors");
        ModelFile.save(model, file);
        Map<String, Tensor> check = new LinkedHashMap<>();
        check.put("inputs", x);
        check.put("probabilities", probabilities);
        SafeTensors.write(OUTPUT.resolve(name + "-check.safetensors"), check, Map.of());

        Sequential loaded = ModelFile.load(file);
        assertEquals(model.describe(), loaded.describe());
        assertTrue(probabilities.contentEquals(new Predictor(loaded).probabilities(x)), "predictions after the round trip");
        Map<String, Tensor> saved = ModelFile.tensors(model), restored = ModelFile.tensors(loaded);
        assertEquals(saved.keySet(), restored.keySet());
        saved.forEach((tensor, value) -> assertTrue(value.contentEquals(restored.get(tensor)), tensor));
        assertTrue(saved.containsKey("1.running_mean") && saved.containsKey("5.weight") && !saved.containsKey("4.bias"),
                "PyTorch's state_dict names: " + saved.keySet());
    }
}
