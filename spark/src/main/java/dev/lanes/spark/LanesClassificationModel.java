package dev.lanes.spark;

import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Lanes classifier. {@code transform} appends the raw scores (logits), the softmax probabilities and the
 * predicted class index, predicting {@code blockSize} rows per forward pass on the executors; the model is
 * broadcast once per model and built once per executor JVM. Saved, a model is a directory: Spark's params
 * metadata and {@code data/model.safetensors}, the same file {@code lanes-nn}'s {@code ModelFile.load} and
 * PyTorch open.
 */
public final class LanesClassificationModel extends LanesModel<LanesClassificationModel> implements LanesClassifierParams {

    private static final long serialVersionUID = 1L;

    LanesClassificationModel(String uid, byte[] modelFile) {
        super(uid, modelFile);
    }

    @Override
    LanesClassificationModel newModel(String uid, byte[] modelFile) {
        return new LanesClassificationModel(uid, modelFile);
    }

    @Override
    boolean classifier() {
        return true;
    }

    /**
     * The number of classes.
     *
     * @return the last of {@code layers}
     */
    public int numClasses() {
        int[] sizes = getLayers();
        return sizes[sizes.length - 1];
    }

    /**
     * Sets the probability column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassificationModel setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    /**
     * Sets the raw prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassificationModel setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.classifier(this, schema, false);
    }

    /**
     * A reader of saved models (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesClassificationModel> read() {
        return reader(LanesClassificationModel.class, LanesClassificationModel::new);
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model with its params
     */
    public static LanesClassificationModel load(String path) {
        return read().load(path);
    }
}
