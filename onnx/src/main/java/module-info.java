/**
 * Lanes ONNX: a {@code Sequential} written as an ONNX model ({@link dev.lanes.onnx.OnnxExport}) and the
 * fully-connected ONNX graphs that exporters write read back as one ({@link dev.lanes.onnx.OnnxImport}). The
 * protobuf classes generated from ONNX's schema are not exported: the API speaks in Lanes' types and files.
 */
module dev.lanes.onnx {
    // Transitive: the API takes and returns nn's Sequential.
    requires transitive dev.lanes.nn;
    requires com.google.protobuf;

    exports dev.lanes.onnx;
}
