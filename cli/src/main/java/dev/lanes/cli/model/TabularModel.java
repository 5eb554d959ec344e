package dev.lanes.cli.model;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.tabular.TabularPreprocessor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network trained on a table, with the preprocessing that turns the table's cells into its inputs: saved as
 * nn's model file with the preprocessing in the metadata ({@link TabularPreprocessor#METADATA_KEY}), so
 * prediction and evaluation apply the transform the network was trained with.
 *
 * @param net the network
 * @param preprocessor the preprocessing fitted on the training rows
 */
public record TabularModel(Sequential net, TabularPreprocessor preprocessor) {

    /**
     * Whether a model file was trained on a table.
     *
     * @param file a model file
     * @return true if its metadata holds a table's preprocessing
     * @throws IOException if the file cannot be read or is not a model file
     */
    public static boolean isTabular(Path file) throws IOException {
        return SafeTensors.read(file).metadata().containsKey(TabularPreprocessor.METADATA_KEY);
    }

    /**
     * Writes the model file, atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>(ModelFile.metadata(net));
        metadata.putAll(preprocessor.toMetadata());
        SafeTensors.write(file, ModelFile.tensors(net), metadata);
    }

    /**
     * Reads a model file written by {@link #save}.
     *
     * @param file the file
     * @param kernels the kernels the network computes with
     * @return the network, in evaluation mode, and its preprocessing
     * @throws IOException if the file cannot be read, is not a model file, or holds no table preprocessing that fits
     */
    public static TabularModel load(Path file, Kernels kernels) throws IOException {
        Sequential net = ModelFile.load(file, kernels);
        TabularPreprocessor preprocessor = TabularPreprocessor.fromMetadata(file.toString(), SafeTensors.read(file).metadata());
        int outputs;
        try {
            outputs = net.outputFeatures(preprocessor.width());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the network does not take the " + preprocessor.width()
                    + " inputs its preprocessing makes: " + e.getMessage(), e);
        }
        int expected = preprocessor.task() == TabularPreprocessor.Task.CLASSIFICATION ? preprocessor.classNames().size() : 1;
        if (outputs != expected) {
            throw new IOException(file + ": the network has " + outputs + " outputs, but its preprocessing expects " + expected);
        }
        net.eval();
        return new TabularModel(net, preprocessor);
    }
}
