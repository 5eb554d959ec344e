package dev.lanes.onnx;

import dev.lanes.nn.layers.Layer;

/**
 * How one Lanes layer type is written as ONNX nodes: one implementation (or one table entry in {@link Mappings})
 * per layer type.
 *
 * @param <L> the layer type
 */
@FunctionalInterface
interface LayerExport<L extends Layer> {

    /**
     * Appends the nodes computing {@code layer} after the graph's current value.
     *
     * @param layer the layer
     * @param name its name in the model ("0", "3", …), which its nodes and parameters are named after
     * @param graph the graph being written
     */
    void write(L layer, String name, GraphWriter graph);
}
