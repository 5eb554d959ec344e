package dev.lanes.nn.quant;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.InvalidModelFileException;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.io.QuantizedModelFile;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.train.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quantized models saved and loaded bit for bit, and files that do not fit refused with the tensor named. */
class QuantizedModelFileTest {

    @TempDir
    Path dir;

    static Sequential trainedLikeModel() {
        SeededRandom random = new SeededRandom(7);
        Sequential model = new Sequential(new Linear(19, 33).initialize(Initializers.pytorchDefault(), random), new ReLU(),
                new BatchNorm1d(33), new Linear(33, 5, false, dev.lanes.nn.DType.F32).initialize(Initializers.pytorchDefault(), random));
        Tensor mean = model.namedBuffers().get("2.running_mean");
        for (int i = 0; i < mean.size(); i++) {
            mean.setFlat(i, 0.01 * i);
        }
        return model;
    }

    static Tensor inputs() {
        SeededRandom random = new SeededRandom(3);
        Tensor x = Tensor.zeros(dev.lanes.nn.DType.F32, 6, 19);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void savedAndLoadedBitForBit(Precision precision) throws IOException {
        Sequential quantized = Quantizer.quantize(trainedLikeModel(), precision);
        Path file = dir.resolve("q.safetensors");
        QuantizedModelFile.save(quantized, file);
        Sequential loaded = QuantizedModelFile.load(file);
        assertEquals(quantized.describe(), loaded.describe());
        Tensor expected = new Predictor(quantized).values(inputs()), actual = new Predictor(loaded).values(inputs());
        assertArrayEquals(expected.floats(), actual.floats());
        // The weights are stored narrow: the file is about precision.bytes() per weight, not 4.
        Map<String, SafeTensors.NarrowTensor> narrow = SafeTensors.read(file).narrowTensors();
        assertEquals(precision.safetensorsDtype(), narrow.get("0.weight").dtype());
        assertEquals(19 * 33 * precision.bytes(), narrow.get("0.weight").bytes().length);
    }

    @Test
    void aQuantizedModelIsCloseToItsFloatModelAndLeavesItUnchanged() {
        Sequential model = trainedLikeModel();
        Tensor before = new Predictor(model).values(inputs());
        Tensor weight = model.namedParameters().get("0.weight").value().copy();
        Tensor bf16 = new Predictor(Quantizer.quantize(model, Precision.BF16)).values(inputs());
        assertTrue(weight.contentEquals(model.namedParameters().get("0.weight").value()));
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.getFlat(i), bf16.getFlat(i), 0.05 * (1 + Math.abs(before.getFlat(i))));
        }
    }

    @Test
    void aQuantizedModelOnlyPredicts() {
        Sequential quantized = Quantizer.quantize(trainedLikeModel(), Precision.INT8);
        Tensor y = quantized.forward(inputs());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> quantized.backward(y));
        assertTrue(e.getMessage().contains("inference only"), e.getMessage());
    }

    /** A file {@link QuantizedModelFile#save} wrote, with its tensors or metadata changed by {@code edit}, must be refused. */
    void assertRefused(Precision precision, Consumer<Map<String, Object>> edit, String mentions) throws IOException {
        Path good = dir.resolve("good.safetensors");
        QuantizedModelFile.save(Quantizer.quantize(trainedLikeModel(), precision), good);
        SafeTensors.Contents contents = SafeTensors.read(good);
        Map<String, Object> all = new LinkedHashMap<>(contents.tensors());
        all.putAll(contents.narrowTensors());
        Map<String, Object> metadata = new LinkedHashMap<>(contents.metadata());
        all.put("__metadata__", metadata);
        edit.accept(all);
        all.remove("__metadata__");
        Map<String, Tensor> floats = new LinkedHashMap<>();
        Map<String, SafeTensors.NarrowTensor> narrow = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (v instanceof Tensor t) {
                floats.put(k, t);
            } else {
                narrow.put(k, (SafeTensors.NarrowTensor) v);
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, String> m = (Map<String, String>) (Map<?, ?>) metadata;
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, floats, narrow, m);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> QuantizedModelFile.load(bad));
        assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains(mentions),
                () -> "message '" + e.getMessage() + "' does not name the file and '" + mentions + "'");
    }

    @Test
    void aFloatWeightInPlaceOfANarrowOneIsRefused() throws IOException {
        assertRefused(Precision.BF16, t -> t.put("0.weight", Tensor.zeros(dev.lanes.nn.DType.F32, 33, 19)), "'0.weight' is F32");
    }

    @Test
    void aWeightOfAnotherPrecisionIsRefused() throws IOException {
        assertRefused(Precision.BF16, t -> t.put("3.weight", SafeTensors.NarrowTensor.ofHalves("F16", new int[] {5, 33},
                new short[5 * 33])), "'3.weight' is F16[5, 33]");
    }

    @Test
    void aMissingScaleIsRefused() throws IOException {
        assertRefused(Precision.INT8, t -> t.remove("0.weight_scale"), "'0.weight_scale' is missing");
    }

    @Test
    void aNonFiniteScaleIsRefused() throws IOException {
        assertRefused(Precision.INT8, t -> ((Tensor) t.get("3.weight_scale")).setFlat(2, Double.NaN), "scale of row 2");
    }

    @Test
    void moreParametersThanTheArchitectureDeclaresAreRefusedBeforeBuilding() throws IOException {
        assertRefused(Precision.F16, t -> t.put("0.weight", SafeTensors.NarrowTensor.ofHalves("F16", new int[] {1000, 1000},
                new short[1000 * 1000])), "declares");
    }

    @Test
    void anUnknownPrecisionIsRefused() throws IOException {
        assertRefused(Precision.F16, t -> metadataOf(t).put(QuantizedModelFile.PRECISION_KEY, "INT4"), "INT4");
    }

    @Test
    void aLeftOverTensorIsRefused() throws IOException {
        assertRefused(Precision.BF16, t -> {
            t.put("9.weight", SafeTensors.NarrowTensor.ofHalves("BF16", new int[] {1}, new short[1]));
            ((Map<?, ?>) t).remove("0.bias");
            t.put("0.bias", Tensor.zeros(dev.lanes.nn.DType.F32, 32));
        }, "'0.bias'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataOf(Map<String, Object> all) {
        return (Map<String, Object>) all.get("__metadata__");
    }

    @Test
    void modelFilePointsAQuantizedFileToQuantizedModelFile() throws IOException {
        Path file = dir.resolve("q.safetensors");
        QuantizedModelFile.save(Quantizer.quantize(trainedLikeModel(), Precision.INT8), file);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("QuantizedModelFile"), e.getMessage());
    }
}
