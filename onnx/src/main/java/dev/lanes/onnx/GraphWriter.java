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
    private final java.util.Map<String, Integer> nodeNames = new java.util.HashMap<>();
    private final int opset;
    private String current;

    /**
     * @param dtype the model's element type
     * @param input the graph input's name, the first current value
     * @param opset the default-domain opset the model declares; each layer writes the form that opset has
     */
    GraphWriter(DType dtype, String input, int opset) {
        this.dtype = dtype;
        this.current = input;
        this.opset = opset;
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
        String[] inputs = new String[extraInputs.length + 1];
        inputs[0] = current;
        System.arraycopy(extraInputs, 0, inputs, 1, extraInputs.length);
        current = compute(layerName, opType, sinceOpset, attributes, inputs);
    }

    /**
     * Appends a node reading exactly {@code inputs} (a step of a layer written as several nodes); the current
     * value stays until {@link #moveTo}.
     *
     * @param layerName the layer's name in the model, which names the node and its output
     * @param opType the ONNX operator, in the default domain
     * @param sinceOpset the lowest opset at which the operator has the meaning used
     * @param attributes the node's attributes
     * @param inputs the node's inputs (values and initializer names)
     * @return the name of the node's output
     * @throws IllegalStateException if the model's opset is below sinceOpset (a mapping chose the wrong form)
     */
    public String compute(String layerName, String opType, int sinceOpset, List<AttributeProto> attributes, String... inputs) {
        if (sinceOpset > opset) {
            throw new IllegalStateException(opType + " needs opset " + sinceOpset + ", the model declares " + opset);
        }
        String base = "/" + layerName + "/" + opType;
        int seen = nodeNames.merge(base, 1, Integer::sum);
        String name = seen == 1 ? base : base + "_" + (seen - 1);
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType)
                .addAllInput(List.of(inputs)).addAllAttribute(attributes).addOutput(name + "_output_0");
        nodes.add(node);
        return node.getOutput(0);
    }

    /**
     * The value the next layer reads.
     *
     * @return its name
     */
    public String current() {
        return current;
    }

    /**
     * Makes {@code value} (written by {@link #compute}) the current value, the layer's result.
     *
     * @param value a node's output
     */
    public void moveTo(String value) {
        current = value;
    }

    /**
     * A scalar initializer of the model's dtype (a constant of a decomposition: 0.5, √2, eps…).
     *
     * @param name its name
     * @param value its value, rounded once to the dtype
     * @return {@code name}
     */
    public String scalar(String name, double value) {
        Tensor t = Tensor.zeros(dtype, 1);
        t.setFlat(0, value);
        graph.addInitializer(OnnxTensors.toProto(name, t).toBuilder().clearDims().build());
        return name;
    }

    /**
     * A 1-D INT64 initializer (axes, shapes).
     *
     * @param name its name
     * @param values its elements
     * @return {@code name}
     */
    public String longs(String name, long... values) {
        graph.addInitializer(dev.lanes.onnx.proto.OnnxProto.TensorProto.newBuilder().setName(name)
                .setDataType(dev.lanes.onnx.proto.OnnxProto.TensorProto.DataType.INT64_VALUE).addDims(values.length)
                .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build());
        return name;
    }

    /**
     * A scalar BOOL initializer (Dropout's training_mode).
     *
     * @param name its name
     * @param value its value
     * @return {@code name}
     */
    public String bool(String name, boolean value) {
        graph.addInitializer(dev.lanes.onnx.proto.OnnxProto.TensorProto.newBuilder().setName(name)
                .setDataType(dev.lanes.onnx.proto.OnnxProto.TensorProto.DataType.BOOL_VALUE).addInt32Data(value ? 1 : 0).build());
        return name;
    }

    /** The graph, its last node writing {@code output} (an Identity node if that node is not the current value's). */
    GraphProto.Builder finish(String output) {
        if (nodes.isEmpty() || !nodes.getLast().getOutput(0).equals(current)) {
            node("identity", "Identity", 1, List.of());
        }
        nodes.getLast().setOutput(0, output);
        nodes.forEach(graph::addNode);
        return graph;
    }

    /**
     * The default-domain opset the model declares, which decides the form of some layers (Gelu from 20,
     * LayerNormalization from 17).
     *
     * @return the opset
     */
    public int opset() {
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
     * A list-of-integers attribute.
     *
     * @param name the attribute's name
     * @param values its values
     * @return the attribute
     */
    public static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /**
     * A string attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return the attribute
     */
    public static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
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
