package dev.lanes.nn.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 *
 * <p>The header is untrusted: what it announces is compared with what the file can hold before anything is
 * allocated. A raw file must hold exactly the announced bytes, which its size tells at once. A gzip file's
 * content is unknown until inflated, but deflate expands at most {@value #MAX_DEFLATE_RATIO}-fold, so an
 * announcement beyond that is rejected at once, and the data is read in growing chunks, so that memory follows
 * the bytes that actually arrive rather than the header's claim. Reading allocates at most about three times
 * the data's size plus fixed buffers.
 */
public final class IdxReader {

    static final int UNSIGNED_BYTE = 0x08;
    /** No real IDX data set has a dimension this large; a bigger one means a corrupt header. */
    static final int MAX_DIMENSION = 1 << 24;
    /** Java arrays end here; the elements are read into one. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Deflate's largest expansion (258 bytes from about 2 bits, as zlib's documentation puts it: 1032:1). */
    static final long MAX_DEFLATE_RATIO = 1032;
    /** The first chunk a gzip stream is read into; later chunks double, up to the announced size. */
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {
    }

    /**
     * Unsigned-byte images, {@code count × rows × columns}, as read from an {@code idx3-ubyte} file.
     *
     * @param file the file read, for messages
     * @param count the number of images
     * @param rows the rows of each image
     * @param columns the columns of each image
     * @param pixels every pixel, image after image, row-major; not copied
     */
    public record Images(Path file, int count, int rows, int columns, byte[] pixels) {
        /**
         * Pixels per image.
         *
         * @return rows × columns
         */
        public int pixelsPerImage() {
            return rows * columns;
        }

        /**
         * One pixel.
         *
         * @param i the image, in [0, count)
         * @param p the pixel within it, row-major, in [0, pixelsPerImage)
         * @return the pixel, 0..255
         */
        public int pixel(int i, int p) {
            return pixels[i * pixelsPerImage() + p] & 0xFF;
        }
    }

    /**
     * Images from an {@code idx3-ubyte} file, gzipped or not.
     *
     * @param file the file
     * @return the images
     * @throws IOException if the file cannot be read; an {@link IdxFormatException} naming it if it is not valid
     */
    public static Images readImages(Path file) throws IOException {
        Array array = read(file, 3);
        return new Images(file, array.dims[0], array.dims[1], array.dims[2], array.data);
    }

    /**
     * Labels from an {@code idx1-ubyte} file, each checked to be below {@code classes}.
     *
     * @param file the file, gzipped or not
     * @param classes the number of classes
     * @return one label per image
     * @throws IOException if the file cannot be read; an {@link IdxFormatException} naming it if it is not valid
     *         or a label is not below classes
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
        long fileSize = Files.size(file);
        boolean gzip = isGzip(file);
        try (DataInputStream in = new DataInputStream(open(file, gzip))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(file, "too short for an IDX header (" + fileSize + " bytes)");
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
                elements *= dims[d]; // at most MAX_ELEMENTS × MAX_DIMENSION: no overflow
                if (elements > MAX_ELEMENTS) {
                    throw new IdxFormatException(file, "header announces " + shape(dims, d + 1) + " = " + elements
                            + " elements, more than one array can hold");
                }
            }
            long headerBytes = 4L + 4L * expectedDims;
            if (!gzip && elements != fileSize - headerBytes) {
                throw elements > fileSize - headerBytes
                        ? truncated(file, dims, elements, fileSize - headerBytes)
                        : trailing(file, dims, elements);
            }
            if (gzip && elements + headerBytes > fileSize * MAX_DEFLATE_RATIO) {
                throw new IdxFormatException(file, "header announces " + shape(dims, expectedDims) + " = " + elements
                        + " bytes of data, more than a gzip file of " + fileSize + " bytes can hold (deflate expands at most "
                        + MAX_DEFLATE_RATIO + "-fold)");
            }
            byte[] data = readData(in, (int) elements);
            if (data.length < elements) {
                throw truncated(file, dims, elements, data.length);
            }
            if (in.read() != -1) {
                throw trailing(file, dims, elements);
            }
            return new Array(dims, data);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Up to {@code length} bytes, fewer if the stream ends first, in chunks that double from
     * {@link #FIRST_CHUNK}: memory grows with the bytes that arrive, not with the length announced.
     */
    private static byte[] readData(InputStream in, int length) throws IOException {
        byte[] data = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            int read = in.read(data, filled, data.length - filled);
            if (read < 0) {
                return Arrays.copyOf(data, filled);
            }
            filled += read;
        }
        return data;
    }

    private static IdxFormatException truncated(Path file, int[] dims, long elements, long present) {
        return new IdxFormatException(file, "truncated: header announces " + shape(dims, dims.length) + " = " + elements
                + " bytes of data, the file holds only " + present);
    }

    private static IdxFormatException trailing(Path file, int[] dims, long elements) {
        return new IdxFormatException(file, "has data after the " + elements + " bytes its header "
                + shape(dims, dims.length) + " announces");
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1F && in.read() == 0x8B;
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static String describeMagic(int magic) {
        if ((magic >>> 16) != 0) {
            return " — not an IDX file";
        }
        return String.format(" — this file has element type 0x%02X and %d dimension(s)", (magic >>> 8) & 0xFF, magic & 0xFF);
    }

    private static String shape(int[] dims, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(s.isEmpty() ? "" : "×").append(dims[i]);
        }
        return s.toString();
    }

    /**
     * Checks that a labels file holds one label per image.
     *
     * @param images the images read
     * @param labels the labels read
     * @param labelFile the labels' file, named by the exception
     * @throws IdxFormatException naming both files if the counts differ
     */
    public static void requireSameCount(Images images, int[] labels, Path labelFile) throws IdxFormatException {
        if (images.count() != labels.length) {
            throw new IdxFormatException(labelFile, "holds " + labels.length + " labels but " + images.file()
                    + " holds " + images.count() + " images");
        }
    }
}
