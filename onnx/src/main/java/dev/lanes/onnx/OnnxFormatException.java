package dev.lanes.onnx;

/**
 * What is wrong with an ONNX model, before the file is known: {@code OnnxImport} turns it into an
 * {@code InvalidModelFileException} naming the file.
 */
final class OnnxFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A problem, described for the reader.
     *
     * @param problem what is wrong, naming the node, operator or tensor
     */
    public OnnxFormatException(String problem) {
        super(problem);
    }
}
