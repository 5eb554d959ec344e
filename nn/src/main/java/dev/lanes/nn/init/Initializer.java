package dev.lanes.nn.init;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

/**
 * How a layer's weight and bias start. The weight is drawn first, in row-major order, then the bias, all from
 * the given {@link SeededRandom}: the same seed gives the same network. Factories are in {@link Initializers}.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code weight} (out×in) and {@code bias} (out) of a layer with {@code fanIn} inputs and {@code fanOut} outputs.
     *
     * @param weight the weight to overwrite, [fanOut, fanIn]
     * @param bias the bias to overwrite, [fanOut], or null for a layer without one (draw nothing for it)
     * @param fanIn the layer's number of inputs
     * @param fanOut the layer's number of outputs
     * @param random the generator to draw from, weight first
     */
    void initialize(Tensor weight, Tensor bias, int fanIn, int fanOut, SeededRandom random);
}
