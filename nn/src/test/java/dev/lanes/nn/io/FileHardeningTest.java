package dev.lanes.nn.io;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, items 2, 4, 5 and 6: loaders check what a file announces before allocating it, tensor data is
 * checksummed, the header follows the safetensors specification as strictly as its reference reader, and an
 * interrupted save leaves nothing behind once the next save to the same file has run.
 */
class FileHardeningTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertRejected(Path file, ReaderBudget.Read read, String reason) {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, read::run, reason);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), "message \"" + e.getMessage() + "\" lacks \"" + reason + "\"");
    }

    // ---- item 2: what a file announces is checked against what it holds, before allocating

    @Test
    void anArchitectureLargerThanTheTensorsIsRejectedBeforeBuilding() throws IOException {
        byte[] bytes = FuzzCorpus.oversizedArchitecture();
        Path file = write("oversized.safetensors", bytes);
        // Before: a 40000×40000 Linear was built from the metadata (OutOfMemoryError at -Xmx1g).
        ReaderBudget.check("ModelFile.load", InvalidModelFileException.class, bytes.length, () -> ModelFile.load(file));
        assertRejected(file, () -> ModelFile.load(file), "the architecture declares 1600040000 parameters but the file's tensors hold 6");
    }

    static Stream<Arguments> architecturesOverTheCaps() {
        return Stream.of(
                Arguments.of("a million ReLU layers", FuzzCorpus.manyLayers(1_000_000), "more than 1024 layers"),
                Arguments.of("1024 ReLU layers after a Linear", FuzzCorpus.manyLayers(1024), "more than 1024 layers"),
                Arguments.of("a Linear wider than the cap", FuzzCorpus.safetensors(
                        "{\"__metadata__\":{\"lanes.format_version\":\"1\",\"lanes.architecture\":"
                                + "\"[{\\\"type\\\":\\\"Linear\\\",\\\"in_features\\\":1,\\\"out_features\\\":1048577}]\"}}",
                        new byte[0]), "in 1..1048576, not 1 and 1048577"),
                Arguments.of("a weight larger than an array", FuzzCorpus.safetensors(
                        "{\"__metadata__\":{\"lanes.format_version\":\"1\",\"lanes.architecture\":"
                                + "\"[{\\\"type\\\":\\\"Linear\\\",\\\"in_features\\\":1048576,\\\"out_features\\\":1048576}]\"}}",
                        new byte[0]), "more weights than one array holds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architecturesOverTheCaps")
    void architecturesOverTheCapsAreRejectedQuickly(String name, byte[] bytes, String reason) throws IOException {
        Path file = write("caps.safetensors", bytes);
        ReaderBudget.check("ModelFile.load", InvalidModelFileException.class, bytes.length, () -> ModelFile.load(file));
        assertRejected(file, () -> ModelFile.load(file), reason);
    }

    @Test
    void theLargestArchitectureWithinTheCapsStillLoads() throws IOException {
        Path file = write("1023.safetensors", FuzzCorpus.manyLayers(1023));
        assertEquals(1024, ModelFile.load(file).layers().size());
    }

    @Test
    void aModelOverTheCapsIsNotSavedAsAFileNothingCouldLoad() {
        Sequential wide = new Sequential(new dev.lanes.nn.layers.Linear(1, Architecture.MAX_FEATURES + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(wide, dir.resolve("wide.safetensors")));
        assertTrue(e.getMessage().contains("wider than the 1048576 features"), e.getMessage());
    }

    // ---- item 4: tensor data is checksummed

    @Test
    void aFlippedDataByteIsDetectedNamingTheTensor() throws IOException {
        Path file = write("flipped.safetensors", FuzzCorpus.flippedDataByte());
        // Before: loaded silently with a changed weight.
        assertRejected(file, () -> ModelFile.load(file), "tensor '2.weight' is corrupt: its bytes have CRC32C");
    }

    @Test
    void everyDataByteFlipIsDetected() throws IOException {
        byte[] good = FuzzCorpus.modelFile();
        int dataStart = 8 + (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path file = dir.resolve("flip.safetensors");
        for (int i = dataStart; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 1;
            Files.write(file, bad);
            assertRejected(file, () -> ModelFile.load(file), "is corrupt");
        }
    }

    @Test
    void filesWithoutChecksumsStillLoad() throws IOException {
        // As PyTorch writes them: the same tensors, no lanes.crc32c.* metadata.
        Sequential model = FuzzCorpus.checkpointModel();
        Path file = dir.resolve("torch-like.safetensors");
        Map<String, Tensor> tensors = ModelFile.tensors(model);
        Files.write(file, withoutChecksums(model));
        Sequential loaded = ModelFile.load(file);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            assertTrue(e.getValue().contentEquals(loaded.namedParameters().get(e.getKey()).value()), e.getKey());
        }
    }

    private byte[] withoutChecksums(Sequential model) throws IOException {
        Path saved = dir.resolve("with.safetensors");
        ModelFile.save(model, saved);
        byte[] bytes = Files.readAllBytes(saved);
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8).strip()
                .replaceAll(",\"lanes\\.crc32c\\.[^\"]*\":\"[0-9a-f]{8}\"", "");
        assertFalse(header.contains("crc32c"), header);
        byte[] data = java.util.Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length);
        return FuzzCorpus.safetensors(header, data);
    }

    @Test
    void checksumsCannotBeSwitchedOffForSomeTensorsOnly() throws IOException {
        byte[] bytes = FuzzCorpus.modelFile();
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8).strip();
        byte[] data = java.util.Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length);
        Path missing = write("missing.safetensors", FuzzCorpus.safetensors(header.replace("lanes.crc32c.0.bias", "other.key"), data));
        assertRejected(missing, () -> SafeTensors.read(missing), "tensor '0.bias' has no checksum");
        Path extra = write("extra.safetensors", FuzzCorpus.safetensors(header.replace("\"format\":\"pt\"", "\"lanes.crc32c.ghost\":\"00000000\""), data));
        assertRejected(extra, () -> SafeTensors.read(extra), "records a checksum for tensor 'ghost'");
    }

    @Test
    void eachChecksumIsTheCrc32cOfTheBytesInTheFile() throws IOException {
        // Computed here from the file alone, so that a writer checksumming other bytes than it writes fails.
        byte[] bytes = FuzzCorpus.modelFile();
        SafeTensors.Contents contents = SafeTensors.read(write("model.safetensors", bytes));
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        int offset = 8 + headerLength;
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            int length = e.getValue().size() * e.getValue().dtype().bytes();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, offset, length);
            String entry = "\"" + SafeTensors.CHECKSUM_PREFIX + e.getKey() + "\":\"" + String.format("%08x", crc.getValue()) + "\"";
            assertTrue(header.contains(entry), "header lacks " + entry + ": " + header);
            offset += length;
        }
        assertEquals(bytes.length, offset);
    }

    @Test
    void aSaveBuildsEachTensorsBytesOnce() throws IOException {
        // Before: each tensor was converted to bytes twice, once for its checksum and once to write it.
        Tensor big = Tensor.zeros(DType.F32, 1024, 1024);
        long tensorBytes = (long) big.size() * Float.BYTES;
        Path file = dir.resolve("big.safetensors");
        Map<String, Tensor> tensors = Map.of("w", big);
        SafeTensors.write(file, tensors, Map.of()); // class loading and the channel's buffers outside the measure
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
        SafeTensors.write(file, tensors, Map.of());
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
        assertTrue(allocated < tensorBytes + tensorBytes / 2, "a save of " + tensorBytes + " bytes of tensor allocated "
                + allocated + " bytes");
    }

    @Test
    void checksumsAreNotPartOfTheMetadataCallersSeeAndCannotBeForged() throws IOException {
        Path file = dir.resolve("raw.safetensors");
        SafeTensors.write(file, Map.of("t", Tensor.of(new float[] {1, 2}, 2)), Map.of("k", "v"));
        assertEquals(Map.of("k", "v"), SafeTensors.read(file).metadata());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of(), Map.of("lanes.crc32c.t", "0")));
        assertTrue(e.getMessage().contains("reserved for checksums"), e.getMessage());
    }

    // ---- item 5: the header as the specification and the reference reader have it

    private static final String T = "\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    static Stream<Arguments> headersTheReferenceRejects() {
        return Stream.of(
                Arguments.of("UTF-8 byte-order mark", FuzzCorpus.byteOrderMark(), "found U+FEFF (a byte-order mark)"),
                Arguments.of("UTF-16", FuzzCorpus.utf16(), "not valid UTF-8"),
                Arguments.of("leading space", FuzzCorpus.safetensors(" {" + T + "}", new byte[4]), "must start with '{'"),
                Arguments.of("padded with a newline", FuzzCorpus.safetensors("{" + T + "}\n", new byte[4]), "padded with spaces (0x20) only"),
                Arguments.of("padded with NUL bytes", raw("{" + T + "}\0\0\0", new byte[4]), "padded with spaces (0x20) only"),
                Arguments.of("unknown dtype", FuzzCorpus.safetensors("{" + T.replace("F32", "F31") + "}", new byte[4]), "unknown dtype 'F31'"),
                Arguments.of("metadata holding an object", FuzzCorpus.safetensors("{\"__metadata__\":{\"a\":{}}," + T + "}", new byte[4]),
                        "__metadata__.a"),
                Arguments.of("metadata key twice", FuzzCorpus.safetensors("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}," + T + "}", new byte[4]),
                        "Duplicate field 'a'"),
                Arguments.of("metadata twice", FuzzCorpus.safetensors("{\"__metadata__\":{},\"__metadata__\":{}," + T + "}", new byte[4]),
                        "Duplicate field '__metadata__'"),
                Arguments.of("overlapping tensors", FuzzCorpus.safetensors("{" + T + "," + T.replace("\"t\"", "\"u\"") + "}", new byte[8]),
                        "contiguous"),
                Arguments.of("data not covered", FuzzCorpus.safetensors("{" + T + "}", new byte[8]), "trailing bytes"),
                Arguments.of("offsets past the data", FuzzCorpus.safetensors("{" + T.replace("[0,4]", "[4,8]") + "}", new byte[4]),
                        "contiguous"),
                Arguments.of("three offsets", FuzzCorpus.safetensors("{" + T.replace("[0,4]", "[0,4,4]") + "}", new byte[4]),
                        "expected [begin, end]"),
                Arguments.of("elements overflow", FuzzCorpus.safetensors("{" + T.replace("[1]", "[4294967296,4294967296,4294967296]") + "}",
                        new byte[4]), "has shape"),
                Arguments.of("header over 100,000,000 bytes", lengthOnly(100_000_001L), "header length 100000001"));
    }

    private static byte[] raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
    }

    private static byte[] lengthOnly(long headerLength) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put("{}      ".getBytes(StandardCharsets.UTF_8)).array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersTheReferenceRejects")
    void headersTheReferenceRejectsAreRejected(String name, byte[] bytes, String reason) throws IOException {
        Path file = write("header.safetensors", bytes);
        assertRejected(file, () -> SafeTensors.read(file), reason);
    }

    static Stream<Arguments> headersTheReferenceAccepts() {
        return Stream.of(
                Arguments.of("no tensors", FuzzCorpus.safetensors("{}", new byte[0]), List.of()),
                Arguments.of("null metadata", FuzzCorpus.safetensors("{\"__metadata__\":null," + T + "}", new byte[4]), List.of("t")),
                Arguments.of("unpadded header", raw("{" + T + "}", new byte[4]), List.of("t")),
                Arguments.of("whitespace inside the JSON", FuzzCorpus.safetensors("{\n \"t\" : {\"dtype\":\"F32\",\t\"shape\":[1],"
                        + "\"data_offsets\":[0,4]}\n}", new byte[4]), List.of("t")),
                Arguments.of("empty tensors sharing an offset", FuzzCorpus.safetensors("{" + T + ",\"e\":{\"dtype\":\"F64\",\"shape\":[0,3],"
                        + "\"data_offsets\":[4,4]},\"f\":{\"dtype\":\"F32\",\"shape\":[2,0],\"data_offsets\":[4,4]}}", new byte[4]),
                        List.of("t", "e", "f")),
                Arguments.of("a scalar", FuzzCorpus.safetensors("{\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}", new byte[8]),
                        List.of("s")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersTheReferenceAccepts")
    void headersTheReferenceAcceptsAreRead(String name, byte[] bytes, List<String> tensors) throws IOException {
        Path file = write("header.safetensors", bytes);
        assertEquals(tensors, List.copyOf(SafeTensors.read(file).tensors().keySet()));
    }

    @Test
    void dtypesLanesDoesNotHoldAreNamed() throws IOException {
        Path file = write("i16.safetensors", FuzzCorpus.safetensors("{" + T.replace("F32", "I16").replace("[0,4]", "[0,2]") + "}", new byte[2]));
        assertRejected(file, () -> SafeTensors.read(file), "tensor 't' has dtype I16; Lanes reads F32, F64, BF16, F16 and I8");
    }

    @Test
    void narrowTensorsAreReadRawAndAFloatModelFileRefusesThem() throws IOException {
        Path file = write("bf16.safetensors", FuzzCorpus.safetensors("{" + T.replace("F32", "BF16").replace("[0,4]", "[0,2]") + "}",
                new byte[] {(byte) 0x80, 0x3F}));
        SafeTensors.NarrowTensor t = SafeTensors.read(file).narrowTensors().get("t");
        assertEquals("BF16", t.dtype());
        assertArrayEquals(new short[] {0x3F80}, t.halves()); // 1.0 as bfloat16, little-endian in the file
        assertRejected(file, () -> ModelFile.loadInto(file, FuzzCorpus.checkpointModel()), "tensor 't' is BF16[1]");
    }

    // ---- item 6: an interrupted save leaves nothing behind once the next one has run

    @Test
    void theNextSaveReplacesWhatAnInterruptedOneLeft() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Path leftover = AtomicFile.temporaryFile(file);
        assertEquals(dir.resolve(".m.safetensors.tmp"), leftover);
        // An interrupted save (kill -9 after writing part of the data) leaves its temporary file.
        Files.write(leftover, new byte[] {1, 2, 3});
        Sequential model = FuzzCorpus.checkpointModel();
        ModelFile.save(model, file);
        ModelFile.save(model, file);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the model file remains");
        }
        assertArrayEquals(FuzzCorpus.modelFile(), Files.readAllBytes(file));
    }

    @Test
    void aLeftoverLinkIsReplacedNotFollowed() throws IOException {
        Path victim = Files.write(dir.resolve("victim"), new byte[] {42});
        Path file = dir.resolve("m.safetensors");
        Files.createSymbolicLink(AtomicFile.temporaryFile(file), victim);
        ModelFile.save(FuzzCorpus.checkpointModel(), file);
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(victim));
        assertFalse(Files.exists(AtomicFile.temporaryFile(file), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void savedFilesRoundTripBothDtypes() throws IOException {
        for (DType dtype : DType.values()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("a", Tensor.zeros(dtype, 3, 2));
            tensors.get("a").setFlat(5, -1.5);
            Path file = dir.resolve("rt-" + dtype + ".safetensors");
            SafeTensors.write(file, tensors, Map.of());
            assertTrue(SafeTensors.read(file).tensors().get("a").contentEquals(tensors.get("a")), dtype.name());
        }
    }
}
