package dev.lanes.nn.io;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.train.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    private static Sequential small(DType dtype) {
        return Nets.mlp(3, List.of(4), 2, Initializers.pytorchDefault(), 1, dtype);
    }

    private static Tensor inputs(DType dtype) {
        SeededRandom r = new SeededRandom(2);
        Tensor x = Tensor.zeros(dtype, 10, 3);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, r.nextGaussian());
        }
        return x;
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() throws IOException {
        for (DType dtype : DType.values()) {
            Sequential model = Nets.mlp(6, List.of(5, 4), 3, Initializers.he(), 3, dtype);
            Path file = dir.resolve("model-" + dtype + ".safetensors");
            ModelFile.save(model, file);
            Sequential loaded = ModelFile.load(file);
            assertEquals(model.describe(), loaded.describe());
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                    List.copyOf(loaded.namedParameters().keySet()));
            assertArrayEquals(new int[] {5, 6}, loaded.namedParameters().get("0.weight").value().shape());
            SeededRandom r = new SeededRandom(4);
            Tensor x = Tensor.zeros(dtype, 20, 6);
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, r.nextGaussian());
            }
            assertTrue(new Predictor(model).probabilities(x).contentEquals(new Predictor(loaded).probabilities(x)));
            assertArrayEquals(new Predictor(model).classes(x), new Predictor(loaded).classes(x));
        }
    }

    @Test
    void sigmoidNetsRoundTripToo() throws IOException {
        Sequential model = new Sequential(new Linear(3, 4).initialize(Initializers.xavierUniform(), new SeededRandom(1)),
                new Sigmoid(), new Linear(4, 2).initialize(Initializers.xavierUniform(), new SeededRandom(2)));
        Path file = dir.resolve("sigmoid.safetensors");
        ModelFile.save(model, file);
        Tensor x = inputs(DType.F32);
        assertTrue(new Predictor(model).probabilities(x).contentEquals(new Predictor(ModelFile.load(file)).probabilities(x)));
    }

    @Test
    void theFileIsSafetensorsAsPyTorchReadsIt() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Sequential model = small(DType.F32);
        ModelFile.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\""), header);
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]}"), header);
        assertTrue(header.contains("{\\\"type\\\":\\\"Linear\\\",\\\"in_features\\\":3,\\\"out_features\\\":4}"), header);
        // Data little-endian, weight first, row-major out×in.
        float w00 = ByteBuffer.wrap(bytes, 8 + (int) headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(model.namedParameters().get("0.weight").value().get(0, 0), w00);
        assertEquals(8 + headerLength + (12 + 4 + 8 + 2) * 4, bytes.length);
    }

    @Test
    void loadIntoIsStrict() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(small(DType.F32), file);
        Sequential same = small(DType.F32);
        ModelFile.loadInto(file, same);

        Sequential wider = Nets.mlp(3, List.of(5), 2, Initializers.pytorchDefault(), 1, DType.F32);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFile.loadInto(file, wider));
        assertTrue(e.getMessage().contains("'0.weight' is F32[4, 3], the model needs F32[5, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        InvalidModelFileException d = assertThrows(InvalidModelFileException.class, () -> ModelFile.loadInto(file, small(DType.F64)));
        assertTrue(d.getMessage().contains("F64"), d.getMessage());

        Sequential deeper = Nets.mlp(3, List.of(4, 2), 2, Initializers.pytorchDefault(), 1, DType.F32);
        InvalidModelFileException m = assertThrows(InvalidModelFileException.class, () -> ModelFile.loadInto(file, deeper));
        assertTrue(m.getMessage().contains("missing tensor '4.weight'"), m.getMessage());

        Sequential shallower = new Sequential(new Linear(3, 4), new ReLU());
        InvalidModelFileException u = assertThrows(InvalidModelFileException.class, () -> ModelFile.loadInto(file, shallower));
        assertTrue(u.getMessage().contains("unexpected tensor '2.weight'"), u.getMessage());
        // A failed load changes nothing.
        Tensor before = shallower.namedParameters().get("0.weight").value().copy();
        assertTrue(before.contentEquals(shallower.namedParameters().get("0.weight").value()));
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(small(DType.F32), file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertThrows(InvalidModelFileException.class, () -> ModelFile.load(cut), "truncated to " + length);
        }
        Files.write(cut, Arrays.copyOf(bytes, bytes.length + 4));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFile.load(cut));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void badHeadersAreRejectedWithTheReason() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(small(DType.F32), file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8).strip();
        byte[] data = Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length);

        // case → (corrupted header, a fragment the error message must hold)
        Map<String, String> cases = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        cases.put("not JSON", "{this is not json}");
        cases.put("a JSON array", "[1, 2]");
        cases.put("trailing text", header + " x");
        cases.put("dtype I16", header.replace("\"0.weight\":{\"dtype\":\"F32\"", "\"0.weight\":{\"dtype\":\"I16\""));
        cases.put("shape against offsets", header.replace("\"shape\":[4,3]", "\"shape\":[4,4]"));
        cases.put("negative dimension", header.replace("\"shape\":[4,3]", "\"shape\":[-4,-3]"));
        cases.put("gap in offsets", header.replace("\"data_offsets\":[0,48]", "\"data_offsets\":[4,52]"));
        cases.put("reversed offsets", header.replace("\"data_offsets\":[0,48]", "\"data_offsets\":[48,0]"));
        cases.put("duplicate tensor", header.replace("\"0.bias\"", "\"0.weight\""));
        cases.put("unknown field", header.replace("\"0.weight\":{\"dtype\"", "\"0.weight\":{\"bogus\":1,\"dtype\""));
        cases.put("missing architecture", header.replace("lanes.architecture", "something.else"));
        cases.put("wrong architecture", header.replace("\\\"in_features\\\":4,\\\"out_features\\\":2", "\\\"in_features\\\":4,\\\"out_features\\\":3"));
        cases.put("unknown layer", header.replace("\\\"type\\\":\\\"ReLU\\\"", "\\\"type\\\":\\\"Swish\\\""));
        cases.put("metadata not strings", header.replace("\"format\":\"pt\"", "\"format\":1"));
        cases.put("huge shape", header.replace("\"shape\":[4,3]", "\"shape\":[2147483647,2147483647,2147483647]"));
        reasons.put("huge shape", "more elements than a Java array holds");
        cases.put("shape not integers", header.replace("\"shape\":[4,3]", "\"shape\":[4,\"3\"]"));
        reasons.put("not JSON", "not valid JSON");
        reasons.put("a JSON array", "header must start with '{'");
        reasons.put("trailing text", "padded with spaces (0x20) only");
        reasons.put("dtype I16", "dtype I16");
        reasons.put("shape against offsets", "needs 64 bytes");
        reasons.put("negative dimension", "has shape");
        reasons.put("gap in offsets", "contiguous");
        reasons.put("reversed offsets", "data_offsets [48, 0]");
        reasons.put("duplicate tensor", "Duplicate field");
        reasons.put("unknown field", "unknown field 'bogus'");
        reasons.put("missing architecture", "no lanes.architecture");
        reasons.put("wrong architecture", "the architecture declares 31 parameters but the file's tensors hold 26");
        reasons.put("unknown layer", "unknown layer type 'Swish'");
        reasons.put("metadata not strings", "__metadata__.format");
        reasons.put("shape not integers", "integers only");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertTrue(!c.getValue().equals(header), "the case '" + c.getKey() + "' must change the header");
            Path bad = dir.resolve("bad.safetensors");
            Files.write(bad, file(c.getValue().getBytes(StandardCharsets.UTF_8), data));
            InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFile.load(bad), c.getKey());
            assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(reasons.get(c.getKey())), c.getKey() + ": " + e.getMessage());
        }

        Path bad = dir.resolve("bad.safetensors");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        for (long length : new long[] {0, -1, Long.MIN_VALUE, bytes.length, 200L << 20}) {
            Files.write(bad, file(h, data, length));
            InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFile.load(bad), "length " + length);
            assertTrue(e.getMessage().contains("header length"), e.getMessage());
        }
    }

    @Test
    void flippingAnyHeaderByteGivesACleanErrorOrAValidFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(small(DType.F32), file);
        byte[] bytes = Files.readAllBytes(file);
        int headerEnd = 8 + (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path bad = dir.resolve("flipped.safetensors");
        int rejected = 0;
        for (int i = 0; i < headerEnd; i++) {
            byte[] copy = bytes.clone();
            copy[i] ^= 0x15;
            Files.write(bad, copy);
            try {
                ModelFile.load(bad);
            } catch (InvalidModelFileException e) {
                rejected++;
            }
        }
        assertTrue(rejected > headerEnd / 2, rejected + " of " + headerEnd + " flips rejected");
        // Bytes that are not UTF-8 at all.
        for (int i = 8; i < headerEnd; i += 7) {
            byte[] copy = bytes.clone();
            copy[i] = (byte) (0x80 | copy[i]);
            Files.write(bad, copy);
            assertThrows(InvalidModelFileException.class, () -> ModelFile.load(bad), "byte " + i);
        }
    }

    @Test
    void aCrashMidSaveLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Sequential model = small(DType.F32);
        ModelFile.save(model, file);
        byte[] good = Files.readAllBytes(file);

        // The crash comes at the first look at the tensors once the temporary file exists, whatever the order
        // in which write lays out the header and the data.
        Path temporary = AtomicFile.temporaryFile(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelFile.tensors(model)) {
            @Override
            public Set<Map.Entry<String, Tensor>> entrySet() {
                if (Files.exists(temporary)) {
                    throw new IllegalStateException("simulated crash while writing the data");
                }
                return super.entrySet();
            }
        };
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(file, tensors, ModelFile.metadata(model)));
        assertArrayEquals(good, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void rawSafeTensorsRoundTripKeepsNamesOrderAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new double[] {1, 2, 3}, 3));
        tensors.put("a", Tensor.of(new float[] {4, 5, 6, 7}, 2, 1, 2));
        tensors.put("empty", Tensor.zeros(DType.F32, 0, 5));
        Path file = dir.resolve("raw.safetensors");
        SafeTensors.write(file, tensors, Map.of("k", "v"));
        SafeTensors.Contents contents = SafeTensors.read(file);
        assertEquals(List.of("b", "a", "empty"), List.copyOf(contents.tensors().keySet()));
        assertTrue(contents.tensors().get("a").contentEquals(tensors.get("a")));
        assertTrue(contents.tensors().get("b").contentEquals(tensors.get("b")));
        assertArrayEquals(new int[] {0, 5}, contents.tensors().get("empty").shape());
        assertEquals(Map.of("k", "v"), contents.metadata());
    }

    private static byte[] file(byte[] header, byte[] data) {
        return file(header, data, header.length);
    }

    private static byte[] file(byte[] header, byte[] data, long declaredLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header).put(data);
        return b.array();
    }
}
