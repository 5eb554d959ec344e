package dev.lanes.cli.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: unsigned-byte images ({@code idx3-ubyte}) and labels
 * ({@code idx1-ubyte}), gzip-compressed or not (told apart by the gzip magic bytes, not the file name).
 *
 * <p>The format: a 4-byte big-endian magic number {@code 0x0000TTDD} (TT = element type, 0x08 for unsigned
 * bytes; DD = number of dimensions), one big-endian 32-bit size per dimension, then the elements. Everything
 * is checked: the magic number, that sizes are positive and not absurd, that the file holds exactly the
 * elements the header announces (neither fewer nor more), and that the gzip stream is intact.
 */
public final class IdxReader {

    static final int UNSIGNED_BYTE = 0x08;
    /** No real IDX data set has a dimension this large; a bigger one means a corrupt header. */
    static final int MAX_DIMENSION = 1 << 24;
    /** Java arrays end here; the elements are read into one. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Unsigned-byte images, {@code count × rows × columns}, as read from an {@code idx3-ubyte} file. */
    public record Images(Path file, int count, int rows, int columns, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * columns;
        }

        /** Pixel {@code p} of image {@code i}, 0..255. */
        public int pixel(int i, int p) {
            return pixels[i * pixelsPerImage() + p] & 0xFF;
        }
    }

    public static Images readImages(Path file) throws IOException {
        Array array = read(file, 3);
        return new Images(file, array.dims[0], array.dims[1], array.dims[2], array.data);
    }

    /**
     * Labels from an {@code idx1-ubyte} file, each checked to be below {@code classes}.
     */
    public static int[] readLabels(Path file, int classes) throws IOException {
        Array array = read(file, 1);
        int[] labels = new int[array.dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = array.data[i] & 0xFF;
            if (labels[i] >= classes) {
                throw new IdxFormatException(file, "label " + labels[i] + " at index " + i
                        + " is out of range for " + classes + " classes");
            }
        }
        return labels;
    }

    private record Array(int[] dims, byte[] data) {
    }

    private static Array read(Path file, int expectedDims) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file, "no such file");
        }
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(file, "too short for an IDX header (" + Files.size(file) + " bytes)");
            }
            int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
            if (magic != expectedMagic) {
                throw new IdxFormatException(file, String.format(
                        "bad magic number 0x%08X, expected 0x%08X (unsigned bytes, %d dimension%s)%s",
                        magic, expectedMagic, expectedDims, expectedDims == 1 ? "" : "s", describeMagic(magic)));
            }
            int[] dims = new int[expectedDims];
            long elements = 1;
            for (int d = 0; d < expectedDims; d++) {
                try {
                    dims[d] = in.readInt();
                } catch (EOFException e) {
                    throw new IdxFormatException(file, "truncated header: dimension " + d + " of " + expectedDims + " is missing");
                }
                if (dims[d] <= 0 || dims[d] > MAX_DIMENSION) {
                    throw new IdxFormatException(file, "dimension " + d + " is " + Integer.toUnsignedString(dims[d])
                            + ", expected 1.." + MAX_DIMENSION);
                }
                elements *= dims[d];
            }
            if (elements > MAX_ELEMENTS) {
                throw new IdxFormatException(file, "header announces " + elements + " elements, more than one array can hold");
            }
            byte[] data = new byte[(int) elements];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new IdxFormatException(file, "truncated: header announces " + shape(dims) + " = " + elements
                        + " bytes of data, the file holds only " + read);
            }
            if (in.read() != -1) {
                throw new IdxFormatException(file, "has data after the " + elements + " bytes its header "
                        + shape(dims) + " announces");
            }
            return new Array(dims, data);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1F && b1 == 0x8B;
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static String describeMagic(int magic) {
        if ((magic >>> 16) != 0) {
            return " — not an IDX file";
        }
        return String.format(" — this file has element type 0x%02X and %d dimension(s)", (magic >>> 8) & 0xFF, magic & 0xFF);
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d : dims) {
            s.append(s.isEmpty() ? "" : "×").append(d);
        }
        return s.toString();
    }
}
