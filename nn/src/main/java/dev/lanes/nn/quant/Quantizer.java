package dev.lanes.nn.quant;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.PackedLinear;
import dev.lanes.nn.layers.Sequential;

import java.util.Map;
import java.util.function.IntFunction;

/**
 * Makes a quantized model from a trained float32 one: the same layers, each {@link Linear} replaced by a
 * {@link QuantizedLinear} whose weight is rounded to the chosen {@link Precision}, every other parameter and buffer
 * (biases, normalisation statistics) copied as float32. The result is a {@link Sequential} like the original —
 * use it through {@link dev.lanes.nn.train.Predictor} — for inference only; the original is not changed. Models
 * imported from ONNX are Sequentials too and quantize the same way. {@link #pack} makes the other inference copy: the
 * weights in their own precision, packed once for the GEMM.
 *
 * <p>Accuracy: bfloat16 keeps 8 significant bits (relative rounding error ≤ 2⁻⁹ per weight), binary16 11
 * (≤ 2⁻¹²), int8 an absolute error ≤ scale/2 = max|w_row|/254 per weight. The error a weight's rounding adds to an
 * output y_j is at most that bound times Σₚ|x_p| (see {@code QuantizedAccuracyTest}).
 */
public final class Quantizer {
    private Quantizer() {
    }

    /**
     * A quantized copy of {@code model}.
     *
     * @param model a float32 model of the layers a model file holds
     * @param precision how to store the Linear weights
     * @return a new model computing with {@code model}'s kernels
     * @throws IllegalArgumentException if the model is not float32, holds a layer a model file cannot describe, or
     *         (int8) a weight that is not finite
     */
    public static Sequential quantize(Sequential model, Precision precision) {
        return withWeights(model, index -> {
            Linear linear = (Linear) model.get(index);
            if (linear.dtype() != DType.F32) {
                throw new IllegalArgumentException("Quantizer.quantize: " + model.describe() + " is " + linear.dtype()
                        + "; quantize a float32 model");
            }
            return NarrowWeight.quantize(linear.weight().value(), precision);
        });
    }

    /**
     * A model with {@code model}'s layers, biases and buffers, and the narrow weight {@code weights} gives for each
     * Linear's index in place of that Linear.
     *
     * @param model a float32 model (its Linear weights are not read)
     * @param weights the narrow weight for the Linear at each index, shaped as it
     * @return a new model computing with {@code model}'s kernels
     * @throws IllegalArgumentException if a weight's shape is not its Linear's
     */
    public static Sequential withWeights(Sequential model, IntFunction<NarrowWeight> weights) {
        return withLinears(model, DType.F32, (index, in, out, bias) -> {
            NarrowWeight w = weights.apply(index);
            if (w.inFeatures() != in || w.outFeatures() != out) {
                throw new IllegalArgumentException("Quantizer: weight [" + w.outFeatures() + ", " + w.inFeatures()
                        + "] for layer " + index + ", which is [" + out + ", " + in + "]");
            }
            return new QuantizedLinear(w, bias);
        });
    }

    /**
     * A copy of {@code model} for inference whose Linear weights keep their precision, each packed once by the model's
     * kernels into the layout their GEMM multiplies ({@link PackedLinear}), so that no forward pass packs them again:
     * faster from a few rows a call (ONNX Runtime packs a model's weights when it opens it, the same way). Other
     * layers, biases and buffers are copied. The outputs are within the kernels' error bound of the model's, and
     * bit for bit the same where the model's product takes the blocked path; the copy does not follow later changes
     * to the model, and its kernels stay those that packed it.
     *
     * @param model a model of the layers a model file holds
     * @return a new model computing with {@code model}'s kernels, in evaluation mode
     * @throws IllegalArgumentException if the model holds a layer a model file cannot describe
     */
    public static Sequential pack(Sequential model) {
        Kernels kernels = model.kernels();
        DType dtype = model.parameters().isEmpty() ? DType.F32 : model.parameters().get(0).value().dtype();
        return withLinears(model, dtype, (index, in, out, bias) -> new PackedLinear((Linear) model.get(index), kernels));
    }

    /** A model with {@code model}'s layers, biases and buffers, and the layer {@code linears} makes for each Linear. */
    private static Sequential withLinears(Sequential model, DType dtype, Architecture.LinearFactory linears) {
        Sequential quantized = Architecture.build(Architecture.describe(model), dtype, linears);
        Map<String, Tensor> source = ModelFile.tensors(model);
        for (Map.Entry<String, Tensor> e : ModelFile.tensors(quantized).entrySet()) {
            e.getValue().copyFrom(source.get(e.getKey()));
        }
        quantized.setKernels(model.kernels());
        quantized.eval();
        return quantized;
    }
}
