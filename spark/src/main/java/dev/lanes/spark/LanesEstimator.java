package dev.lanes.spark;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * What {@link LanesClassifier} and {@link LanesRegressor} share, owned here once: the setters of the params in
 * {@link LanesParams}, the fit (one barrier stage, {@link BarrierTraining}), copying and saving. The subclasses add
 * their loss, their columns and their model.
 *
 * @param <E> the estimator itself, which every setter returns
 * @param <M> the model it fits
 */
public abstract class LanesEstimator<E extends LanesEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements LanesParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** This estimator's uid, which its params are bound to. */
    private final String uid;

    LanesEstimator(String uid) {
        this.uid = uid;
        setLanesDefaults();
    }

    @Override
    public final String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    /** The loss to train with: the classifier's cross-entropy, or the regressor's {@code loss} param. */
    abstract String trainingLoss();

    /** Checks what the schema cannot show before any Spark job starts (a regressor's single output). */
    void checkSettings() {
    }

    /** The model of these trained weights, bound to {@code uid}. */
    abstract M newModel(String uid, byte[] modelFile);

    /**
     * Sets the layer sizes, [features, hidden…, outputs] (outputs: the classes of a classifier, 1 for a regressor).
     *
     * @param value the sizes
     * @return this
     */
    public final E setLayers(int[] value) {
        set(layers(), value);
        return self();
    }

    /**
     * Sets the activation after every hidden layer.
     *
     * @param value one of relu, tanh, sigmoid, gelu, silu, elu, leaky_relu, softplus
     * @return this
     */
    public final E setActivation(String value) {
        set(activation(), value);
        return self();
    }

    /**
     * Sets the number of epochs.
     *
     * @param value epochs, ≥ 1
     * @return this
     */
    public final E setMaxIter(int value) {
        set(maxIter(), value);
        return self();
    }

    /**
     * Sets the rows per forward pass of the fitted model's {@code transform}.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public final E setBlockSize(int value) {
        set(blockSize(), value);
        return self();
    }

    /**
     * Sets the learning rate.
     *
     * @param value the rate, &gt; 0
     * @return this
     */
    public final E setStepSize(double value) {
        set(stepSize(), value);
        return self();
    }

    /**
     * Sets the seed.
     *
     * @param value the seed
     * @return this
     */
    public final E setSeed(long value) {
        set(seed(), value);
        return self();
    }

    /**
     * Sets the optimiser.
     *
     * @param value {@code "adam"} or {@code "sgd"}
     * @return this
     */
    public final E setOptimizer(String value) {
        set(optimizer(), value);
        return self();
    }

    /**
     * Sets SGD's momentum.
     *
     * @param value in [0, 1)
     * @return this
     */
    public final E setMomentum(double value) {
        set(momentum(), value);
        return self();
    }

    /**
     * Sets the weight decay.
     *
     * @param value ≥ 0
     * @return this
     */
    public final E setWeightDecay(double value) {
        set(weightDecay(), value);
        return self();
    }

    /**
     * Sets the dropout probability after every hidden activation.
     *
     * @param value in [0, 1); 0 adds no dropout layers
     * @return this
     * @throws IllegalArgumentException if value is not in [0, 1)
     */
    public final E setDropout(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout is the probability of zeroing a hidden "
                    + "activation in training and must be in [0, 1), got " + value);
        }
        set(dropout(), value);
        return self();
    }

    /**
     * Sets the learning-rate schedule over epochs.
     *
     * @param value one of constant, step, exponential, cosine
     * @return this
     * @throws IllegalArgumentException if value is not one of them
     */
    public final E setSchedule(String value) {
        if (!TrainingPlan.SCHEDULES.contains(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": schedule must be one of "
                    + String.join(", ", TrainingPlan.SCHEDULES) + ", got " + value);
        }
        set(schedule(), value);
        return self();
    }

    /**
     * Sets the factor of the step and exponential schedules.
     *
     * @param value &gt; 0 and finite
     * @return this
     * @throws IllegalArgumentException if value is not positive and finite
     */
    public final E setScheduleGamma(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": scheduleGamma, the factor of the step and "
                    + "exponential schedules, must be > 0 and finite, got " + value);
        }
        set(scheduleGamma(), value);
        return self();
    }

    /**
     * Sets the epochs each rate of the step schedule lasts.
     *
     * @param value epochs, ≥ 1
     * @return this
     * @throws IllegalArgumentException if value is below 1
     */
    public final E setScheduleStep(int value) {
        if (value < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": scheduleStep, the epochs each rate of the step "
                    + "schedule lasts, must be >= 1, got " + value);
        }
        set(scheduleStep(), value);
        return self();
    }

    /**
     * Sets the rows per global batch.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public final E setBatchSize(int value) {
        set(batchSize(), value);
        return self();
    }

    /**
     * Sets the number of logical shards.
     *
     * @param value shards, ≥ 1
     * @return this
     */
    public final E setNumShards(int value) {
        set(numShards(), value);
        return self();
    }

    /**
     * Sets the number of barrier tasks.
     *
     * @param value tasks, ≤ numShards, or 0 for one per free slot
     * @return this
     */
    public final E setNumTasks(int value) {
        set(numTasks(), value);
        return self();
    }

    /**
     * Sets the checkpoint directory.
     *
     * @param value a Hadoop file system path or URI, or empty for none
     * @return this
     */
    public final E setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return self();
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public final E setFeaturesCol(String value) {
        set(featuresCol(), value);
        return self();
    }

    /**
     * Sets the label column.
     *
     * @param value the column name
     * @return this
     */
    public final E setLabelCol(String value) {
        set(labelCol(), value);
        return self();
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public final E setPredictionCol(String value) {
        set(predictionCol(), value);
        return self();
    }

    /**
     * Trains on {@code dataset}: one barrier stage of {@code numTasks} tasks that run every epoch.
     * A problem found on the executors (a features vector of the wrong length, a label out of range or not finite,
     * an executor without the Vector API module) fails the Spark job; the exception's cause names the column, the
     * row and what to do.
     *
     * @param dataset rows with the features and label columns
     * @return the trained model, with this estimator's params
     * @throws IllegalArgumentException if a column is missing or of the wrong type, {@code layers} is not set or does
     *         not fit the estimator, the data set is empty, or {@code numTasks} exceeds {@code numShards}
     * @throws IllegalStateException if the cluster has fewer free slots than barrier tasks (the message says how
     *         many are needed and how to get them)
     */
    @Override
    public final M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        checkSettings();
        byte[] trained = BarrierTraining.fit(dataset, this, trainingLoss(), getClass().getSimpleName());
        M model = newModel(uid, trained);
        copyValues(model, extractParamMap());
        model.setParent(this);
        return model;
    }

    @Override
    public final E copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public final MLWriter write() {
        return new DefaultParamsWriter(this);
    }
}
