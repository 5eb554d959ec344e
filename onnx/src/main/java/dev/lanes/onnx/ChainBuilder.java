package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.onnx.proto.OnnxProto.AttributeProto;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Lanes model an import builds, node by node along the graph's chain: the layers so far, the shape of the
 * current value (without its batch dimension) and the graph's constants. {@link NodeImport}s read and extend it.
 */
final class ChainBuilder {

    private final DType dtype;
    private final Map<String, TensorProto> constants;
    private final int opset;
    private final List<Layer> layers = new ArrayList<>();
    private int[] shape;
    private String current;
    private Linear awaitingBias;
    private Linear nextAwaitingBias;

    ChainBuilder(DType dtype, int[] inputShape, String input, Map<String, TensorProto> constants, int opset) {
        this.dtype = dtype;
        this.shape = inputShape.clone();
        this.current = input;
        this.constants = constants;
        this.opset = opset;
    }

    /**
     * The model's element type.
     *
     * @return F32 or F64, from the graph's input
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The opset of the default domain the model declares.
     *
     * @return its version
     */
    public int opset() {
        return opset;
    }

    /**
     * The shape of the current value without its batch dimension.
     *
     * @return a copy
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of features of each example of the current value (the product of {@link #shape()}).
     *
     * @return the product of the non-batch dimensions
     */
    public int features() {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Sets the shape of the current value (the node's output) without its batch dimension.
     *
     * @param nonBatch the dimensions after the batch one
     */
    public void setShape(int... nonBatch) {
        shape = nonBatch.clone();
    }

    /**
     * Appends a layer.
     *
     * @param layer the layer, which computes the node on the current value
     */
    public void add(Layer layer) {
        layers.add(layer);
    }

    /**
     * Replaces the last layer, {@code last}, by {@code replacement} (a MatMul's Linear by one with the Add's bias).
     *
     * @param last the layer added last
     * @param replacement the layer computing the same and more
     */
    public void replaceLast(Layer last, Layer replacement) {
        if (layers.getLast() != last) {
            throw new IllegalStateException("not the last layer: " + last.describe());
        }
        layers.set(layers.size() - 1, replacement);
    }

    /**
     * Marks {@code linear}, just added from a MatMul, as waiting for the bias a following Add may bring.
     *
     * @param linear the layer, with a zero bias so far
     */
    public void awaitBias(Linear linear) {
        nextAwaitingBias = linear;
    }

    /**
     * The Linear added by the node just before this one if it still waits for its bias (see {@link #awaitBias}).
     *
     * @return that layer, or null
     */
    public Linear awaitingBias() {
        return awaitingBias;
    }

    /**
     * The index among {@code node}'s inputs of the current value, which must be one of {@code slots}.
     *
     * @param node the node
     * @param slots the input positions where the operator takes its data
     * @return the position of the current value
     * @throws OnnxFormatException if the current value is elsewhere among its inputs
     */
    public int dataInput(NodeProto node, int... slots) throws OnnxFormatException {
        for (int slot : slots) {
            if (slot < node.getInputCount() && node.getInput(slot).equals(current)) {
                return slot;
            }
        }
        throw unsupported(node, "reads the value '" + current + "' as input " + node.getInputList().indexOf(current)
                + ", where Lanes expects data in input " + Arrays.toString(slots));
    }

    /**
     * Whether input {@code index} of {@code node} is given (ONNX leaves optional inputs out or empty).
     *
     * @param node the node
     * @param index the input position
     * @return true if present and non-empty
     */
    public static boolean hasInput(NodeProto node, int index) {
        return index < node.getInputCount() && !node.getInput(index).isEmpty();
    }

    /**
     * Input {@code index} of {@code node}, which must be an initializer or a Constant node's value.
     *
     * @param node the node
     * @param index the input position
     * @return the tensor
     * @throws OnnxFormatException if the input is missing or computed by the graph
     */
    public TensorProto constant(NodeProto node, int index) throws OnnxFormatException {
        if (!hasInput(node, index)) {
            throw unsupported(node, "has no input " + index);
        }
        TensorProto value = constants.get(node.getInput(index));
        if (value == null) {
            throw unsupported(node, "input " + index + " ('" + node.getInput(index)
                    + "') is computed in the graph; Lanes needs it to be an initializer or a Constant");
        }
        return value;
    }

    /**
     * Checks that {@code node} has no attribute outside {@code allowed}.
     *
     * @param node the node
     * @param allowed the attributes its importer reads
     * @throws OnnxFormatException naming the first other attribute
     */
    public static void requireAttributes(NodeProto node, Set<String> allowed) throws OnnxFormatException {
        for (AttributeProto a : node.getAttributeList()) {
            if (!allowed.contains(a.getName())) {
                throw unsupported(node, "has the attribute '" + a.getName() + "', which Lanes does not support"
                        + (allowed.isEmpty() ? "" : " (it reads " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    /**
     * The integer attribute {@code name} of {@code node}.
     *
     * @param node the node
     * @param name the attribute
     * @param absent the value when it is not given
     * @return its value
     * @throws OnnxFormatException if it is given with another type
     */
    public static long intAttribute(NodeProto node, String name, long absent) throws OnnxFormatException {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                if (a.getType() != AttributeProto.AttributeType.INT) {
                    throw unsupported(node, "has attribute '" + name + "' of type " + a.getType() + ", expected INT");
                }
                return a.getI();
            }
        }
        return absent;
    }

    /**
     * The float attribute {@code name} of {@code node}.
     *
     * @param node the node
     * @param name the attribute
     * @param absent the value when it is not given
     * @return its value
     * @throws OnnxFormatException if it is given with another type
     */
    public static float floatAttribute(NodeProto node, String name, float absent) throws OnnxFormatException {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                if (a.getType() != AttributeProto.AttributeType.FLOAT) {
                    throw unsupported(node, "has attribute '" + name + "' of type " + a.getType() + ", expected FLOAT");
                }
                return a.getF();
            }
        }
        return absent;
    }

    /**
     * A FLOAT setting (an attribute, or a FLOAT scalar constant) as the double a user most likely wrote: the shortest
     * decimal that rounds to it (0.01f → 0.01, 1e-5f → 1e-5), which is how PyTorch's settings, doubles, come back
     * from its FLOAT attributes.
     *
     * @param value the float
     * @return the double of its shortest decimal representation
     */
    public static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /**
     * An error naming the node, its operator and {@code why}.
     *
     * @param node the node
     * @param why what Lanes cannot represent
     * @return the exception, to throw
     */
    public static OnnxFormatException unsupported(NodeProto node, String why) {
        return new OnnxFormatException("node '" + node.getName() + "' (" + node.getOpType() + ") " + why);
    }

    /** Moves the chain past {@code node}: its first output is the new current value. */
    void advance(NodeProto node) {
        advanceTo(node.getOutput(0));
    }

    /** Moves the chain to {@code value}, the output of the node or decomposition just read. */
    void advanceTo(String value) {
        current = value;
        awaitingBias = nextAwaitingBias;
        nextAwaitingBias = null;
    }

    String current() {
        return current;
    }

    List<Layer> layers() {
        return layers;
    }
}
