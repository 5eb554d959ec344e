package dev.lanes.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model or checkpoint file that is not a valid safetensors file, or does not fit the model it is loaded into; lanes-onnx
 * also throws it for an ONNX file it cannot read or hold exactly.
 */
public final class InvalidModelFileException extends IOException {

    /**
     * A problem with {@code file}, described by {@code problem}.
     *
     * @param file the file, named first in the message
     * @param problem what is wrong with it
     */
    public InvalidModelFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /**
     * A problem with {@code file}, found through {@code cause}.
     *
     * @param file the file, named first in the message
     * @param problem what is wrong with it
     * @param cause the exception that revealed it
     */
    public InvalidModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
