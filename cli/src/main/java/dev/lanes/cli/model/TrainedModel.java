package dev.lanes.cli.model;

import dev.lanes.cli.data.DataSetSpec;
import dev.lanes.cli.data.Pixels;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained network with what is needed to use it: the layer sizes, the data set it was trained on (for its
 * class names) and the pixel preprocessing. Saved as a safetensors file whose tensors are named as PyTorch's
 * {@code nn.Sequential} names them ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, …) and whose metadata
 * holds the rest, so {@code model.load_state_dict(load_file(path))} works in PyTorch.
 */
public record TrainedModel(Sequential net, List<Integer> sizes, DataSetSpec dataSet, Pixels pixels) {

    static final String NETWORK = "lanes.network";
    static final String DATASET = "lanes.dataset";
    static final String PIXEL_MEAN = "lanes.pixel_mean";
    static final String PIXEL_STD = "lanes.pixel_std";

    /** Layer sizes as text, e.g. {@code 784-256-128-10}. */
    public String network() {
        return String.join("-", sizes.stream().map(String::valueOf).toList());
    }

    public static List<Integer> sizes(int inputs, List<Integer> hidden, int classes) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        sizes.addAll(hidden);
        sizes.add(classes);
        return List.copyOf(sizes);
    }

    /** The metadata entries that describe this model. */
    Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(NETWORK, network());
        metadata.put(DATASET, dataSet.name());
        metadata.put(PIXEL_MEAN, Float.toString(pixels.mean()));
        metadata.put(PIXEL_STD, Float.toString(pixels.std()));
        return metadata;
    }

    public void save(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> tensors.put(name, p.value()));
        Safetensors.write(file, tensors, metadata());
    }

    public static TrainedModel load(Path file, Kernels kernels) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        return fromContents(file, contents.tensors(), contents.metadata(), "", kernels);
    }

    /** Rebuilds a model from tensors named {@code prefix + "0.weight"} etc. and the metadata {@link #metadata()} wrote. */
    static TrainedModel fromContents(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, String prefix,
                                     Kernels kernels) throws IOException {
        String network = metadata.get(NETWORK);
        String dataSetName = metadata.get(DATASET);
        if (network == null || dataSetName == null) {
            throw new IOException(file + ": not a Lanes model (no " + NETWORK + " / " + DATASET + " metadata)");
        }
        List<Integer> sizes = new ArrayList<>();
        try {
            for (String s : network.split("-")) {
                sizes.add(Integer.parseInt(s));
            }
            if (sizes.size() < 2) {
                throw new NumberFormatException("fewer than two layer sizes");
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad " + NETWORK + " '" + network + "'");
        }
        DataSetSpec dataSet;
        Pixels pixels;
        try {
            dataSet = DataSetSpec.byName(dataSetName);
            pixels = new Pixels(Float.parseFloat(metadata.getOrDefault(PIXEL_MEAN, "0")),
                    Float.parseFloat(metadata.getOrDefault(PIXEL_STD, "1")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        Sequential net = Nets.mlp(sizes.getFirst(), sizes.subList(1, sizes.size() - 1), sizes.getLast(),
                Initializers.pytorchDefault(), 0, DType.F32, kernels);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            Tensor saved = tensors.get(prefix + e.getKey());
            Tensor live = e.getValue().value();
            if (saved == null) {
                problems.add("missing " + prefix + e.getKey());
            } else if (!java.util.Arrays.equals(saved.shape(), live.shape()) || saved.dtype() != live.dtype()) {
                problems.add(prefix + e.getKey() + " is " + saved.describe() + ", expected " + live.describe());
            } else {
                live.copyFrom(saved);
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(file + ": does not fit a " + network + " network: " + String.join("; ", problems));
        }
        return new TrainedModel(net, List.copyOf(sizes), dataSet, pixels);
    }
}
