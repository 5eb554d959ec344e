package dev.lanes.nn.io;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model as a safetensors file: the parameters and buffers (batch normalisation's running statistics) under the
 * names PyTorch's {@code nn.Sequential} gives them ({@code "0.weight"}, {@code "0.bias"}, {@code "1.running_mean"},
 * …, weights out×in), so the file loads into the equivalent PyTorch model with {@code load_state_dict(strict=True)};
 * and the architecture in {@code __metadata__} ({@value #ARCHITECTURE_KEY}), so the file alone rebuilds the model.
 */
public final class ModelFile {

    /** Metadata key of the architecture JSON (see {@link Architecture}). */
    public static final String ARCHITECTURE_KEY = "lanes.architecture";
    /** Metadata key of the file format version. */
    public static final String VERSION_KEY = "lanes.format_version";
    static final String VERSION = "1";

    private ModelFile() {
    }

    /**
     * Saves the model's parameters and architecture to {@code path}, atomically.
     *
     * @param model a model of Linear, ReLU and Sigmoid layers
     * @param path the file, replaced atomically
     * @throws java.io.IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path) throws IOException {
        SafeTensors.write(path, tensors(model), metadata(model));
    }

    /**
     * The tensors saved for a model, by name: its parameters, then its buffers (live tensors, not copies), as
     * PyTorch's {@code state_dict()} holds them.
     *
     * @param model the model
     * @return a new map from path ({@code "0.weight"}, {@code "1.running_mean"}) to value, parameters first, each in the model's order
     */
    public static Map<String, Tensor> tensors(Layer model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            tensors.put(e.getKey(), e.getValue().value());
        }
        tensors.putAll(model.namedBuffers());
        return tensors;
    }

    /**
     * The metadata saved with a model: format version and architecture (plus "format": "pt" as PyTorch's files say).
     *
     * @param model a model of Linear, ReLU and Sigmoid layers
     * @return a new map of the entries, in a fixed order
     */
    public static Map<String, String> metadata(Sequential model) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(VERSION_KEY, VERSION);
        metadata.put(ARCHITECTURE_KEY, Architecture.describe(model));
        return metadata;
    }

    /**
     * Rebuilds the model a file describes, on the default kernels.
     *
     * @param path a file {@link #save} wrote (or a checkpoint)
     * @return a new model with the saved parameters
     * @throws InvalidModelFileException if the file is not a valid Lanes model file or its tensors do not fit its architecture
     * @throws java.io.IOException if it cannot be read
     */
    public static Sequential load(Path path) throws IOException {
        return load(path, Kernels.get());
    }

    /**
     * Rebuilds the model a file describes, on these kernels, in the dtype its tensors have.
     *
     * @param path a file {@link #save} wrote (or a checkpoint)
     * @param kernels the kernels the model computes with
     * @return a new model with the saved parameters
     * @throws InvalidModelFileException if the file is not a valid Lanes model file, its tensors do not fit its
     *         architecture, or one holds NaN or an infinity (the message names the tensor)
     * @throws java.io.IOException if it cannot be read
     */
    public static Sequential load(Path path, Kernels kernels) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        return build(path, contents, kernels);
    }

    /** The model {@code contents} (read from {@code path}) describe, with its parameters set. */
    static Sequential build(Path path, SafeTensors.Contents contents, Kernels kernels) throws IOException {
        requireFloatTensors(path, contents);
        String architecture = contents.metadata().get(ARCHITECTURE_KEY);
        if (architecture == null) {
            throw new InvalidModelFileException(path, "no " + ARCHITECTURE_KEY + " in __metadata__: not a Lanes model file "
                    + "(load its tensors into a model you build with loadInto)");
        }
        String version = contents.metadata().get(VERSION_KEY);
        if (!VERSION.equals(version)) {
            throw new InvalidModelFileException(path, "format version " + version + "; this Lanes reads version " + VERSION);
        }
        DType dtype = contents.tensors().isEmpty() ? DType.F32 : contents.tensors().values().iterator().next().dtype();
        Map<String, Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        if (contents.metadata().containsKey(Checkpoint.EPOCH_KEY)) {
            tensors.keySet().removeIf(name -> name.startsWith(Checkpoint.OPTIMIZER_PREFIX)); // a checkpoint's optimiser state
        }
        List<Architecture.LayerSpec> layers;
        try {
            layers = Architecture.parse(architecture);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(path, e.getMessage(), e);
        }
        // The architecture is only text: compare what it declares with the tensors actually present before
        // building a layer, so that memory is allocated for what the file holds, not for what it claims.
        long declared = Architecture.parameterCount(layers);
        long present = 0;
        for (Tensor t : tensors.values()) {
            present += t.size();
        }
        if (declared != present) {
            throw new InvalidModelFileException(path, "the architecture declares " + declared + " parameters but the file's tensors hold "
                    + present + ": " + architecture);
        }
        Sequential model = Architecture.build(layers, dtype);
        setParameters(path, tensors, model, true);
        model.setKernels(kernels);
        return model;
    }

    /**
     * Loads a file's tensors into an existing model, as PyTorch's {@code load_state_dict(strict=True)}: every
     * parameter and buffer must be in the file with its shape and dtype, and the file must hold nothing else.
     *
     * @param path a safetensors file, from Lanes or PyTorch
     * @param model the model whose parameters are overwritten
     * @throws InvalidModelFileException if a parameter or buffer is missing, of another shape or dtype, or holds NaN or an infinity, or the file holds another tensor; the model is then unchanged
     * @throws java.io.IOException if the file cannot be read
     */
    public static void loadInto(Path path, Layer model) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        requireFloatTensors(path, contents);
        setParameters(path, contents.tensors(), model, true);
    }

    /** A float model's file holds no narrow tensors: those are a quantized model's, which another class loads. */
    private static void requireFloatTensors(Path path, SafeTensors.Contents contents) throws IOException {
        if (!contents.narrowTensors().isEmpty()) {
            Map.Entry<String, SafeTensors.NarrowTensor> first = contents.narrowTensors().entrySet().iterator().next();
            throw new InvalidModelFileException(path, "tensor '" + first.getKey() + "' is " + first.getValue().describe()
                    + ": a reduced-precision model; load it with QuantizedModelFile.load");
        }
    }

    /**
     * Copies {@code tensors} into the model's parameters and buffers after checking all of them (nothing is
     * changed if one does not fit). With {@code strict}, tensors the model has no place for are an error too.
     */
    static void setParameters(Path path, Map<String, Tensor> tensors, Layer model, boolean strict) throws IOException {
        checkParameters(path, tensors, model, strict);
        copyParameters(tensors, model);
    }

    /** Throws if {@code tensors} do not fit the model's parameters and buffers (see {@link #setParameters}). */
    static void checkParameters(Path path, Map<String, Tensor> tensors, Layer model, boolean strict) throws IOException {
        Map<String, Tensor> parameters = tensors(model);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor saved = tensors.get(e.getKey());
            Tensor live = e.getValue();
            if (saved == null) {
                problems.add("missing tensor '" + e.getKey() + "'");
            } else if (saved.dtype() != live.dtype() || !Arrays.equals(saved.shape(), live.shape())) {
                problems.add("tensor '" + e.getKey() + "' is " + saved.describe() + ", the model needs " + live.describe());
            } else {
                int bad = firstNonFinite(saved);
                if (bad >= 0) {
                    problems.add("tensor '" + e.getKey() + "' holds " + saved.getFlat(bad) + " at element " + bad
                            + " (a model's parameters and buffers must be finite numbers)");
                }
            }
        }
        if (strict) {
            TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
            unexpected.removeAll(parameters.keySet());
            for (String name : unexpected) {
                problems.add("unexpected tensor '" + name + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelFileException(path, "does not fit " + model.describe() + ": " + String.join("; ", problems));
        }
    }

    /**
     * The first element that is NaN or infinite, or −1. A model with such a parameter computes NaN for every
     * input (or for some), which a prediction would show as a class picked at random; it is refused instead.
     */
    static int firstNonFinite(Tensor tensor) {
        int n = tensor.size();
        if (tensor.dtype() == DType.F32) {
            float[] values = tensor.floats();
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(values[i])) {
                    return i;
                }
            }
        } else {
            double[] values = tensor.doubles();
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(values[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Copies checked tensors into the model's parameters and buffers. */
    static void copyParameters(Map<String, Tensor> tensors, Layer model) {
        for (Map.Entry<String, Tensor> e : tensors(model).entrySet()) {
            e.getValue().copyFrom(tensors.get(e.getKey()));
        }
    }
}
