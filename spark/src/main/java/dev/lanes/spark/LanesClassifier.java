package dev.lanes.spark;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
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
public final class LanesClassifier extends Estimator<LanesClassificationModel> implements LanesClassifierParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** This estimator's uid, which its params are bound to. */
    private final String uid;

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
        this.uid = uid;
        setLanesDefaults();
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * Sets the layer sizes, [features, hidden…, classes].
     *
     * @param value the sizes
     * @return this
     */
    public LanesClassifier setLayers(int[] value) {
        set(layers(), value);
        return this;
    }

    /**
     * Sets the activation after every hidden layer.
     *
     * @param value one of relu, tanh, sigmoid, gelu, silu, elu, leaky_relu, softplus
     * @return this
     */
    public LanesClassifier setActivation(String value) {
        set(activation(), value);
        return this;
    }

    /**
     * Sets the number of epochs.
     *
     * @param value epochs, ≥ 1
     * @return this
     */
    public LanesClassifier setMaxIter(int value) {
        set(maxIter(), value);
        return this;
    }

    /**
     * Sets the rows per forward pass of the fitted model's {@code transform}.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesClassifier setBlockSize(int value) {
        set(blockSize(), value);
        return this;
    }

    /**
     * Sets the learning rate.
     *
     * @param value the rate, &gt; 0
     * @return this
     */
    public LanesClassifier setStepSize(double value) {
        set(stepSize(), value);
        return this;
    }

    /**
     * Sets the seed.
     *
     * @param value the seed
     * @return this
     */
    public LanesClassifier setSeed(long value) {
        set(seed(), value);
        return this;
    }

    /**
     * Sets the optimiser.
     *
     * @param value {@code "adam"} or {@code "sgd"}
     * @return this
     */
    public LanesClassifier setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    /**
     * Sets SGD's momentum.
     *
     * @param value in [0, 1)
     * @return this
     */
    public LanesClassifier setMomentum(double value) {
        set(momentum(), value);
        return this;
    }

    /**
     * Sets the weight decay.
     *
     * @param value ≥ 0
     * @return this
     */
    public LanesClassifier setWeightDecay(double value) {
        set(weightDecay(), value);
        return this;
    }

    /**
     * Sets the rows per global batch.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesClassifier setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    /**
     * Sets the number of logical shards.
     *
     * @param value shards, ≥ 1
     * @return this
     */
    public LanesClassifier setNumShards(int value) {
        set(numShards(), value);
        return this;
    }

    /**
     * Sets the number of barrier tasks.
     *
     * @param value tasks, ≤ numShards, or 0 for one per free slot
     * @return this
     */
    public LanesClassifier setNumTasks(int value) {
        set(numTasks(), value);
        return this;
    }

    /**
     * Sets the checkpoint directory.
     *
     * @param value a Hadoop file system path or URI, or empty for none
     * @return this
     */
    public LanesClassifier setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return this;
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /**
     * Sets the label column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
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
    public LanesClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * Trains on {@code dataset}: one barrier stage of {@code numTasks} tasks that run every epoch.
     * A problem found on the executors (a features vector of the wrong length, a label out of range, an executor
     * without the Vector API module) fails the Spark job; the exception's cause names the column, the row and
     * what to do.
     *
     * @param dataset rows with the features and label columns
     * @return the trained model, with this estimator's params
     * @throws IllegalArgumentException if a column is missing or of the wrong type, {@code layers} is not set, the
     *         data set is empty, or {@code numTasks} exceeds {@code numShards}
     * @throws IllegalStateException if the cluster has fewer free slots than barrier tasks (the message says how
     *         many are needed and how to get them)
     */
    @Override
    public LanesClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        byte[] trained = BarrierTraining.fit(dataset, this, TrainingPlan.CLASSIFICATION_LOSS, "LanesClassifier");
        LanesClassificationModel model = new LanesClassificationModel(uid, trained);
        copyValues(model, extractParamMap());
        model.setParent(this);
        return model;
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
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
