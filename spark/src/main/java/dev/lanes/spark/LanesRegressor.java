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
 * A Spark ML estimator that trains a Lanes fully-connected regressor of one target (layers {@code [features,
 * hidden…, 1]}, a regression {@code loss}: MSE by default) with the same synchronous data-parallel training as
 * {@link LanesClassifier}: the same shards, global batches and fixed summation order, so
 * the model's bits depend on the data, the seed, the settings and {@code numShards}, not on the number of tasks or
 * executors.
 *
 * <pre>{@code
 * LanesRegressor lanes = new LanesRegressor().setLayers(new int[] {8, 64, 1}).setLoss("huber").setMaxIter(20);
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lanes});
 * PipelineModel model = pipeline.fit(train);
 * }</pre>
 */
public final class LanesRegressor extends Estimator<LanesRegressionModel> implements LanesRegressorParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** This estimator's uid, which its params are bound to. */
    private final String uid;

    /** A regressor with a new uid and the default params ({@code layers} must still be set). */
    public LanesRegressor() {
        this(Identifiable.randomUID("lanesRegressor"));
    }

    /**
     * A regressor with this uid (what Spark's readers and {@code copy} use).
     *
     * @param uid the uid
     */
    public LanesRegressor(String uid) {
        this.uid = uid;
        setLanesDefaults();
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * Sets the layer sizes, [features, hidden…, 1].
     *
     * @param value the sizes
     * @return this
     */
    public LanesRegressor setLayers(int[] value) {
        set(layers(), value);
        return this;
    }

    /**
     * Sets the activation after every hidden layer.
     *
     * @param value one of relu, tanh, sigmoid, gelu, silu, elu, leaky_relu, softplus
     * @return this
     */
    public LanesRegressor setActivation(String value) {
        set(activation(), value);
        return this;
    }

    /**
     * Sets the regression loss.
     *
     * @param value one of mse, l1, huber, smooth_l1
     * @return this
     */
    public LanesRegressor setLoss(String value) {
        set(loss(), value);
        return this;
    }

    /**
     * Sets the number of epochs.
     *
     * @param value epochs, ≥ 1
     * @return this
     */
    public LanesRegressor setMaxIter(int value) {
        set(maxIter(), value);
        return this;
    }

    /**
     * Sets the rows per forward pass of the fitted model's {@code transform}.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesRegressor setBlockSize(int value) {
        set(blockSize(), value);
        return this;
    }

    /**
     * Sets the learning rate.
     *
     * @param value the rate, &gt; 0
     * @return this
     */
    public LanesRegressor setStepSize(double value) {
        set(stepSize(), value);
        return this;
    }

    /**
     * Sets the seed.
     *
     * @param value the seed
     * @return this
     */
    public LanesRegressor setSeed(long value) {
        set(seed(), value);
        return this;
    }

    /**
     * Sets the optimiser.
     *
     * @param value {@code "adam"} or {@code "sgd"}
     * @return this
     */
    public LanesRegressor setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    /**
     * Sets SGD's momentum.
     *
     * @param value in [0, 1)
     * @return this
     */
    public LanesRegressor setMomentum(double value) {
        set(momentum(), value);
        return this;
    }

    /**
     * Sets the weight decay.
     *
     * @param value ≥ 0
     * @return this
     */
    public LanesRegressor setWeightDecay(double value) {
        set(weightDecay(), value);
        return this;
    }

    /**
     * Sets the rows per global batch.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesRegressor setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    /**
     * Sets the number of logical shards.
     *
     * @param value shards, ≥ 1
     * @return this
     */
    public LanesRegressor setNumShards(int value) {
        set(numShards(), value);
        return this;
    }

    /**
     * Sets the number of barrier tasks.
     *
     * @param value tasks, ≤ numShards, or 0 for one per free slot
     * @return this
     */
    public LanesRegressor setNumTasks(int value) {
        set(numTasks(), value);
        return this;
    }

    /**
     * Sets the checkpoint directory.
     *
     * @param value a Hadoop file system path or URI, or empty for none
     * @return this
     */
    public LanesRegressor setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return this;
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public LanesRegressor setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /**
     * Sets the label column.
     *
     * @param value the column name
     * @return this
     */
    public LanesRegressor setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesRegressor setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }



    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.regressor(this, schema, true);
    }

    @Override
    public LanesRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * Trains on {@code dataset}: one barrier stage of {@code numTasks} tasks that run every epoch.
     * A problem found on the executors (a features vector of the wrong length, a label that is not finite, an executor
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
    public LanesRegressionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        if (isDefined(layers()) && getLayers()[getLayers().length - 1] != 1) {
            throw new IllegalArgumentException("LanesRegressor: layers " + java.util.Arrays.toString(getLayers())
                    + " end in " + getLayers()[getLayers().length - 1] + " outputs, but a regressor predicts one value: end layers in 1");
        }
        byte[] trained = BarrierTraining.fit(dataset, this, getLoss(), "LanesRegressor");
        LanesRegressionModel model = new LanesRegressionModel(uid, trained);
        copyValues(model, extractParamMap());
        model.setParent(this);
        return model;
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /**
     * A reader of saved regressors (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a regressor saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the regressor with its params
     */
    public static LanesRegressor load(String path) {
        return read().load(path);
    }
}
