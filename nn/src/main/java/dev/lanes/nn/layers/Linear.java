package dev.lanes.nn.layers;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializer;
import dev.lanes.nn.internal.TensorKernels;

/**
 * An affine layer, y = x·Wᵀ + b, as PyTorch's {@code nn.Linear}: the weight is stored out×in, so a weight
 * file maps 1:1 onto PyTorch's. (The seeds store W in×out and write x·W; it is the same map, transposed.)
 *
 * <p>An input of rank above 2 is flattened to [batch, features] first, as the seeds' {@code affine_forward}
 * does with images, and the input gradient gets the input's shape back.
 *
 * <p>Without a bias ({@code bias} false in the constructor, as PyTorch's {@code bias=False}) the layer is y = x·Wᵀ:
 * it has the weight alone, {@link #bias()} is null, and a model file holds no {@code bias} tensor for it.
 *
 * <p>Inside a {@link Sequential}, a Linear followed by a {@link ReLU} computes the ReLU in the GEMM's epilogue
 * when the Sequential runs it (its output is then relu(x·Wᵀ + b)); its backward always takes the gradient with
 * respect to the pre-activation, which the following ReLU layer computes.
 */
public final class Linear extends Layer {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private Tensor input;
    private Tensor inputRows;
    private Tensor gradInputShaped;

    /**
     * A float32 layer with zero parameters (call {@link #initialize}).
     *
     * @param inFeatures the width of each input row, ≥ 1
     * @param outFeatures the width of each output row, ≥ 1
     * @throws IllegalArgumentException if a width is not positive
     */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, DType.F32);
    }

    /**
     * A layer of this dtype with zero parameters (call {@link #initialize}).
     *
     * @param inFeatures the width of each input row, ≥ 1
     * @param outFeatures the width of each output row, ≥ 1
     * @param dtype the element type of the parameters, and so of the inputs it takes
     * @throws IllegalArgumentException if a width is not positive
     */
    public Linear(int inFeatures, int outFeatures, DType dtype) {
        this(inFeatures, outFeatures, true, dtype);
    }

    /**
     * A layer of this dtype, with or without a bias, with zero parameters (call {@link #initialize}).
     *
     * @param inFeatures the width of each input row, ≥ 1
     * @param outFeatures the width of each output row, ≥ 1
     * @param bias whether the layer adds a learnt bias (PyTorch's {@code bias=True}, the default elsewhere)
     * @param dtype the element type of the parameters, and so of the inputs it takes
     * @throws IllegalArgumentException if a width is not positive
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be positive, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter(new Parameter("weight", Parameter.Kind.WEIGHT, dtype, outFeatures, inFeatures));
        this.bias = bias ? registerParameter(new Parameter("bias", Parameter.Kind.BIAS, dtype, outFeatures)) : null;
    }

    /**
     * Sets the weight and bias (if any) from {@code initializer}, drawing from {@code random}.
     *
     * @param initializer the scheme, given this layer's fan-in and fan-out
     * @param random the generator drawn from; layers of a model share one, in order
     * @return {@code this}, for building a model in one expression
     */
    public Linear initialize(Initializer initializer, SeededRandom random) {
        initializer.initialize(weight.value(), bias == null ? null : bias.value(), inFeatures, outFeatures, random);
        return this;
    }

    /**
     * The number of input features.
     *
     * @return the width of each input row
     */
    public int inFeatures() {
        return inFeatures;
    }

    /**
     * The number of output features.
     *
     * @return the width of each output row
     */
    public int outFeatures() {
        return outFeatures;
    }

    /**
     * The element type this layer computes in.
     *
     * @return the element type of the parameters, which inputs must have
     */
    public DType dtype() {
        return weight.value().dtype();
    }

    /**
     * The weight, out×in.
     *
     * @return the weight W, [outFeatures, inFeatures], as PyTorch stores it
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The bias, added to every output row.
     *
     * @return the bias b, [outFeatures]; null for a layer built without one
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        return takesFeatures(inFeatures, inputFeatures, outFeatures);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Activation.IDENTITY);
    }

    /**
     * The forward pass with {@code epilogue} applied to the output inside the GEMM, for a {@link Sequential}
     * whose plan fuses the following activation; the backward then expects the pre-activation gradient.
     */
    Tensor forward(Tensor x, Activation epilogue) {
        requireBatch(x, inFeatures, dtype());
        Tensor rows = x.flatten();
        Tensor y = output.matrix(dtype(), rows.rows(), outFeatures);
        TensorKernels.gemm(kernels(), Transpose.NONE, Transpose.TRANSPOSE, 1, rows, weight.value(), 0, y,
                bias == null ? null : bias.value(), epilogue);
        if (x != input) {
            gradInputShaped = null;
        }
        input = x;
        inputRows = rows;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        return backward(dy, true);
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGradient) {
        if (input == null) {
            throw noForward();
        }
        int batch = inputRows.rows();
        if (dy.rank() != 2 || dy.rows() != batch || dy.cols() != outFeatures || dy.dtype() != dtype()) {
            throw new IllegalArgumentException(describe() + ".backward: gradient " + dy.describe()
                    + " does not match the output of the last forward, " + dtype() + "[" + batch + ", " + outFeatures + "]");
        }
        // dW (+)= dyᵀ·x and db (+)= Σ dy, overwriting a cleared gradient rather than adding to zeros (see Parameter).
        TensorKernels.gemm(kernels(), Transpose.TRANSPOSE, Transpose.NONE, 1, dy, inputRows, weight.gradBeta(),
                weight.gradStorage(), null, Activation.IDENTITY);
        weight.gradWritten();
        if (bias != null) {
            TensorKernels.columnSums(kernels(), dy, bias.gradBeta(), bias.gradStorage());
            bias.gradWritten();
        }
        if (!inputGradient) {
            return null;
        }
        Tensor dx = gradInput.matrix(dtype(), batch, inFeatures);
        TensorKernels.gemm(kernels(), Transpose.NONE, Transpose.NONE, 1, dy, weight.value(), 0, dx, null, Activation.IDENTITY);
        if (input.rank() == 2) {
            return dx;
        }
        if (gradInputShaped == null || gradInputShaped.storage() != dx.storage() || gradInputShaped.rows() != batch) {
            gradInputShaped = dx.reshape(input.shape());
        }
        return gradInputShaped;
    }

    @Override
    public String describe() {
        return "Linear(" + inFeatures + " → " + outFeatures + (bias == null ? ", no bias" : "") + ")";
    }
}
