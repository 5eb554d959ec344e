package dev.lanes.onnx;

import dev.lanes.onnx.proto.OnnxProto.NodeProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layer that exporters write as several ONNX nodes (GELU as Div, Erf, Add, Mul, Mul; LayerNorm as ReduceMean,
 * Sub, Pow, …), recognised as a whole: a template of nodes over symbols, matched against the graph from the
 * chain's current value. The templates themselves are in {@link Mappings}, the one table.
 *
 * <p>Symbols in a template: {@code "x"} is the value the layer reads; a step's output symbol names the value it
 * writes for later steps; {@code "#name"} is a constant (an initializer or Constant node), captured under that
 * name for the builder to check and read. {@code Add} and {@code Mul} match their two inputs in either order.
 * A match also needs every value inside it to be read by the matched nodes only, so that replacing the nodes by
 * a layer changes nothing else in the graph.
 *
 * @param layer what the nodes compute, for messages ("GELU (erf form)")
 * @param steps the nodes, in an order where each reads only "x", constants and earlier steps
 * @param build checks the matched nodes' attributes and constants and adds the layer
 */
record Decomposition(String layer, List<Step> steps, Builder build) {

    /** The value a decomposition reads. */
    static final String INPUT = "x";

    /**
     * One node of a template.
     *
     * @param op its operator
     * @param output the symbol of its (first and only) output
     * @param inputs the symbols of its inputs, in order
     */
    record Step(String op, String output, String... inputs) {
    }

    /** Checks a match and adds the layer it computes to the chain. */
    @FunctionalInterface
    interface Builder {
        /**
         * @param match the matched nodes and constants
         * @param chain the model being built, whose current value the match reads
         * @throws OnnxFormatException if an attribute or constant is not what the layer needs, naming the node
         */
        void build(Match match, ChainBuilder chain) throws OnnxFormatException;
    }

    /**
     * The graph's nodes and constants bound to a template's symbols.
     *
     * @param nodes the nodes, by their output symbol
     * @param constants the constants, by capture name (without '#')
     * @param output the name of the value the last node writes, the layer's output
     */
    record Match(Map<String, NodeProto> nodes, Map<String, TensorProto> constants, String output) {

        NodeProto node(String symbol) {
            return nodes.get(symbol);
        }

        TensorProto constant(String name) {
            return constants.get(name);
        }

        /** The node that reads the constant {@code name}, for messages. */
        NodeProto readerOf(String name) {
            String tensor = constants.get(name).getName();
            for (NodeProto n : nodes.values()) {
                if (n.getInputList().contains(tensor)) {
                    return n;
                }
            }
            throw new IllegalStateException(name);
        }

        Set<NodeProto> all() {
            Set<NodeProto> set = Collections.newSetFromMap(new IdentityHashMap<>());
            set.addAll(nodes.values());
            return set;
        }
    }

    static Step step(String op, String output, String... inputs) {
        return new Step(op, output, inputs);
    }

    /** The operator of the first node, which the graph's current value must feed. */
    String firstOp() {
        return steps.getFirst().op();
    }

    /**
     * Binds the template to the nodes after {@code x}, or returns null if the graph does not have this shape there.
     *
     * @param x the chain's current value
     * @param consumers the computing nodes reading each value (constants excluded)
     * @param constants the graph's constants by name
     * @return the match, or null
     */
    Match match(String x, Map<String, List<NodeProto>> consumers, Map<String, TensorProto> constants) {
        Map<String, String> values = new HashMap<>();
        values.put(INPUT, x);
        Map<String, NodeProto> nodes = new HashMap<>();
        Map<String, TensorProto> captured = new HashMap<>();
        Set<NodeProto> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Step step : steps) {
            String anchor = null;
            for (String symbol : step.inputs()) {
                if (!symbol.startsWith("#")) {
                    anchor = values.get(symbol);
                    break;
                }
            }
            NodeProto found = null;
            for (NodeProto candidate : consumers.getOrDefault(anchor, List.of())) {
                if (used.contains(candidate) || !candidate.getOpType().equals(step.op())
                        || candidate.getOutputCount() < 1 || candidate.getInputCount() != step.inputs().length) {
                    continue;
                }
                Map<String, TensorProto> tried = new HashMap<>(captured);
                if (bind(step.inputs(), candidate.getInputList(), values, constants, tried)
                        || commutative(step) && bind(new String[] {step.inputs()[1], step.inputs()[0]},
                                candidate.getInputList(), values, constants, tried = new HashMap<>(captured))) {
                    found = candidate;
                    captured = tried;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            used.add(found);
            nodes.put(step.output(), found);
            values.put(step.output(), found.getOutput(0));
        }
        String output = values.get(steps.getLast().output());
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (value.getValue().equals(output)) {
                continue;
            }
            for (NodeProto reader : consumers.getOrDefault(value.getValue(), List.of())) {
                if (!used.contains(reader)) {
                    return null;      // a value inside the layer is also read elsewhere
                }
            }
        }
        return new Match(nodes, captured, output);
    }

    private static boolean commutative(Step step) {
        return step.inputs().length == 2 && (step.op().equals("Add") || step.op().equals("Mul"));
    }

    private static boolean bind(String[] symbols, List<String> inputs, Map<String, String> values,
                                Map<String, TensorProto> constants, Map<String, TensorProto> captured) {
        for (int i = 0; i < symbols.length; i++) {
            String symbol = symbols[i];
            String input = inputs.get(i);
            if (symbol.startsWith("#")) {
                TensorProto constant = constants.get(input);
                if (constant == null) {
                    return false;
                }
                TensorProto before = captured.putIfAbsent(symbol.substring(1), constant);
                if (before != null && before != constant) {
                    return false;
                }
            } else if (!input.equals(values.get(symbol))) {
                return false;
            }
        }
        return true;
    }

    /** The steps' operators, for messages. */
    List<String> ops() {
        List<String> ops = new ArrayList<>();
        steps.forEach(s -> ops.add(s.op()));
        return ops;
    }
}
