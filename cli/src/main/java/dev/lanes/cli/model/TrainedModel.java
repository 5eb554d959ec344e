package dev.lanes.cli.model;

import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.io.QuantizedModelFile;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.quant.QuantizedLinear;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.onnx.OnnxImport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained network with what the command line needs to use it: the data set it was trained on (for its class
 * names) and the pixel preprocessing. Saved as nn's model file (safetensors, PyTorch's parameter names, the
 * architecture in the metadata) with two more metadata entries, so the file alone is enough to evaluate and
 * predict, and PyTorch still loads it; or as ONNX, with the same entries in its metadata_props.
 */
public record TrainedModel(Sequential net, List<Integer> sizes, DataSetSpec dataSet, Pixels pixels) {

    static final String DATASET = "lanes.cli.dataset";
    static final String PIXEL_MEAN = "lanes.cli.pixel_mean";
    static final String PIXEL_STD = "lanes.cli.pixel_std";

    /** Layer sizes as text, e.g. {@code 784-256-128-10}. */
    public String network() {
        return String.join("-", sizes.stream().map(String::valueOf).toList());
    }

    public int inputs() {
        return sizes.getFirst();
    }

    public int classes() {
        return sizes.getLast();
    }

    /** Whether the network's Linear layers hold quantized weights ('lanes quantize'). */
    public boolean isQuantized() {
        return net.layers().stream().anyMatch(layer -> layer instanceof QuantizedLinear);
    }

    /** The same model with another network (a quantized one), keeping the data set and pixel scaling. */
    public TrainedModel withNet(Sequential other) {
        return new TrainedModel(other, sizes, dataSet, pixels);
    }

    public void save(Path file) throws IOException {
        if (isQuantized()) {
            QuantizedModelFile.save(net, file, usage());
            return;
        }
        Map<String, String> metadata = new LinkedHashMap<>(ModelFile.metadata(net));
        metadata.putAll(usage());
        SafeTensors.write(file, ModelFile.tensors(net), metadata);
    }

    /**
     * The model as an ONNX file: the network's graph, with the data set and pixel scaling in its metadata_props
     * under the keys the safetensors file uses, so that {@link #load} reads either file the same way.
     */
    public void saveOnnx(Path file) throws IOException {
        OnnxExport.save(net, file, usage());
    }

    /** What the command line needs besides the network: the data set (class names) and the pixel scaling. */
    private Map<String, String> usage() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(DATASET, dataSet.name());
        metadata.put(PIXEL_MEAN, Float.toString(pixels.mean()));
        metadata.put(PIXEL_STD, Float.toString(pixels.std()));
        return metadata;
    }

    /**
     * A model file: ONNX if its name ends in .onnx (a file from 'lanes export', or from another exporter, read as
     * Fashion-MNIST with pixels scaled to [0, 1] unless its metadata says otherwise), else Lanes' safetensors.
     */
    public static TrainedModel load(Path file, Kernels kernels) throws IOException {
        if (isOnnx(file)) {
            OnnxImport.Loaded loaded = OnnxImport.read(file, kernels);
            return of(file, loaded.model(), loaded.metadata());
        }
        SafeTensors.Contents contents = SafeTensors.read(file);
        Sequential net = QuantizedModelFile.isQuantized(contents) ? QuantizedModelFile.load(file, kernels) : ModelFile.load(file, kernels);
        return of(file, net, contents.metadata());
    }

    /** Whether {@link #load} reads {@code file} as ONNX. */
    public static boolean isOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    private static TrainedModel of(Path file, Sequential net, Map<String, String> metadata) throws IOException {
        DataSetSpec dataSet;
        Pixels pixels;
        try {
            dataSet = DataSetSpec.byName(metadata.getOrDefault(DATASET, DataSetSpec.FASHION_MNIST.name()));
            pixels = new Pixels(Float.parseFloat(metadata.getOrDefault(PIXEL_MEAN, "0")),
                    Float.parseFloat(metadata.getOrDefault(PIXEL_STD, "1")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad " + DATASET + " or pixel metadata: " + e.getMessage());
        }
        List<Integer> sizes = sizesOf(file, net);
        return new TrainedModel(net, sizes, dataSet, pixels);
    }

    /** The layer widths of a Linear/ReLU stack (float or quantized Linear layers). */
    private static List<Integer> sizesOf(Path file, Sequential net) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        for (Layer layer : net.layers()) {
            int in, out;
            if (layer instanceof Linear l) {
                in = l.inFeatures();
                out = l.outFeatures();
            } else if (layer instanceof QuantizedLinear q) {
                in = q.inFeatures();
                out = q.outFeatures();
            } else {
                continue;
            }
            if (sizes.isEmpty()) {
                sizes.add(in);
            }
            sizes.add(out);
        }
        if (sizes.size() < 2) {
            throw new IOException(file + ": the model has no Linear layer");
        }
        return List.copyOf(sizes);
    }
}
