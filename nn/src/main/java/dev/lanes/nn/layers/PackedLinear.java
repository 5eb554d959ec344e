package dev.lanes.nn.layers;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedMatrix;
import dev.lanes.kernels.Transpose;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * A {@link Linear} frozen for inference: y = x·Wᵀ + b with W packed once ({@link Kernels#pack}) into the layout the
 * kernels' GEMM multiplies, so no forward pass packs it again — what ONNX Runtime does with a model's weights when a
 * session is created. The weight is a copy taken when the layer was made, and not a parameter: nothing trains or
 * changes it (make the layer again from the changed Linear). The bias is a parameter named {@code "bias"} as in
 * Linear, so a model's tensor names stay PyTorch's. Made by {@code Quantizer.pack} for a whole model; computes in the
 * dtype of the Linear it came from, with the kernels that packed it. {@link #backward} throws.
 */
public final class PackedLinear extends Layer {

    private final PackedMatrix weight;
    private final DType dtype;
    private final Parameter bias;
    private final Buffer output = new Buffer();

    /**
     * A layer computing what {@code linear} computes now, W packed by {@code kernels}; its bias is copied too.
     *
     * @param linear the layer to freeze
     * @param kernels the kernels that pack W, and that this layer's model must compute with
     */
    public PackedLinear(Linear linear, Kernels kernels) {
        Tensor w = linear.weight().value();
        this.dtype = linear.dtype();
        this.weight = dtype == DType.F32
                ? kernels.pack(Transpose.TRANSPOSE, linear.inFeatures(), linear.outFeatures(), w.floats(), 0, w.cols())
                : kernels.pack(Transpose.TRANSPOSE, linear.inFeatures(), linear.outFeatures(), w.doubles(), 0, w.cols());
        this.bias = linear.bias() == null ? null
                : registerParameter(new Parameter("bias", Parameter.Kind.BIAS, dtype, linear.outFeatures()));
        if (bias != null) {
            bias.value().copyFrom(linear.bias().value());
        }
    }

    /**
     * The number of input features.
     *
     * @return the width of each input row
     */
    public int inFeatures() {
        return weight.rows();
    }

    /**
     * The number of output features.
     *
     * @return the width of each output row
     */
    public int outFeatures() {
        return weight.columns();
    }

    /**
     * The bias, added to every output row.
     *
     * @return the bias b, [outFeatures]; null for a layer without one
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        return takesFeatures(inFeatures(), inputFeatures, outFeatures());
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Activation.IDENTITY);
    }

    /** The forward pass with {@code epilogue} applied in the GEMM, for a {@link Sequential} that fuses the activation. */
    Tensor forward(Tensor x, Activation epilogue) {
        requireBatch(x, inFeatures(), dtype);
        Tensor rows = x.flatten();
        Tensor y = output.matrix(dtype, rows.rows(), outFeatures());
        if (dtype == DType.F32) {
            kernels().gemm(Transpose.NONE, rows.rows(), 1f, rows.floats(), 0, inFeatures(), weight, 0f, y.floats(), 0,
                    outFeatures(), bias == null ? null : bias.value().floats(), epilogue);
        } else {
            kernels().gemm(Transpose.NONE, rows.rows(), 1.0, rows.doubles(), 0, inFeatures(), weight, 0.0, y.doubles(), 0,
                    outFeatures(), bias == null ? null : bias.value().doubles(), epilogue);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        throw new UnsupportedOperationException(describe() + ".backward: a packed layer is for inference only; "
                + "train the model it was packed from and pack it again");
    }

    @Override
    public String describe() {
        return "PackedLinear(" + inFeatures() + " → " + outFeatures() + (bias == null ? ", no bias" : "") + ")";
    }
}
