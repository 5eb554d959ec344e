package dev.lanes.cli.model;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face's; PyTorch loads it with {@code safetensors.torch.load_file}):
 * an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, an
 * optional {@code __metadata__} map of strings, then the raw little-endian data.
 *
 * <p>Written here because the {@code nn} module had no model files yet when the CLI needed them; when it has,
 * this class should give way to it. Writes go to a temporary file that is moved into place, so a crash
 * never leaves half a model.
 */
public final class Safetensors {

    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** A file's tensors, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                first = false;
            }
            header.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.size() * t.dtype().bytes();
            header.append(header.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(t.dtype() == DType.F32 ? "F32" : "F64").append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i == 0 ? "" : ",").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (8 - json.length % 8) % 8; // the format asks for 8-byte alignment of the data
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + padding);
                out.write(length.array());
                out.write(json);
                out.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
                for (Tensor t : tensors.values()) {
                    out.write(bytes(t));
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer buffer = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.F32) {
            buffer.asFloatBuffer().put(t.floats(), 0, t.size());
        } else {
            buffer.asDoubleBuffer().put(t.doubles(), 0, t.size());
        }
        return buffer.array();
    }

    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || channel.read(lengthBytes, 0) != 8) {
                throw new IOException(file + ": not a safetensors file (shorter than its 8-byte header length)");
            }
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLength + " for a file of " + size + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, 8);
            Map<String, Object> header;
            try {
                header = Json.parseObject(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": bad safetensors header: " + e.getMessage());
            }
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    if (e.getValue() instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
                    }
                    continue;
                }
                tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), channel, dataStart, dataLength));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static Tensor tensor(Path file, String name, Object entry, FileChannel channel, long dataStart, long dataLength)
            throws IOException {
        if (!(entry instanceof Map<?, ?> info) || !(info.get("dtype") instanceof String dtypeName)
                || !(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offsets)
                || offsets.size() != 2) {
            throw new IOException(file + ": tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        DType dtype = switch (dtypeName) {
            case "F32" -> DType.F32;
            case "F64" -> DType.F64;
            default -> throw new IOException(file + ": tensor '" + name + "' has dtype " + dtypeName + "; Lanes reads F32 and F64");
        };
        int[] shape = new int[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = ((Number) shapeList.get(i)).longValue();
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IOException(file + ": tensor '" + name + "' has a bad shape " + shapeList);
            }
            shape[i] = (int) d;
            elements *= d;
        }
        long begin = ((Number) offsets.get(0)).longValue();
        long end = ((Number) offsets.get(1)).longValue();
        if (begin < 0 || end > dataLength || end - begin != elements * dtype.bytes()) {
            throw new IOException(file + ": tensor '" + name + "' data_offsets [" + begin + ", " + end
                    + ") do not fit its shape " + shapeList + " or the file's " + dataLength + " data bytes (truncated?)");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            if (channel.read(data, dataStart + begin + data.position()) < 0) {
                throw new IOException(file + ": truncated in tensor '" + name + "'");
            }
        }
        data.flip();
        if (dtype == DType.F32) {
            float[] values = new float[(int) elements];
            data.asFloatBuffer().get(values);
            return Tensor.of(values, shape);
        }
        double[] values = new double[(int) elements];
        data.asDoubleBuffer().get(values);
        return Tensor.of(values, shape);
    }

    /** The JSON a safetensors header needs: objects, arrays, strings and integers. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static String quote(String value) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    case '\t' -> q.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                    }
                }
            }
            return q.append('"').toString();
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parseObject(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.skipSpace();
            if (json.i != text.length()) {
                throw new IllegalArgumentException("unexpected text at offset " + json.i);
            }
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException("the header is not a JSON object");
            }
            return (Map<String, Object>) value;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                skipSpace();
                if (peek('}')) {
                    return map;
                }
                do {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    map.put(key, value());
                    skipSpace();
                } while (peek(','));
                expect('}');
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skipSpace();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value());
                    skipSpace();
                } while (peek(','));
                expect(']');
                return list;
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
            }
            String number = s.substring(start, i);
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                return Double.parseDouble(number);
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            expect('"');
            return out.toString();
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            }
        }
    }
}
