package dev.lanes.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How every Lanes file is saved: written in full to {@code .<name>.tmp} beside it, forced to disk, then renamed over
 * it, so that a crash leaves the old file or the new one, never part of one. A leftover temporary file from an
 * interrupted save is replaced, never followed (it could be a link planted there). Two processes must not save to
 * the same file at once.
 */
public final class AtomicFile {

    /** The contents of a file, written into an open channel. */
    @FunctionalInterface
    public interface Contents {
        /**
         * Writes the whole file.
         *
         * @param out the new file, empty and positioned at 0; it may be positioned at will
         * @throws IOException if writing fails (the old file is then left as it was)
         */
        void writeTo(FileChannel out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code path} with what {@code contents} writes, or leaves it as it was if that fails.
     *
     * @param path the file; its folder is created if missing
     * @param contents what to write
     * @throws IOException if the file cannot be written or renamed
     */
    public static void write(Path path, Contents contents) throws IOException {
        Path absolute = path.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = temporaryFile(absolute);
        Files.deleteIfExists(tmp);
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                contents.writeTo(out);
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

    /**
     * Replaces {@code path} with {@code bytes}, as {@link #write(Path, Contents)}.
     *
     * @param path the file; its folder is created if missing
     * @param bytes the whole new contents
     * @throws IOException if the file cannot be written or renamed
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        write(path, out -> writeFully(out, ByteBuffer.wrap(bytes)));
    }

    /**
     * Where {@link #write} puts the new file before renaming it over {@code target}: one name per target.
     *
     * @param target the file being saved
     * @return {@code .<name>.tmp} in the same folder
     */
    public static Path temporaryFile(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
    }

    /**
     * Writes all of {@code buffer}: a channel may take less than asked.
     *
     * @param out the channel
     * @param buffer the bytes, written from its position to its limit
     * @throws IOException if writing fails
     */
    public static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
