package dev.lanes.nn.quant;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

/**
 * A {@link dev.lanes.nn.layers.Linear} for inference with a {@link NarrowWeight}: y = x·Wᵀ + b, W widened to float32 as
 * the kernels read it, float32 inputs, bias and sums. Its bias is a float32 parameter named {@code "bias"} as in
 * Linear (so a model's tensor names stay PyTorch's); the weight is not a parameter, as nothing trains it.
 * {@link #backward} throws: quantized models only predict.
 */
public final class QuantizedLinear extends Layer {

    private final NarrowWeight weight;
    private final Parameter bias;
    private final Buffer output = new Buffer();

    /**
     * A layer with this weight and, if {@code bias}, a float32 bias (zero until set through {@link #bias()}).
     *
     * @param weight the narrow weight, [out, in]
     * @param bias whether the layer adds a bias
     */
    public QuantizedLinear(NarrowWeight weight, boolean bias) {
        this.weight = weight;
        this.bias = bias ? registerParameter(new Parameter("bias", Parameter.Kind.BIAS, DType.F32, weight.outFeatures())) : null;
    }

    /**
     * The weight.
     *
     * @return the narrow weight this layer multiplies by
     */
    public NarrowWeight weight() {
        return weight;
    }

    /**
     * The bias.
     *
     * @return the float32 bias, [out]; null for a layer without one
     */
    public Parameter bias() {
        return bias;
    }

    /**
     * The input width.
     *
     * @return the number of input features
     */
    public int inFeatures() {
        return weight.inFeatures();
    }

    /**
     * The output width.
     *
     * @return the number of output features
     */
    public int outFeatures() {
        return weight.outFeatures();
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        return takesFeatures(inFeatures(), inputFeatures, outFeatures());
    }

    @Override
    public Tensor forward(Tensor x) {
        requireBatch(x, inFeatures(), DType.F32);
        Tensor rows = x.flatten();
        Tensor y = output.matrix(DType.F32, rows.rows(), outFeatures());
        weight.multiply(kernels(), rows.rows(), rows.floats(), bias == null ? null : bias.value().floats(), y.floats());
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        throw new UnsupportedOperationException(describe() + ".backward: a quantized layer is for inference only; "
                + "train the float32 model and quantize it again");
    }

    @Override
    public String describe() {
        return "QuantizedLinear(" + inFeatures() + " → " + outFeatures() + ", " + weight.precision()
                + (bias == null ? ", no bias" : "") + ")";
    }
}
