package dev.lanes.nn.io;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.quant.NarrowWeight;
import dev.lanes.nn.quant.Precision;
import dev.lanes.nn.quant.QuantizedLinear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quantized model ({@link dev.lanes.nn.quant.Quantizer}) as a safetensors file: as {@link ModelFile} writes the
 * float32 model it came from (same names, same architecture metadata), except that each Linear weight
 * {@code "<i>.weight"} is BF16, F16 or I8 — as PyTorch writes a {@code torch.bfloat16} or {@code torch.float16}
 * state dict — and an int8 weight has its per-row scales beside it as F32 {@code "<i>.weight_scale"} [out].
 * {@value #PRECISION_KEY} in the metadata names the precision.
 *
 * <p>Loading applies {@link SafeTensors#read}'s checks, then ModelFile's: the architecture's declared parameter
 * count must equal what the tensors hold before anything is built, and every tensor must fit its layer (shape and
 * dtype), with nothing missing or left over; any problem is an {@link InvalidModelFileException} naming the file
 * and the tensor. {@link #load(Path, Sequential)} reads a file PyTorch wrote from a model's
 * {@code state_dict()} after {@code .to(torch.bfloat16)} or {@code .half()}: every tensor narrow, biases
 * included (widened exactly to float32 here).
 */
public final class QuantizedModelFile {

    /** Metadata key naming the weights' precision: "BF16", "F16" or "INT8" ({@link Precision#name()}). */
    public static final String PRECISION_KEY = "lanes.quantization";
    /** Suffix of an int8 weight's scales: {@code "<i>.weight_scale"}. */
    public static final String SCALE_SUFFIX = ".weight_scale";

    private QuantizedModelFile() {
    }

    /**
     * Saves a quantized model, atomically.
     *
     * @param model a model from {@link dev.lanes.nn.quant.Quantizer} (or {@link #load})
     * @param path the file
     * @throws IllegalArgumentException if the model has no quantized layer or mixes precisions
     * @throws IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path) throws IOException {
        save(model, path, Map.of());
    }

    /**
     * Saves a quantized model with more metadata entries (an application's own, such as how inputs are scaled).
     *
     * @param model a model from {@link dev.lanes.nn.quant.Quantizer} (or {@link #load})
     * @param path the file
     * @param extraMetadata entries added to the metadata; they may not replace this class's or ModelFile's keys
     * @throws IllegalArgumentException if the model has no quantized layer or mixes precisions, or a key is taken
     * @throws IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path, Map<String, String> extraMetadata) throws IOException {
        Precision precision = precisionOf(model);
        Map<String, Tensor> floats = new LinkedHashMap<>();
        Map<String, SafeTensors.NarrowTensor> narrow = new LinkedHashMap<>();
        Map<String, Tensor> others = ModelFile.tensors(model);
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i) instanceof QuantizedLinear q) {
                NarrowWeight w = q.weight();
                int[] shape = {w.outFeatures(), w.inFeatures()};
                if (precision == Precision.INT8) {
                    narrow.put(i + ".weight", new SafeTensors.NarrowTensor("I8", shape, w.int8().clone()));
                    floats.put(i + SCALE_SUFFIX, Tensor.of(w.scales().clone(), w.outFeatures()));
                } else {
                    narrow.put(i + ".weight", SafeTensors.NarrowTensor.ofHalves(precision.safetensorsDtype(), shape, w.halves()));
                }
            }
        }
        floats.putAll(others);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(ModelFile.VERSION_KEY, ModelFile.VERSION);
        metadata.put(ModelFile.ARCHITECTURE_KEY, Architecture.describe(model));
        metadata.put(PRECISION_KEY, precision.name());
        for (Map.Entry<String, String> e : extraMetadata.entrySet()) {
            if (metadata.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("QuantizedModelFile.save: metadata key '" + e.getKey() + "' is taken");
            }
        }
        SafeTensors.write(path, floats, narrow, metadata);
    }

    /**
     * The precision of a quantized model's weights.
     *
     * @param model a model holding {@link QuantizedLinear} layers
     * @return their precision
     * @throws IllegalArgumentException if it holds none, or several precisions
     */
    public static Precision precisionOf(Sequential model) {
        Precision precision = null;
        for (Layer layer : model.layers()) {
            if (layer instanceof QuantizedLinear q) {
                if (precision != null && precision != q.weight().precision()) {
                    throw new IllegalArgumentException("QuantizedModelFile: " + model.describe() + " mixes " + precision
                            + " and " + q.weight().precision() + " weights");
                }
                precision = q.weight().precision();
            }
        }
        if (precision == null) {
            throw new IllegalArgumentException("QuantizedModelFile: " + model.describe() + " has no quantized layer");
        }
        return precision;
    }

    /**
     * Whether a file's metadata marks it as a quantized Lanes model.
     *
     * @param contents what {@link SafeTensors#read} gave
     * @return true if it names a precision under {@value #PRECISION_KEY}
     */
    public static boolean isQuantized(SafeTensors.Contents contents) {
        return contents.metadata().containsKey(PRECISION_KEY);
    }

    /**
     * Rebuilds the quantized model a file {@link #save} wrote, on the default kernels.
     *
     * @param path the file
     * @return the model, in evaluation mode
     * @throws InvalidModelFileException if the file is not a valid quantized Lanes model
     * @throws IOException if it cannot be read
     */
    public static Sequential load(Path path) throws IOException {
        return load(path, Kernels.get());
    }

    /**
     * Rebuilds the quantized model a file {@link #save} wrote.
     *
     * @param path the file
     * @param kernels the kernels the model computes with
     * @return the model, in evaluation mode
     * @throws InvalidModelFileException if the file is not a valid quantized Lanes model
     * @throws IOException if it cannot be read
     */
    public static Sequential load(Path path, Kernels kernels) throws IOException {
        return build(path, SafeTensors.read(path), kernels);
    }

    /** The model {@code contents} (read from {@code path}) describe. */
    static Sequential build(Path path, SafeTensors.Contents contents, Kernels kernels) throws IOException {
        String architecture = contents.metadata().get(ModelFile.ARCHITECTURE_KEY);
        String precisionName = contents.metadata().get(PRECISION_KEY);
        if (architecture == null || precisionName == null) {
            throw new InvalidModelFileException(path, "no " + (architecture == null ? ModelFile.ARCHITECTURE_KEY : PRECISION_KEY)
                    + " in __metadata__: not a quantized Lanes model file");
        }
        String version = contents.metadata().get(ModelFile.VERSION_KEY);
        if (!ModelFile.VERSION.equals(version)) {
            throw new InvalidModelFileException(path, "format version " + version + "; this Lanes reads version " + ModelFile.VERSION);
        }
        Precision precision;
        List<Architecture.LayerSpec> layers;
        try {
            precision = Precision.valueOf(precisionName);
            layers = Architecture.parse(architecture);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(path, PRECISION_KEY + " or " + ModelFile.ARCHITECTURE_KEY + ": " + e.getMessage(), e);
        }
        // Compare what the architecture declares with what the tensors hold before building anything.
        long present = 0;
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            present += e.getKey().endsWith(SCALE_SUFFIX) ? 0 : e.getValue().size();
        }
        for (SafeTensors.NarrowTensor t : contents.narrowTensors().values()) {
            present += t.size();
        }
        long declared = Architecture.parameterCount(layers);
        if (declared != present) {
            throw new InvalidModelFileException(path, "the architecture declares " + declared + " parameters but the file's tensors hold "
                    + present + ": " + architecture);
        }
        return build(path, layers, precision, contents, kernels);
    }

    /**
     * Loads a file of narrow tensors PyTorch wrote — the {@code state_dict()} of the float32 model {@code architecture}
     * describes, after {@code model.to(torch.bfloat16)} or {@code model.half()} — as a quantized model of that
     * precision. Every Linear weight must be BF16 (or every one F16); other tensors may be BF16, F16 or F32 and are
     * widened to float32 exactly. As strict as PyTorch's {@code load_state_dict(strict=True)}.
     *
     * @param path a safetensors file without Lanes metadata
     * @param architecture a float32 model of the file's architecture (its parameters are not read)
     * @return a new quantized model on {@code architecture}'s kernels, in evaluation mode
     * @throws InvalidModelFileException if a tensor is missing, left over, or of the wrong shape or dtype
     * @throws IOException if the file cannot be read
     */
    public static Sequential load(Path path, Sequential architecture) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        List<Architecture.LayerSpec> layers = Architecture.parse(Architecture.describe(architecture));
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Architecture.LinearSpec) {
                SafeTensors.NarrowTensor w = contents.narrowTensors().get(i + ".weight");
                if (w == null || w.dtype().equals("I8")) {
                    throw new InvalidModelFileException(path, "tensor '" + i + ".weight' is "
                            + (w != null ? w.describe() : contents.tensors().containsKey(i + ".weight")
                                    ? contents.tensors().get(i + ".weight").describe() : "missing")
                            + "; a PyTorch-written reduced-precision file holds BF16 or F16 weights");
                }
                return build(path, layers, Precision.ofSafetensorsDtype(w.dtype()), contents, architecture.kernels());
            }
        }
        throw new InvalidModelFileException(path, architecture.describe() + " has no Linear layer to load a weight into");
    }

    private static Sequential build(Path path, List<Architecture.LayerSpec> layers, Precision precision,
                                    SafeTensors.Contents contents, Kernels kernels) throws IOException {
        Map<String, Tensor> floats = new LinkedHashMap<>(contents.tensors());
        Map<String, SafeTensors.NarrowTensor> narrow = new LinkedHashMap<>(contents.narrowTensors());
        NarrowWeight[] weights = new NarrowWeight[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Architecture.LinearSpec spec)) {
                continue;
            }
            String name = i + ".weight";
            SafeTensors.NarrowTensor w = narrow.remove(name);
            int[] shape = {spec.out(), spec.in()};
            if (w == null || !w.dtype().equals(precision.safetensorsDtype()) || !Arrays.equals(w.shape(), shape)) {
                throw new InvalidModelFileException(path, "tensor '" + name + "' is "
                        + (w != null ? w.describe() : floats.containsKey(name) ? floats.get(name).describe() : "missing")
                        + ", the model needs " + precision.safetensorsDtype() + Arrays.toString(shape));
            }
            if (precision == Precision.INT8) {
                Tensor scales = floats.remove(i + SCALE_SUFFIX);
                if (scales == null || scales.dtype() != DType.F32 || !Arrays.equals(scales.shape(), new int[] {spec.out()})) {
                    throw new InvalidModelFileException(path, "tensor '" + i + SCALE_SUFFIX + "' is "
                            + (scales == null ? "missing" : scales.describe()) + ", the int8 weight needs F32[" + spec.out() + "]");
                }
                try {
                    weights[i] = NarrowWeight.ofInt8(spec.out(), spec.in(), w.bytes(), scales.floats());
                } catch (IllegalArgumentException e) {
                    throw new InvalidModelFileException(path, "tensor '" + i + SCALE_SUFFIX + "': " + e.getMessage(), e);
                }
            } else {
                weights[i] = NarrowWeight.ofHalves(precision, spec.out(), spec.in(), w.halves());
            }
        }
        // What is left narrow is float data PyTorch stored narrow (biases, normalisation): widened exactly.
        for (Map.Entry<String, SafeTensors.NarrowTensor> e : narrow.entrySet()) {
            SafeTensors.NarrowTensor t = e.getValue();
            if (t.dtype().equals("I8")) {
                throw new InvalidModelFileException(path, "tensor '" + e.getKey() + "' is " + t.describe()
                        + "; only a Linear weight may be I8");
            }
            if (floats.containsKey(e.getKey())) {
                throw new InvalidModelFileException(path, "tensor '" + e.getKey() + "' is given twice");
            }
            floats.put(e.getKey(), widen(t));
        }
        Sequential model = Architecture.build(layers, DType.F32, (index, in, out, bias) -> new QuantizedLinear(weights[index], bias));
        ModelFile.setParameters(path, floats, model, true);
        model.setKernels(kernels);
        model.eval();
        return model;
    }

    private static Tensor widen(SafeTensors.NarrowTensor t) {
        short[] bits = t.halves();
        float[] values = new float[bits.length];
        boolean bfloat16 = t.dtype().equals("BF16");
        for (int i = 0; i < bits.length; i++) {
            values[i] = bfloat16 ? Float.intBitsToFloat(bits[i] << 16) : Float.float16ToFloat(bits[i]);
        }
        return Tensor.of(values, t.shape());
    }
}
