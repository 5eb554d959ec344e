package dev.lanes.spark;

import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Lanes regressor. {@code transform} appends the predicted value, predicting {@code blockSize} rows per
 * forward pass on the executors; the model is broadcast once per model and built once per executor JVM, as a
 * {@link LanesClassificationModel}'s. Saved, a model is a directory: Spark's params metadata and
 * {@code data/model.safetensors}, the same file {@code lanes-nn}'s {@code ModelFile.load} and PyTorch open.
 */
public final class LanesRegressionModel extends LanesModel<LanesRegressionModel> implements LanesRegressorParams {

    private static final long serialVersionUID = 1L;

    LanesRegressionModel(String uid, byte[] modelFile) {
        super(uid, modelFile);
    }

    @Override
    LanesRegressionModel newModel(String uid, byte[] modelFile) {
        return new LanesRegressionModel(uid, modelFile);
    }

    @Override
    boolean classifier() {
        return false;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.regressor(this, schema, false);
    }

    /**
     * A reader of saved models (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesRegressionModel> read() {
        return reader(LanesRegressionModel.class, LanesRegressionModel::new);
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model with its params
     */
    public static LanesRegressionModel load(String path) {
        return read().load(path);
    }
}
