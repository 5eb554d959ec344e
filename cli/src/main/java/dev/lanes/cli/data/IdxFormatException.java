package dev.lanes.cli.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid IDX file of the expected kind: the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {

    private final Path file;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
