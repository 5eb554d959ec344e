package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.onnx.proto.OnnxProto.AttributeProto;
import dev.lanes.onnx.proto.OnnxProto.GraphProto;
import dev.lanes.onnx.proto.OnnxProto.ModelProto;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;
import dev.lanes.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;
import dev.lanes.onnx.proto.OnnxProto.TensorShapeProto;
import dev.lanes.onnx.proto.OnnxProto.TypeProto;
import dev.lanes.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model read as a Lanes {@link Sequential}: the graph must be a chain from its one input to its one output,
 * each node reading the value the previous one wrote (and constants), in the operators {@link Mappings} reads.
 * Everything is checked before the model is returned; what does not fit is refused, naming the node, operator or
 * tensor and why.
 */
final class GraphReader {

    private GraphReader() {
    }

    static Sequential read(ModelProto model) throws OnnxFormatException {
        if (!model.hasGraph()) {
            throw new OnnxFormatException("no graph (is this an ONNX model?)");
        }
        if (model.getIrVersion() < 3) {
            throw new OnnxFormatException("IR version " + model.getIrVersion() + "; Lanes reads ONNX IR version 3 or newer");
        }
        int opset = defaultOpset(model);
        GraphProto graph = model.getGraph();

        Map<String, TensorProto> constants = new HashMap<>();
        Set<String> produced = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (constants.put(t.getName(), t) != null) {
                throw new OnnxFormatException("two initializers are named '" + t.getName() + "'");
            }
            produced.add(t.getName());
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new OnnxFormatException("the graph has " + inputs.size() + " inputs besides its initializers "
                    + inputs.stream().map(ValueInfoProto::getName).toList() + "; Lanes reads graphs of one input");
        }
        if (graph.getOutputCount() != 1) {
            throw new OnnxFormatException("the graph has " + graph.getOutputCount() + " outputs; Lanes reads graphs of one output");
        }
        ValueInfoProto input = inputs.getFirst();
        DType dtype = inputType(input);
        int[] shape = inputShape(input);
        produced.add(input.getName());

        Map<String, List<NodeProto>> consumers = new HashMap<>();
        List<NodeProto> computing = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw ChainBuilder.unsupported(node, "is in the domain '" + node.getDomain() + "'; Lanes reads the default ONNX domain");
            }
            if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
                throw ChainBuilder.unsupported(node, "has no output");
            }
            for (String output : node.getOutputList()) {
                if (!output.isEmpty() && !produced.add(output)) {
                    throw ChainBuilder.unsupported(node, "writes '" + output + "', which another node, an initializer or the input already defines");
                }
            }
            if (node.getOpType().equals("Constant")) {
                constants.put(node.getOutput(0), constantValue(node));
                continue;
            }
            if (node.getOpType().equals("Identity") && node.getInputCount() == 1 && constants.containsKey(node.getInput(0))) {
                // PyTorch names one constant twice this way (a BatchNormalization's equal weight and running_var).
                ChainBuilder.requireAttributes(node, Set.of());
                constants.put(node.getOutput(0), constants.get(node.getInput(0)).toBuilder().setName(node.getOutput(0)).build());
                continue;
            }
            computing.add(node);
            for (String in : node.getInputList()) {
                if (!in.isEmpty() && !constants.containsKey(in)) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
        }

        String output = graph.getOutput(0).getName();
        ChainBuilder chain = new ChainBuilder(dtype, shape, input.getName(), constants, opset);
        Set<NodeProto> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!chain.current().equals(output)) {
            List<NodeProto> next = consumers.getOrDefault(chain.current(), List.of());
            if (next.isEmpty()) {
                throw new OnnxFormatException("the value '" + chain.current() + "' is read by no node and is not the graph's output '"
                        + output + "'");
            }
            Decomposition.Match match = decomposition(chain, consumers, constants);
            if (match != null) {
                for (NodeProto n : match.nodes().values()) {
                    if (!visited.add(n)) {
                        throw ChainBuilder.unsupported(n, "is reached twice: the graph has a cycle");
                    }
                }
                chain.advanceTo(match.output());
                if (chain.layers().size() > Architecture.MAX_LAYERS) {
                    throw new OnnxFormatException("more than " + Architecture.MAX_LAYERS + " layers");
                }
                continue;
            }
            if (next.size() > 1) {
                throw new OnnxFormatException("the graph is not a chain: the value '" + chain.current() + "' is read by "
                        + next.stream().map(n -> "'" + n.getName() + "' (" + n.getOpType() + ")").toList()
                        + ", which is none of the decompositions Lanes reads ("
                        + String.join(", ", Mappings.decompositions().stream().map(Decomposition::layer).toList())
                        + "); Lanes reads graphs where each value feeds the next node only");
            }
            NodeProto node = next.getFirst();
            if (!visited.add(node)) {
                throw ChainBuilder.unsupported(node, "is reached twice: the graph has a cycle");
            }
            for (String in : node.getInputList()) {
                if (!in.isEmpty() && !in.equals(chain.current()) && !constants.containsKey(in)) {
                    throw ChainBuilder.unsupported(node, "also reads '" + in + "', computed elsewhere in the graph; Lanes reads chains");
                }
            }
            NodeImport importer = Mappings.importOf(node.getOpType());
            if (importer == null) {
                throw ChainBuilder.unsupported(node, "is an operator Lanes does not import (it reads "
                        + String.join(", ", Mappings.importedOperators()) + ")");
            }
            importer.read(node, chain);
            chain.advance(node);
            if (chain.layers().size() > Architecture.MAX_LAYERS) {
                throw new OnnxFormatException("more than " + Architecture.MAX_LAYERS + " layers");
            }
        }
        for (NodeProto node : computing) {
            if (!visited.contains(node)) {
                throw ChainBuilder.unsupported(node, "is not on the chain from the input '" + input.getName()
                        + "' to the output '" + output + "'");
            }
        }
        if (chain.layers().isEmpty()) {
            throw new OnnxFormatException("the graph computes nothing Lanes holds as a layer (only reshapes or identities)");
        }
        return new Sequential(chain.layers().toArray(Layer[]::new));
    }

    /** The first decomposition that matches at the chain's current value, its layer added; null if none does. */
    private static Decomposition.Match decomposition(ChainBuilder chain, Map<String, List<NodeProto>> consumers,
                                                     Map<String, TensorProto> constants) throws OnnxFormatException {
        List<NodeProto> next = consumers.getOrDefault(chain.current(), List.of());
        for (Decomposition d : Mappings.decompositions()) {
            if (next.stream().noneMatch(n -> n.getOpType().equals(d.firstOp()))) {
                continue;
            }
            Decomposition.Match match = d.match(chain.current(), consumers, constants);
            if (match != null) {
                d.build().build(match, chain);
                return match;
            }
        }
        return null;
    }

    private static int defaultOpset(ModelProto model) throws OnnxFormatException {
        Integer found = null;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (found != null) {
                    throw new OnnxFormatException("the default ONNX domain is imported twice");
                }
                if (o.getVersion() < Mappings.MIN_IMPORT_OPSET || o.getVersion() > Mappings.MAX_IMPORT_OPSET) {
                    throw new OnnxFormatException("opset " + o.getVersion() + "; Lanes reads opsets "
                            + Mappings.MIN_IMPORT_OPSET + " to " + Mappings.MAX_IMPORT_OPSET);
                }
                found = (int) o.getVersion();
            }
        }
        if (found == null) {
            throw new OnnxFormatException("no opset of the default ONNX domain is imported");
        }
        return found;
    }

    private static DType inputType(ValueInfoProto input) throws OnnxFormatException {
        TypeProto type = input.getType();
        if (!type.hasTensorType()) {
            throw new OnnxFormatException("the input '" + input.getName() + "' is not a tensor");
        }
        int elem = type.getTensorType().getElemType();
        if (elem == TensorProto.DataType.FLOAT_VALUE) {
            return DType.F32;
        }
        if (elem == TensorProto.DataType.DOUBLE_VALUE) {
            return DType.F64;
        }
        throw new OnnxFormatException("the input '" + input.getName() + "' is " + OnnxTensors.typeName(elem)
                + "; Lanes computes in FLOAT or DOUBLE");
    }

    /** The input's dimensions after the batch one, each a fixed positive size. */
    private static int[] inputShape(ValueInfoProto input) throws OnnxFormatException {
        if (!input.getType().getTensorType().hasShape()) {
            throw new OnnxFormatException("the input '" + input.getName() + "' has no shape, so the features per example are unknown");
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() < 2) {
            throw new OnnxFormatException("the input '" + input.getName() + "' has rank " + shape.getDimCount()
                    + "; Lanes reads a batch of examples, [batch, features…]");
        }
        int[] dims = new int[shape.getDimCount() - 1];
        long features = 1;
        for (int i = 1; i < shape.getDimCount(); i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() <= 0) {
                throw new OnnxFormatException("the input '" + input.getName() + "' has dimension " + i + " = "
                        + (d.hasDimValue() ? d.getDimValue() : "'" + d.getDimParam() + "'")
                        + "; Lanes needs every dimension but the batch fixed and positive");
            }
            features *= d.getDimValue();
            if (features > Architecture.MAX_FEATURES) {
                throw new OnnxFormatException("the input '" + input.getName() + "' has over " + Architecture.MAX_FEATURES
                        + " features per example");
            }
            dims[i - 1] = (int) d.getDimValue();
        }
        return dims;
    }

    private static TensorProto constantValue(NodeProto node) throws OnnxFormatException {
        ChainBuilder.requireAttributes(node, Set.of("value"));
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getType() == AttributeProto.AttributeType.TENSOR) {
                return a.getT().toBuilder().setName(node.getOutput(0)).build();
            }
        }
        throw ChainBuilder.unsupported(node, "has no tensor 'value'");
    }
}
