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
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (as Hugging Face's {@code safetensors} library writes and reads it): an 8-byte
 * little-endian header length N, N bytes of JSON header (padded with spaces to a multiple of 8), then the
 * tensors' raw little-endian bytes. The header maps each tensor name to
 * {@code {"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}} (offsets into the data
 * section) and may hold {@code "__metadata__"}, a map of strings.
 *
 * <p>{@link #write} is atomic: it writes a temporary file beside the target, forces it to disk and renames
 * it over the target, so a crash never leaves a half-written file where a good one was. {@link #read}
 * checks everything before trusting it (header length against the file size, the JSON, dtypes, shapes
 * against offsets, offsets contiguous and covering the data exactly) and throws
 * {@link InvalidModelFileException} naming the file and the tensor.
 */
public final class SafeTensors {

    /** The key of the metadata map in the header. */
    public static final String METADATA_KEY = "__metadata__";
    /** The largest header accepted, as the reference implementation's limit. */
    static final long MAX_HEADER_BYTES = 100L << 20;
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
     * @param tensors the tensors by name, in file order
     * @param metadata the {@code __metadata__} entries
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes the tensors (in map order) and metadata to {@code path}, atomically.
     *
     * @param path the file, replaced by renaming a complete temporary file over it
     * @param tensors the tensors by name, each F32 or F64
     * @param metadata string entries for {@code __metadata__}
     * @throws java.io.IOException if the file cannot be written
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                for (Tensor t : tensors.values()) {
                    writeFully(out, bytes(t));
                }
                out.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
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
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("SafeTensors.write: a tensor may not be named " + METADATA_KEY);
                }
                Tensor t = e.getValue();
                long bytes = (long) t.size() * t.dtype().bytes();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", t.dtype().name());
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
     * Reads and validates a file.
     *
     * @param path the file
     * @return its tensors and metadata
     * @throws InvalidModelFileException if the file is not a valid safetensors file of F32 and F64 tensors
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
                        + " does not fit a file of " + fileSize + " bytes (truncated or not a safetensors file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(in, header, path);
            Header parsed = parseHeader(path, header.array());
            long dataLength = fileSize - 8 - headerLength;
            List<Entry> entries = checkOffsets(path, parsed.entries, dataLength);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                in.position(8 + headerLength + e.begin);
                readFully(in, data, path);
                data.flip();
                Tensor t = Tensor.zeros(e.dtype, e.shape);
                if (e.dtype == DType.F32) {
                    data.asFloatBuffer().get(t.floats(), 0, t.size());
                } else {
                    data.asDoubleBuffer().get(t.doubles(), 0, t.size());
                }
                tensors.put(e.name, t);
            }
            // Keep the file's own order of names, not the order of offsets.
            Map<String, Tensor> ordered = new LinkedHashMap<>();
            for (Entry e : parsed.entries) {
                ordered.put(e.name, tensors.get(e.name));
            }
            return new Contents(ordered, parsed.metadata);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, Path path) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new InvalidModelFileException(path, "ends early (truncated)");
            }
        }
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {
    }

    private record Header(List<Entry> entries, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path path, byte[] header) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(header)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, path, "the header");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals(METADATA_KEY)) {
                    expect(p, p.nextToken(), JsonToken.START_OBJECT, path, METADATA_KEY);
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
        } catch (InvalidModelFileException e) {
            throw e;
        } catch (IOException e) { // e.g. bytes that are not UTF-8
            throw new InvalidModelFileException(path, "header is not valid JSON text: " + e.getMessage(), e);
        }
        return new Header(entries, metadata);
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
        DType type = switch (dtype) {
            case "F32" -> DType.F32;
            case "F64" -> DType.F64;
            default -> throw new InvalidModelFileException(path, where + " has dtype " + dtype + "; Lanes reads F32 and F64");
        };
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
        if (elements * type.bytes() != offsets[1] - offsets[0]) {
            throw new InvalidModelFileException(path, where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + elements * type.bytes() + " bytes, but data_offsets " + Arrays.toString(offsets) + " hold "
                    + (offsets[1] - offsets[0]));
        }
        return new Entry(name, type, dims, offsets[0], offsets[1]);
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
