package dev.lanes.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The safetensors file format (as Hugging Face's {@code safetensors} library writes and reads it): an 8-byte
 * little-endian header length N, N bytes of JSON header (padded with spaces to a multiple of 8), then the
 * tensors' raw little-endian bytes. The header maps each tensor name to
 * {@code {"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}} (offsets into the data
 * section) and may hold {@code "__metadata__"}, a map of strings.
 *
 * <p>{@link #write} is atomic: it writes {@code .<name>.tmp} beside the target, forces it to disk and renames
 * it over the target, so a crash never leaves a half-written file where a good one was. The temporary name is
 * fixed per target, so a save interrupted by a crash leaves at most one such file, which the next save to the
 * same target replaces (two processes must not save to the same target at once).
 * {@link #write} also records a CRC32C of each tensor's bytes in the metadata ({@value #CHECKSUM_PREFIX}<i>name</i>
 * → 8 hex digits); other safetensors readers ignore these strings.
 *
 * <p>{@link #read} applies the checks of the format's reference reader (Hugging Face's Rust crate) before it
 * allocates anything a file announces: header length at most {@value #MAX_HEADER_BYTES} bytes and within the
 * file; the header valid UTF-8 (no byte-order mark: it must start with <code>{</code>), one JSON object
 * followed by nothing but space padding; {@code __metadata__} a map of strings to strings; every other entry a
 * tensor with a known dtype name, a shape of non-negative integers whose byte size (overflow-checked) equals
 * its {@code [begin, end]} offsets; offsets contiguous, non-overlapping and covering the data section exactly;
 * no name twice. Stricter than the reference, unknown fields in a tensor entry are refused, and where a file
 * carries checksums every tensor must have one and match it. Lanes computes in F32 and F64 ({@link Contents#tensors()});
 * quantized models store weights as BF16, F16 and I8, read and written raw ({@link Contents#narrowTensors()}). Any problem
 * is an {@link InvalidModelFileException} naming the file and, where there is one, the tensor. Memory: reading
 * allocates a small multiple of the file's actual size (the header as bytes and as text, each tensor as bytes
 * and as an array), never what a header merely announces.
 */
public final class SafeTensors {

    /** The key of the metadata map in the header. */
    public static final String METADATA_KEY = "__metadata__";
    /** Metadata keys {@code lanes.crc32c.<tensor>} hold the CRC32C of each tensor's bytes, as 8 hex digits. */
    public static final String CHECKSUM_PREFIX = "lanes.crc32c.";
    /** A checksum's place in the header before its value is known (every value is 8 hex digits too). */
    private static final String UNKNOWN_CHECKSUM = "00000000";
    /** The largest header accepted: the reference implementation's limit. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    /** The most elements a tensor read here may have: its bytes must fit one buffer. */
    private static final long MAX_ELEMENTS = (Integer.MAX_VALUE - 8) / 8;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafeTensors() {
    }

    /**
     * What a file holds: tensors in file order and the metadata strings.
     *
     * @param tensors the F32 and F64 tensors by name, in file order
     * @param narrowTensors the BF16, F16 and I8 tensors by name, in file order
     * @param metadata the {@code __metadata__} entries
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, NarrowTensor> narrowTensors, Map<String, String> metadata) {
    }

    /** The narrow dtypes, with their bytes per element. */
    private static final Map<String, Integer> NARROW_BYTES = Map.of("BF16", 2, "F16", 2, "I8", 1);

    /**
     * A tensor of a narrow dtype as the file holds it: its little-endian bytes, not widened.
     *
     * @param dtype "BF16", "F16" or "I8"
     * @param shape the dimensions
     * @param bytes the elements' little-endian bytes, (product of shape) × element size long
     */
    public record NarrowTensor(String dtype, int[] shape, byte[] bytes) {
        /**
         * Checks the dtype and that the bytes fit the shape.
         *
         * @throws IllegalArgumentException if the dtype is not narrow or the bytes do not fit
         */
        public NarrowTensor {
            Integer size = NARROW_BYTES.get(dtype);
            if (size == null) {
                throw new IllegalArgumentException("NarrowTensor: dtype " + dtype + " is not BF16, F16 or I8");
            }
            long elements = 1;
            for (int d : shape) {
                elements *= d;
            }
            if (elements * size != bytes.length) {
                throw new IllegalArgumentException("NarrowTensor: " + bytes.length + " bytes for " + dtype + Arrays.toString(shape));
            }
        }

        /**
         * A BF16 or F16 tensor from 16-bit patterns.
         *
         * @param dtype "BF16" or "F16"
         * @param shape the dimensions
         * @param bits the patterns, row-major
         * @return the tensor, holding a little-endian copy
         */
        public static NarrowTensor ofHalves(String dtype, int[] shape, short[] bits) {
            ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(bits);
            return new NarrowTensor(dtype, shape, b.array());
        }

        /**
         * The 16-bit patterns of a BF16 or F16 tensor.
         *
         * @return a new array, row-major
         * @throws IllegalStateException for an I8 tensor
         */
        public short[] halves() {
            if (dtype.equals("I8")) {
                throw new IllegalStateException("an I8 tensor has no 16-bit patterns");
            }
            short[] bits = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(bits);
            return bits;
        }

        /**
         * The number of elements.
         *
         * @return the product of the shape
         */
        public int size() {
            return bytes.length / NARROW_BYTES.get(dtype);
        }

        /**
         * For messages, e.g. {@code BF16[256, 784]}.
         *
         * @return the dtype and shape
         */
        public String describe() {
            return dtype + Arrays.toString(shape);
        }
    }

    /**
     * Writes the tensors (in map order) and metadata, plus a checksum of each tensor, to {@code path},
     * atomically.
     *
     * @param path the file, replaced by renaming a complete temporary file over it
     * @param tensors the tensors by name, each F32 or F64
     * @param metadata string entries for {@code __metadata__}; keys starting with {@link #CHECKSUM_PREFIX} are reserved
     * @throws java.io.IOException if the file cannot be written
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, Map.of(), metadata);
    }

    /**
     * Writes float tensors (in map order), then narrow ones (in map order), and metadata, plus a checksum of each
     * tensor, to {@code path}, atomically.
     *
     * @param path the file, replaced by renaming a complete temporary file over it
     * @param floatTensors the tensors by name, each F32 or F64
     * @param narrowTensors the BF16, F16 and I8 tensors by name, written as they are
     * @param metadata string entries for {@code __metadata__}; keys starting with {@link #CHECKSUM_PREFIX} are reserved
     * @throws java.io.IOException if the file cannot be written
     * @throws IllegalArgumentException if a name is used twice or a metadata key is reserved
     */
    public static void write(Path path, Map<String, Tensor> floatTensors, Map<String, NarrowTensor> narrowTensors,
                             Map<String, String> metadata) throws IOException {
        Map<String, Outgoing> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : floatTensors.entrySet()) {
            Tensor t = e.getValue();
            tensors.put(e.getKey(), new Outgoing(t.dtype().name(), t.shape(), (long) t.size() * t.dtype().bytes()));
        }
        for (Map.Entry<String, NarrowTensor> e : narrowTensors.entrySet()) {
            NarrowTensor t = e.getValue();
            Outgoing previous = tensors.put(e.getKey(), new Outgoing(t.dtype(), t.shape(), t.bytes().length));
            if (previous != null) {
                throw new IllegalArgumentException("SafeTensors.write: tensor '" + e.getKey() + "' is given twice");
            }
        }
        Map<String, String> withChecksums = new LinkedHashMap<>();
        if (metadata != null) {
            for (String key : metadata.keySet()) {
                if (key.startsWith(CHECKSUM_PREFIX)) {
                    throw new IllegalArgumentException("SafeTensors.write: metadata key '" + key + "' is reserved for checksums");
                }
            }
            withChecksums.putAll(metadata);
        }
        // Checksums are fixed-width, so the header's length is known before they are: the data is written first,
        // each tensor's bytes built once and checksummed as they are written, and the header last.
        for (String name : tensors.keySet()) {
            withChecksums.put(CHECKSUM_PREFIX + name, UNKNOWN_CHECKSUM);
        }
        int headerLength = header(tensors, withChecksums).length;
        AtomicFile.write(path, out -> {
            out.position(8 + headerLength);
            // The callers' maps are walked again here, in the header's order (floats, then narrow tensors).
            for (Map.Entry<String, Tensor> e : floatTensors.entrySet()) {
                ByteBuffer data = bytes(e.getValue());
                withChecksums.put(CHECKSUM_PREFIX + e.getKey(), checksum(data));
                AtomicFile.writeFully(out, data);
            }
            for (Map.Entry<String, NarrowTensor> e : narrowTensors.entrySet()) {
                ByteBuffer data = ByteBuffer.wrap(e.getValue().bytes());
                withChecksums.put(CHECKSUM_PREFIX + e.getKey(), checksum(data));
                AtomicFile.writeFully(out, data);
            }
            byte[] header = header(tensors, withChecksums);
            if (header.length != headerLength) {
                throw new IllegalStateException("SafeTensors.write: the header grew from " + headerLength + " to "
                        + header.length + " bytes when its checksums were filled in");
            }
            out.position(0);
            AtomicFile.writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
            AtomicFile.writeFully(out, ByteBuffer.wrap(header));
        });
    }

    private static String checksum(ByteBuffer littleEndianBytes) {
        CRC32C crc = new CRC32C();
        crc.update(littleEndianBytes.duplicate());
        return String.format("%08x", crc.getValue());
    }

    /** A tensor on its way into a file: what the header says of it. */
    private record Outgoing(String dtype, int[] shape, long byteCount) {
    }

    private static byte[] header(Map<String, Outgoing> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (metadata != null && !metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, Outgoing> e : tensors.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("SafeTensors.write: a tensor may not be named " + METADATA_KEY);
                }
                Outgoing t = e.getValue();
                long bytes = t.byteCount();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", t.dtype());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + bytes);
                g.writeEndArray();
                g.writeEndObject();
                offset += bytes;
            }
            g.writeEndObject();
        }
        int padded = (json.size() + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json.toByteArray(), padded);
        Arrays.fill(header, json.size(), padded, (byte) ' ');
        return header;
    }

    private static ByteBuffer bytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.F32) {
            b.asFloatBuffer().put(t.floats(), 0, t.size());
        } else {
            b.asDoubleBuffer().put(t.doubles(), 0, t.size());
        }
        return b;
    }

    /**
     * Reads and validates a file (see the class comment for what is checked).
     *
     * @param path the file
     * @return its tensors and metadata
     * @throws InvalidModelFileException if the file is not a valid safetensors file of F32, F64, BF16, F16 and I8 tensors
     * @throws java.io.IOException if it cannot be read
     */
    public static Contents read(Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = in.size();
            if (fileSize < 8) {
                throw new InvalidModelFileException(path, "too short for a safetensors file (" + fileSize
                        + " bytes; the 8-byte header length alone needs 8)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, lengthBytes, path);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new InvalidModelFileException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " does not fit a file of " + fileSize + " bytes (truncated or not a safetensors file; at most "
                        + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(in, header, path);
            Header parsed = parseHeader(path, header.array());
            long dataLength = fileSize - 8 - headerLength;
            List<Entry> entries = checkOffsets(path, parsed.entries, dataLength);
            Map<String, String> checksums = checksums(path, parsed);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, NarrowTensor> narrow = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                in.position(8 + headerLength + e.begin);
                readFully(in, data, path);
                data.flip();
                String expected = checksums.get(e.name);
                if (expected != null && !expected.equals(checksum(data))) {
                    throw new InvalidModelFileException(path, "tensor '" + e.name + "' is corrupt: its bytes have CRC32C "
                            + checksum(data) + ", the file recorded " + expected);
                }
                if (e.floatType == null) {
                    narrow.put(e.name, new NarrowTensor(e.dtype, e.shape, data.array()));
                    continue;
                }
                Tensor t = Tensor.zeros(e.floatType, e.shape);
                if (e.floatType == DType.F32) {
                    data.asFloatBuffer().get(t.floats(), 0, t.size());
                } else {
                    data.asDoubleBuffer().get(t.doubles(), 0, t.size());
                }
                tensors.put(e.name, t);
            }
            // Keep the file's own order of names, not the order of offsets.
            Map<String, Tensor> ordered = new LinkedHashMap<>();
            Map<String, NarrowTensor> orderedNarrow = new LinkedHashMap<>();
            for (Entry e : parsed.entries) {
                if (e.floatType == null) {
                    orderedNarrow.put(e.name, narrow.get(e.name));
                } else {
                    ordered.put(e.name, tensors.get(e.name));
                }
            }
            Map<String, String> metadata = new LinkedHashMap<>(parsed.metadata);
            metadata.keySet().removeIf(key -> key.startsWith(CHECKSUM_PREFIX));
            return new Contents(ordered, orderedNarrow, metadata);
        }
    }

    /**
     * The recorded checksum of each tensor, by name: none for a file written without them (PyTorch's); else
     * one for every tensor and none for a tensor that is not there, so that a corrupt header cannot switch
     * verification off for some tensors only.
     */
    private static Map<String, String> checksums(Path path, Header header) throws IOException {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : header.metadata.entrySet()) {
            if (m.getKey().startsWith(CHECKSUM_PREFIX)) {
                checksums.put(m.getKey().substring(CHECKSUM_PREFIX.length()), m.getValue());
            }
        }
        if (checksums.isEmpty()) {
            return checksums;
        }
        Set<String> names = new HashSet<>();
        for (Entry e : header.entries) {
            names.add(e.name);
            if (!checksums.containsKey(e.name)) {
                throw new InvalidModelFileException(path, "tensor '" + e.name + "' has no checksum (" + CHECKSUM_PREFIX
                        + e.name + ") though the file records checksums");
            }
        }
        for (String name : checksums.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidModelFileException(path, "records a checksum for tensor '" + name + "', which the file does not hold");
            }
        }
        return checksums;
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, Path path) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new InvalidModelFileException(path, "ends early (truncated)");
            }
        }
    }

    /** A tensor the header declares; {@code floatType} is null for a narrow dtype, read raw. */
    private record Entry(String name, String dtype, DType floatType, int[] shape, long begin, long end) {
    }

    private record Header(List<Entry> entries, Map<String, String> metadata) {
    }

    /** Every dtype name the format defines, with its size in bits; Lanes reads F32, F64, BF16, F16 and I8. */
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8),
            Map.entry("F8_E8M0", 8), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6),
            Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32),
            Map.entry("I64", 64), Map.entry("U64", 64), Map.entry("F64", 64), Map.entry("C64", 64));

    private static Header parseHeader(Path path, byte[] header) throws IOException {
        String text = utf8(path, header);
        if (text.charAt(0) != '{') {
            throw new InvalidModelFileException(path, String.format("header must start with '{' (U+007B), found U+%04X%s",
                    (int) text.charAt(0), text.charAt(0) == '\uFEFF' ? " (a byte-order mark)" : ""));
        }
        int end = text.length();
        while (text.charAt(end - 1) == ' ') {
            end--; // padding, which the format allows only as spaces after the JSON
        }
        if (text.charAt(end - 1) != '}') {
            throw new InvalidModelFileException(path, "header must be one JSON object padded with spaces (0x20) only, "
                    + "but ends with U+" + String.format("%04X", (int) text.charAt(end - 1)));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, path, "the header");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals(METADATA_KEY)) {
                    if (p.nextToken() == JsonToken.VALUE_NULL) {
                        continue; // the reference reader treats null as no metadata
                    }
                    expect(p, p.currentToken(), JsonToken.START_OBJECT, path, METADATA_KEY);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        expect(p, p.nextToken(), JsonToken.VALUE_STRING, path, METADATA_KEY + "." + key);
                        metadata.put(key, p.getText());
                    }
                } else {
                    entries.add(parseEntry(p, path, name));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new InvalidModelFileException(path, "header is not a single JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidModelFileException(path, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new Header(entries, metadata);
    }

    /** The header as text: strict UTF-8, as the reference reader requires (no UTF-16, no malformed bytes). */
    private static String utf8(Path path, byte[] header) throws InvalidModelFileException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidModelFileException(path, "header is not valid UTF-8 text (" + e + ")", e);
        }
    }

    private static Entry parseEntry(JsonParser p, Path path, String name) throws IOException {
        String where = "tensor '" + name + "'";
        expect(p, p.nextToken(), JsonToken.START_OBJECT, path, where);
        String dtype = null;
        long[] shape = null, offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            switch (field) {
                case "dtype" -> {
                    expect(p, p.nextToken(), JsonToken.VALUE_STRING, path, where + " dtype");
                    dtype = p.getText();
                }
                case "shape" -> shape = longArray(p, path, where + " shape");
                case "data_offsets" -> offsets = longArray(p, path, where + " data_offsets");
                default -> throw new InvalidModelFileException(path, where + " has an unknown field '" + field + "'");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new InvalidModelFileException(path, where + " lacks " + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (!DTYPE_BITS.containsKey(dtype)) {
            throw new InvalidModelFileException(path, where + " has unknown dtype '" + dtype + "'");
        }
        DType type = switch (dtype) {
            case "F32" -> DType.F32;
            case "F64" -> DType.F64;
            case "BF16", "F16", "I8" -> null;
            default -> throw new InvalidModelFileException(path, where + " has dtype " + dtype + "; Lanes reads F32, F64, BF16, F16 and I8");
        };
        int elementBytes = DTYPE_BITS.get(dtype) / 8;
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
            throw new InvalidModelFileException(path, where + " has data_offsets " + Arrays.toString(offsets)
                    + "; expected [begin, end] with 0 <= begin <= end");
        }
        int[] dims = new int[shape.length];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new InvalidModelFileException(path, where + " has shape " + Arrays.toString(shape));
            }
            dims[i] = (int) shape[i];
            elements *= shape[i];
            if (elements > MAX_ELEMENTS) {
                throw new InvalidModelFileException(path, where + " has shape " + Arrays.toString(shape)
                        + ", more elements than a Java array holds");
            }
        }
        if (elements * elementBytes != offsets[1] - offsets[0]) {
            throw new InvalidModelFileException(path, where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + elements * elementBytes + " bytes, but data_offsets " + Arrays.toString(offsets) + " hold "
                    + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, type, dims, offsets[0], offsets[1]);
    }

    private static long[] longArray(JsonParser p, Path path, String where) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_ARRAY, path, where);
        List<Long> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            values.add(p.getLongValue());
        }
        expect(p, p.currentToken(), JsonToken.END_ARRAY, path, where + " (integers only)");
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, Path path, String where) throws IOException {
        if (actual != expected) {
            throw new InvalidModelFileException(path, where + ": expected " + expected + " in the header, found "
                    + (actual == null ? "the end" : actual) + " at " + p.currentLocation().getCharOffset());
        }
    }

    private static List<Entry> checkOffsets(Path path, List<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin != expected) {
                throw new InvalidModelFileException(path, "tensor '" + e.name + "' starts at byte " + e.begin + " of the data, expected "
                        + expected + " (tensors must be contiguous, without gaps or overlaps)");
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw new InvalidModelFileException(path, "the tensors hold " + expected + " bytes but the file has " + dataLength
                    + " bytes of data" + (expected > dataLength ? " (truncated)" : " (trailing bytes)"));
        }
        return sorted;
    }
}
