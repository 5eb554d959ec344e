package dev.lanes.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains a Lanes fully-connected classifier (ReLU or another activation after each hidden
 * layer, softmax cross-entropy) with synchronous data-parallel SGD or Adam in barrier execution mode
 * (the same training {@link LanesRegressor} runs).
 *
 * <p>The rows are numbered in the data set's order and dealt to {@code numShards} logical shards (row i to shard
 * i mod numShards); {@code numTasks} barrier tasks hold the shards, one model replica each. Each global batch of
 * {@code batchSize} rows (a seeded permutation per epoch) is split by shard; every task computes its shards'
 * gradients with the Lanes kernels, the tasks add them in shard order over sockets between themselves (not
 * through the driver), and every replica takes the same step. The model's bits depend on the data, the seed,
 * the settings and {@code numShards}, not on {@code numTasks} or the number of executors.
 *
 * <pre>{@code
 * LanesClassifier lanes = new LanesClassifier().setLayers(new int[] {784, 256, 10}).setMaxIter(10);
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lanes});
 * PipelineModel model = pipeline.fit(train);
 * }</pre>
 */
public final class LanesClassifier extends LanesEstimator<LanesClassifier, LanesClassificationModel>
        implements LanesClassifierParams {

    private static final long serialVersionUID = 1L;

    /** A classifier with a new uid and the default params ({@code layers} must still be set). */
    public LanesClassifier() {
        this(Identifiable.randomUID("lanesClassifier"));
    }

    /**
     * A classifier with this uid (what Spark's readers and {@code copy} use).
     *
     * @param uid the uid
     */
    public LanesClassifier(String uid) {
        super(uid);
    }

    /**
     * Sets the probability column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    /**
     * Sets the raw prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.classifier(this, schema, true);
    }

    @Override
    String trainingLoss() {
        return TrainingPlan.CLASSIFICATION_LOSS;
    }

    @Override
    LanesClassificationModel newModel(String uid, byte[] modelFile) {
        return new LanesClassificationModel(uid, modelFile);
    }

    /**
     * A reader of saved classifiers (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a classifier saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the classifier with its params
     */
    public static LanesClassifier load(String path) {
        return read().load(path);
    }
}
