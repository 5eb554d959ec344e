package dev.lanes.onnx;

import dev.lanes.onnx.proto.OnnxProto.NodeProto;

/**
 * How one ONNX operator becomes Lanes layers: one implementation (or one table entry in {@link Mappings}) per
 * operator. It checks every attribute and constant input it reads and refuses, naming the node, what it cannot
 * represent exactly.
 */
@FunctionalInterface
interface NodeImport {

    /**
     * Adds the layers computing {@code node} to {@code chain}, whose current value the node reads.
     *
     * @param node the node, in the default ONNX domain
     * @param chain the model being built
     * @throws OnnxFormatException if the node cannot be represented, naming it, its operator and why
     */
    void read(NodeProto node, ChainBuilder chain) throws OnnxFormatException;
}
