package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.onnx.proto.OnnxProto.AttributeProto;
import dev.lanes.onnx.proto.OnnxProto.GraphProto;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;

import java.util.ArrayList;
import java.util.List;

/**
 * The graph an export builds: a chain of nodes from the input value to the output value, and the initializers
 * they read. Each {@link LayerExport} appends its layer's nodes after the current value; the last node's output
 * becomes the graph's output when the graph is finished.
 */
final class GraphWriter {

    private final DType dtype;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private String current;
    private int opset;

    GraphWriter(DType dtype, String input, int baseOpset) {
        this.dtype = dtype;
        this.current = input;
        this.opset = baseOpset;
    }

    /**
     * The element type of the model being written.
     *
     * @return its dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Adds {@code value} as the initializer {@code name}, its bits unchanged.
     *
     * @param name the initializer's name (the parameter's name in the model, as PyTorch names it)
     * @param value the tensor
     * @return {@code name}, for the node's input list
     */
    public String initializer(String name, Tensor value) {
        graph.addInitializer(OnnxTensors.toProto(name, value));
        return name;
    }

    /**
     * Appends a node reading the current value (then {@code extraInputs}); its output becomes the current value.
     *
     * @param layerName the layer's name in the model ("0", "1", …), which names the node and its output
     * @param opType the ONNX operator, in the default domain
     * @param sinceOpset the lowest opset at which the operator has the meaning used; the model declares the highest
     * @param attributes the node's attributes
     * @param extraInputs the inputs after the current value (initializer names)
     */
    public void node(String layerName, String opType, int sinceOpset, List<AttributeProto> attributes, String... extraInputs) {
        String name = "/" + layerName + "/" + opType;
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType)
                .addInput(current).addAllAttribute(attributes).addOutput(name + "_output_0");
        for (String input : extraInputs) {
            node.addInput(input);
        }
        nodes.add(node);
        current = node.getOutput(0);
        opset = Math.max(opset, sinceOpset);
    }

    /** The graph, its last node writing {@code output} (an Identity node if the model wrote none). */
    GraphProto.Builder finish(String output) {
        if (nodes.isEmpty()) {
            node("identity", "Identity", 1, List.of());
        }
        nodes.getLast().setOutput(0, output);
        nodes.forEach(graph::addNode);
        return graph;
    }

    /** The opset the model must declare: the highest any of its nodes needs. */
    int opset() {
        return opset;
    }

    /**
     * An integer attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return the attribute
     */
    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /**
     * A float attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return the attribute
     */
    public static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }
}
