package dev.lanes.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model or checkpoint file that is not a valid safetensors file, or does not fit the model it is loaded into. */
public final class InvalidModelFileException extends IOException {

    public InvalidModelFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
