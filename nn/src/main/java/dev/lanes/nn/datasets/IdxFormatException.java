package dev.lanes.nn.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid IDX file of the expected kind: the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {

    /** The offending file. */
    private final Path file;

    /**
     * An invalid file.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     */
    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * An invalid file, found through another exception.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     * @param cause the exception that showed it
     */
    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * The offending file.
     *
     * @return the file named by the message
     */
    public Path file() {
        return file;
    }
}
