package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.train.RunConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of {@link ModelFileFuzzTest}: valid files to mutate and the reproducers of issue 11, each
 * by name. {@code main} writes them into the committed corpus; {@link FuzzCorpusTest} checks that the
 * corpus holds every one of them, byte for byte.
 */
public final class FuzzCorpus {

    /** The corpus directory of a fuzz test method, under the module's test resources. */
    public static Path inputs(Path moduleDir, Class<?> fuzzTest, String method) {
        return moduleDir.resolve("src/test/resources").resolve(fuzzTest.getPackageName().replace('.', '/'))
                .resolve(fuzzTest.getSimpleName() + "Inputs").resolve(method);
    }

    private FuzzCorpus() {
    }

    /** The net every checkpoint seed is written from and restored into. */
    public static Sequential checkpointModel() {
        return Nets.mlp(3, List.of(4), 2, Initializers.pytorchDefault(), 7, DType.F32);
    }

    /** A safetensors file from header text (space-padded to 8 bytes, as the format's writers do) and data. */
    public static byte[] safetensors(String header, byte[] data) {
        return safetensors(header.getBytes(StandardCharsets.UTF_8), data);
    }

    public static byte[] safetensors(byte[] header, byte[] data) {
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    private static String modelHeader(String architecture, String tensors) {
        return "{\"__metadata__\":{\"format\":\"pt\",\"lanes.format_version\":\"1\",\"lanes.architecture\":\""
                + architecture.replace("\"", "\\\"") + "\"}," + tensors + "}";
    }

    private static final String TWO_BY_TWO = "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}";

    /** Issue 11, item 2: a small file whose architecture announces a 40000×40000 Linear over 2×2 and 2 tensors. */
    public static byte[] oversizedArchitecture() {
        return safetensors(modelHeader("[{\"type\":\"Linear\",\"in_features\":40000,\"out_features\":40000}]", TWO_BY_TWO),
                new byte[24]);
    }

    /** Issue 11, item 5: an architecture of {@code reluLayers} ReLU layers after a 2×2 Linear. */
    public static byte[] manyLayers(int reluLayers) {
        StringBuilder architecture = new StringBuilder("[{\"type\":\"Linear\",\"in_features\":2,\"out_features\":2}");
        architecture.append(",{\"type\":\"ReLU\"}".repeat(reluLayers)).append(']');
        return safetensors(modelHeader(architecture.toString(), TWO_BY_TWO), new byte[24]);
    }

    /** Issue 11, item 5: a valid header behind a UTF-8 byte-order mark. */
    public static byte[] byteOrderMark() {
        return safetensors("\uFEFF{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    }

    /** Issue 11, item 5: a valid header in UTF-16 (big-endian, with its byte-order mark). */
    public static byte[] utf16() {
        return safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(Charset.forName("UTF-16")),
                new byte[4]);
    }

    /** A valid Lanes model file, as {@link ModelFile#save} writes it. */
    public static byte[] modelFile() {
        return saved(file -> ModelFile.save(checkpointModel(), file));
    }

    /** Issue 11, item 4: a valid model file with one byte of its data section (the last weight) flipped. */
    public static byte[] flippedDataByte() {
        byte[] bytes = modelFile();
        bytes[bytes.length - 9] ^= 0x40;
        return bytes;
    }

    /** A valid checkpoint of {@link #checkpointModel} with an Adam optimiser. */
    public static byte[] checkpoint() {
        return saved(file -> {
            Sequential model = checkpointModel();
            Adam optimizer = new Adam(model, 0.01);
            RunConfiguration run = new RunConfiguration(Architecture.describe(model), "softmax cross-entropy",
                    optimizer.describe(), "none", 32, 11, Map.of());
            Checkpoint.save(file, model, optimizer, run.toMetadata(), 3, 0.01);
        });
    }

    /** Every seed by file name. */
    public static Map<String, byte[]> safeTensorsSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("model-file", modelFile());
        seeds.put("checkpoint", checkpoint());
        seeds.put("oversized-architecture", oversizedArchitecture());
        seeds.put("2000-relu-layers", manyLayers(2000));
        seeds.put("byte-order-mark", byteOrderMark());
        seeds.put("utf16", utf16());
        seeds.put("flipped-data-byte", flippedDataByte());
        return seeds;
    }

    /** The fuzz test methods that read safetensors bytes: each replays every seed. */
    public static final List<String> METHODS = List.of("safeTensorsRead", "modelFileLoad", "checkpointRestore");

    private interface Save {
        void to(Path file) throws IOException;
    }

    private static byte[] saved(Save save) {
        try {
            Path dir = Files.createTempDirectory("lanes-corpus-");
            Path file = dir.resolve("f.safetensors");
            save.to(file);
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the seeds into the committed corpus: {@code main nn} from the repository's root. */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : "nn");
        for (String method : METHODS) {
            Path dir = inputs(module, ModelFileFuzzTest.class, method);
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : safeTensorsSeeds().entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }
}
